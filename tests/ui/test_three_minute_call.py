"""A three-minute call driven only by keys, then `calmcall export`: every note, tick, card use
and mood change is in the export at the right elapsed time."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from calmcall import cli
from tests.helpers.gui import FakeAsk, child, make_services, make_window

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_keyboard_only_call_exports_everything_at_the_right_times(qtbot, tmp_path):
    services = make_services(tmp_path)
    clock = services.clock
    window = make_window(qtbot, services, FakeAsk())
    pad = child(window, "notePad")

    def note(text):
        qtbot.keyClicks(pad, text)
        qtbot.keyClick(pad, Qt.Key.Key_Return)

    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)                                # 0:00
    qtbot.keyClicks(child(window, "customerName"), "Dana Reyes")
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    clock.advance(5)
    qtbot.keyClick(pad, Qt.Key.Key_1, ALT)                                    # 0:05 furious
    clock.advance(10)
    note("Router dead since Friday")                                          # 0:15
    clock.advance(15)
    qtbot.keyClick(pad, Qt.Key.Key_1, CTRL)                                   # 0:30 Recognize
    clock.advance(30)
    qtbot.keyClick(pad, Qt.Key.Key_2, CTRL)                                   # 1:00 Listen
    clock.advance(12)
    qtbot.keyClick(pad, Qt.Key.Key_K, CTRL)                                   # 1:12 card
    qtbot.keyClicks(child(window, "cardSearch"), "can help")
    qtbot.keyClick(child(window, "cardSearch"), Qt.Key.Key_Return)
    clock.advance(48)
    note("Replacement router sent, arrives Tuesday")                          # 2:00
    qtbot.keyClick(pad, Qt.Key.Key_3, CTRL)                                   # 2:00 Respond
    clock.advance(30)
    qtbot.keyClick(pad, Qt.Key.Key_4, ALT)                                    # 2:30 settling
    clock.advance(30)
    qtbot.keyClick(pad, Qt.Key.Key_E, CTRL)                                   # 3:00 wrap-up

    out = tmp_path / "export.json"
    assert cli.main(["--data-dir", str(tmp_path), "export", "--format", "json",
                     "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "calmcall-export" and data["version"] == 1
    [call] = data["calls"]
    assert call["customer"]["name"] == "Dana Reyes"
    assert call["playbook"] == "defuse"
    assert call["outcome"] == "resolved" and call["category"] == "Delivery"
    assert call["started_at"].endswith("Z") and call["ended_at"].endswith("Z")

    assert [(s["title"], s["elapsed_s"]) for s in call["steps"]] == [
        ("Recognize", 30.0), ("Listen", 60.0), ("Respond: fix first", 120.0)]
    typed = [(n["elapsed_s"], n["text"]) for n in call["notes"] if n["kind"] == "note"]
    assert typed == [(15.0, "Router dead since Friday"),
                     (120.0, "Replacement router sent, arrives Tuesday")]
    assert [(n["elapsed_s"], n["kind"]) for n in call["notes"] if n["kind"] != "note"] == [
        (5.0, "mood"), (30.0, "step"), (60.0, "step"), (72.0, "card"), (120.0, "step"),
        (150.0, "mood"), (180.0, "system")]
    assert [m["value"] for m in call["mood"]] == [1, 4]
    assert [c["card"] for c in call["cards_used"]] == ["stay_calm.can-help"]
    [card_line] = [n for n in call["notes"] if n["kind"] == "card"]
    assert call["cards_used"][0]["at"] == card_line["at"] == "2026-03-02T14:01:12Z"
