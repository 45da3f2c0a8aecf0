"""What to say: the current step's cards, Ctrl+K search over all cards, and the chosen card large.

Signals:
    card_chosen(object): a Card was picked (click, Enter, or search). The window records it.
    search_left(): the agent pressed Esc in the search field (focus goes back to the notes).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from calmcall.domain import Card
from ui.qtutils import vbox

_CARD = Qt.ItemDataRole.UserRole


class ScriptCards(QWidget):
    card_chosen = Signal(object)
    search_left = Signal()

    def __init__(self, search: Callable[[str], list[Card]],
                 render: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._render = render  # fills placeholders from the call and settings
        self._step_cards: list[Card] = []

        self.search_field = QLineEdit()
        self.search_field.setObjectName("cardSearch")
        self.search_field.setPlaceholderText("Search all cards (Ctrl+K)")
        self.search_field.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("scriptCards")
        self.list.setAccessibleName("Script cards")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        # Wrap to the panel's width instead of scrolling sideways: cards must read at a glance.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.view = QLabel()
        self.view.setObjectName("cardView")
        self.view.setWordWrap(True)
        self.view.setTextFormat(Qt.TextFormat.PlainText)  # card text is data, never markup
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.hide()  # shown once a card is picked; until then the list gets the room
        self.setLayout(vbox(self.search_field, self.list, self.view, spacing=6))
        self.search_field.installEventFilter(self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search_field.textChanged.connect(self._refresh)
        self.search_field.returnPressed.connect(self._choose_current)
        self.list.itemActivated.connect(self._choose_item)
        self.list.itemClicked.connect(self._choose_item)

    def show_step_cards(self, cards: list[Card]) -> None:
        self._step_cards = cards
        if not self.search_field.text():
            self._refresh()

    def refresh_text(self) -> None:
        """Placeholders changed (customer name typed): re-render what is shown."""
        self._refresh()

    def visible_cards(self) -> list[Card]:
        return [self.list.item(i).data(_CARD) for i in range(self.list.count())]

    def start_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def show_card(self, card: Card) -> str:
        text = self._render(card.text)
        self.view.setText(text)
        self.view.show()
        return text

    def _refresh(self) -> None:
        query = self.search_field.text().strip()
        cards = self._search(query) if query else self._step_cards
        self.list.clear()
        for card in cards:
            item = QListWidgetItem(f"{card.title}\n{self._render(card.text)}")
            item.setData(_CARD, card)
            item.setToolTip("Enter or click: show large, copy, and note that it was used")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        elif query:
            self.list.addItem(QListWidgetItem("No card matches. Try one word, like “sorry”."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose_item(item)

    def _choose_item(self, item: QListWidgetItem) -> None:
        card = item.data(_CARD)
        if isinstance(card, Card):
            self.card_chosen.emit(card)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # Arrow keys in the search field move through the results; Esc goes back to the notes.
        if watched is self.search_field and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(0, self.list.currentRow() + step), self.list.count() - 1)
                self.list.setCurrentRow(row)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.search_field.clear()
                self.search_left.emit()
                return True
        return super().eventFilter(watched, event)
