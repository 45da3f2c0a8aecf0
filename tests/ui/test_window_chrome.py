"""The window around the call: preferences, themes, always on top, narrow layout, messages."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QListWidget, QSplitter

from calmcall.settings import Settings
from tests.helpers.gui import FakeAsk, child, make_services, make_window
from ui.preferences import PreferencesDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def test_agent_and_company_from_preferences_fill_the_cards(qtbot, tmp_path):
    services = make_services(tmp_path)
    ask = FakeAsk(preferences_answer={"agent_name": "Sam", "company": "Northwind",
                                      "default_playbook": "stay_calm", "theme": "light",
                                      "always_on_top": False})
    window = make_window(qtbot, services, ask)
    window.edit_preferences()
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(child(window, "cardSearch"), "stay with you")  # the card with {agent}
    cards = window.findChild(QListWidget, "scriptCards")
    texts = [cards.item(i).text() for i in range(cards.count())]
    assert texts and all("{" not in t and "[" not in t for t in texts)
    assert any("My name is Sam" in t for t in texts)
    qtbot.keyClick(child(window, "cardSearch"), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(child(window, "cardSearch"), "shows")
    texts = [cards.item(i).text() for i in range(cards.count())]
    assert any("It shows Northwind where" in t for t in texts)
    saved = json.loads(services.paths.settings_file.read_text())
    assert saved["agent_name"] == "Sam" and saved["company"] == "Northwind"
    assert Settings(services.paths.settings_file)["default_playbook"] == "stay_calm"


def test_preferences_dialog_edits_every_shown_setting(qtbot, tmp_path):
    services = make_services(tmp_path)
    dialog = PreferencesDialog(services.settings, services.playbooks.playbooks)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "pref_agent_name"), "Priya")
    dialog.findChild(QCheckBox, "pref_always_on_top").setChecked(True)
    values = dialog.values()
    assert values["agent_name"] == "Priya" and values["always_on_top"] is True
    assert values["theme"] == "system" and values["default_playbook"] == "defuse"


def test_always_on_top_toggle_sets_the_window_flag_and_is_remembered(qtbot, tmp_path):
    services = make_services(tmp_path)
    window = make_window(qtbot, services)
    qtbot.mouseClick(child(window, "alwaysOnTop"), Qt.MouseButton.LeftButton)
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert Settings(services.paths.settings_file)["always_on_top"] is True
    again = make_window(qtbot, make_services(tmp_path))
    assert again.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_dark_theme_applies_the_dark_stylesheet(qtbot, tmp_path):
    window = make_window(qtbot, make_services(tmp_path))
    window.set_theme("dark")
    assert "#1b1d21" in QApplication.instance().styleSheet()
    window.set_theme("light")
    assert "#f4f5f7" in QApplication.instance().styleSheet()


def test_at_360_px_the_panels_stack_and_every_part_is_on_screen(qtbot, tmp_path):
    window = make_window(qtbot, make_services(tmp_path))
    window.resize(360, 800)
    qtbot.waitUntil(lambda: window.width() <= 380)
    splitter = window.findChild(QSplitter)
    assert splitter.orientation() == Qt.Orientation.Vertical
    for name in ("startCallButton", "endCallButton", "callTimer", "customerName",
                 "customerPhone", "playbookPicker", "stepChecklist", "scriptCards",
                 "cardSearch", "notePad", "moodScale"):
        widget = child(window, name)
        assert widget.isVisible(), name
        right = widget.mapTo(window, widget.rect().topRight()).x()
        assert right <= window.width(), f"{name} runs off the right edge"
    hint = window.findChild(QLabel, "stepHint")
    assert hint.height() >= hint.heightForWidth(hint.width()) - 2  # the hint is not clipped
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Horizontal)


def test_a_broken_user_playbook_is_named_in_the_window(qtbot, tmp_path):
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "mine.toml").write_text('id = "mine"\nname = "Mine"\n[[steps]\ntitle = "x"\n')
    window = make_window(qtbot, make_services(tmp_path))
    bar = window.findChild(QLabel, "messageBar")
    assert bar.isVisible()
    assert "mine.toml" in bar.text() and "line 3" in bar.text()
    picker = child(window, "playbookPicker")
    assert picker.count() == 4  # the built-ins still load


def test_a_saved_note_does_not_hide_an_unrelated_warning(qtbot, tmp_path):
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "mine.toml").write_text("not toml at all [")
    window = make_window(qtbot, make_services(tmp_path))
    qtbot.keyClicks(child(window, "notePad"), "hello")
    qtbot.keyClick(child(window, "notePad"), Qt.Key.Key_Return)
    assert window.findChild(QLabel, "messageBar").isVisible()
