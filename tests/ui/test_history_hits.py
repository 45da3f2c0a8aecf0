"""A search hit's date line stays readable whether or not the hit is selected."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QListView, QStyle, QStyleOptionViewItem

from calmcall.services.search import SearchHit
from ui.history_results import HitModel, HtmlDelegate


def date_line_colour(qtbot, selected: bool) -> tuple[str, QPalette]:
    view = QListView()
    qtbot.addWidget(view)
    model = HitModel()
    model.set_hits([SearchHit(1, datetime(2026, 3, 2, 14, tzinfo=UTC), "Dana", "note",
                              "the <b>refund</b> came", note_id=1, stamp="01:05")])
    view.setModel(model)
    delegate = HtmlDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    doc = delegate._document(option, model.index(0))
    cursor = QTextCursor(doc)
    cursor.setPosition(1)  # inside the date
    return cursor.charFormat().foreground().color().name(), QPalette(option.palette)


def test_the_date_line_takes_the_selected_text_colour_on_the_selection(qtbot):
    colour, palette = date_line_colour(qtbot, selected=True)
    assert colour == palette.color(QPalette.ColorRole.HighlightedText).name()


def test_unselected_the_date_line_is_quieter_than_the_hit(qtbot):
    colour, palette = date_line_colour(qtbot, selected=False)
    assert colour == "#808080" != palette.color(QPalette.ColorRole.Text).name()
