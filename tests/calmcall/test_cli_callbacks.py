"""`calmcall callbacks`: text, JSON and iCalendar, run in-process on a real data folder.

The command line runs on the system clock, so the callbacks are promised relative to now and
the day is always named with --date.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from calmcall.cli import main
from calmcall.services.callbacks import CallbackService
from calmcall.settings import Settings
from tests.helpers.core import customer, make_core


@pytest.fixture(autouse=True)
def _no_outside_config(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CALMCALL_DATA_DIR", "CALMCALL_CONFIG_DIR", "CALMCALL_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, datetime]:
    """Two open callbacks (one with a hostile promise text) and one done, three hours ahead."""
    folder = tmp_path / "data"
    now = datetime.now(UTC).replace(microsecond=0)
    core = make_core(folder, now)
    service = CallbackService(core.sessions, core.clock, Settings(None))
    call = core.calls.start_call("defuse", customer())
    due = now + timedelta(hours=3)
    service.promise_callback(call.id, due, "refund <b>confirmed</b>", "", 60)
    service.promise_callback(call.id, due + timedelta(minutes=30), "second")
    done = service.promise_callback(call.id, due, "done one").callback
    service.mark_done(done.id, "sorted")
    core.close()
    return folder, due


def test_json_mirrors_the_windows_sections(data, capsys):
    folder, due = data
    day = due.astimezone().date().isoformat()
    assert main(["--data-dir", str(folder), "callbacks", "--date", day, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["date"] == day
    sections = {s["key"]: s for s in out["sections"]}
    assert list(sections) == ["overdue", "due_now", "later", "done"]
    later = sections["later"]["callbacks"]
    assert [c["promise"] for c in later] == ["refund <b>confirmed</b>", "second"]
    first = later[0]
    assert first["due_at"] == due.isoformat().replace("+00:00", "Z")
    assert (first["customer"], first["phone"], first["attempts"], first["status"],
            first["cadence_minutes"]) == ("Dana Price", "+44 20 7946 0958", 0, "open", 60)
    assert first["due"].endswith(due.astimezone().strftime("%H:%M"))


def test_text_listing(data, capsys):
    folder, due = data
    assert main(["--data-dir", str(folder), "callbacks", "--date",
                 due.astimezone().date().isoformat()]) == 0
    out = capsys.readouterr().out
    assert "refund <b>confirmed</b> [update every hour]" in out
    assert "Dana Price" in out and "call #1" in out


def test_today_is_accepted(data, capsys):
    folder, _due = data
    assert main(["--data-dir", str(folder), "callbacks", "--date", "today", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["date"] == datetime.now().date().isoformat()


def test_bad_date_is_a_usage_error(data, capsys):
    folder, _due = data
    assert main(["--data-dir", str(folder), "callbacks", "--date", "2026-13-40"]) == 2
    err = capsys.readouterr().err
    assert "give YYYY-MM-DD" in err and "Traceback" not in err


def test_ics_parses_back_with_alarms_at_the_lead_time(data, tmp_path, capsys):
    folder, due = data
    target = tmp_path / "callbacks.ics"
    assert main(["--data-dir", str(folder), "callbacks", "--ics", str(target)]) == 0
    assert "Wrote 2 open callbacks" in capsys.readouterr().out
    cal = Calendar.from_ical(target.read_bytes())
    events = cal.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == ["callback-1@calmcall", "callback-2@calmcall"]
    first = events[0]
    assert first.decoded("dtstart") == due
    assert "Dana Price" in str(first["summary"])
    assert "refund <b>confirmed</b>" in str(first["description"])
    alarms = first.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0].decoded("trigger") == -timedelta(minutes=5)
    assert str(alarms[0]["action"]) == "DISPLAY"


def test_ics_into_a_missing_folder_fails_cleanly(data, tmp_path, capsys):
    folder, _due = data
    assert main(["--data-dir", str(folder), "callbacks", "--ics",
                 str(tmp_path / "nope" / "x.ics")]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_json_and_ics_together_is_a_usage_error(data, tmp_path, capsys):
    folder, _due = data
    assert main(["--data-dir", str(folder), "callbacks", "--json", "--ics",
                 str(tmp_path / "x.ics")]) == 2
