"""Backups, restore and the health check, on real database files."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date, datetime

import pytest

from calmcall import cli
from calmcall.domain import Customer
from calmcall.services.backup import (
    BackupError,
    backup_now,
    check,
    daily_backup,
    list_backups,
    prune,
    restore,
)
from calmcall.services.calls import CallService
from calmcall.storage.engine import open_database
from tests.helpers.core import make_core


def notes_in(path):
    calls = CallService(open_database(path))
    call = calls.interrupted_call()
    return [n.text for n in calls.record(call.id).notes] if call else []


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def core(tmp_path):
    core = make_core(tmp_path)
    call = core.calls.start_call("defuse", Customer("Ada"))
    core.calls.add_note(call.id, "first")
    core.calls.add_note(call.id, "second")  # still in the WAL: the backup API must include it
    return core


def test_a_backup_holds_everything_committed_and_is_private(core):
    made = backup_now(core.database, core.paths.data_dir)
    assert made.parent.name == "backups"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert notes_in(made) == ["first", "second"]
    assert check(made) == []


def test_prune_keeps_the_newest(core):
    for second in range(5):
        backup_now(core.database, core.paths.data_dir, datetime(2026, 1, 1, 9, 0, second))
    removed = prune(core.paths.data_dir, keep=2)
    kept = list_backups(core.paths.data_dir)
    assert [p.name for p in kept] == ["calmcall-20260101-090004.sqlite3",
                                      "calmcall-20260101-090003.sqlite3"]
    assert len(removed) == 3


def test_half_made_copies_a_killed_process_left_are_cleared_but_not_one_in_progress(core):
    folder = core.paths.data_dir / "backups"
    folder.mkdir()
    stale = [folder / "calmcall-20260301-080000.partial",
             folder / "calmcall-20260301-080000.partial-journal"]
    for path in stale:
        path.write_bytes(b"x" * 1000)
        os.utime(path, (time.time() - 7200, time.time() - 7200))  # two hours untouched
    being_written = folder / "calmcall-20260302-080000.partial"
    being_written.write_bytes(b"x")
    made = daily_backup(core.database, core.paths.data_dir, keep=7, today=date(2026, 3, 2),
                        now=datetime(2026, 3, 2, 8, 0, 1))
    assert made is not None and made.exists()
    assert not any(path.exists() for path in stale)
    assert being_written.exists()


def test_the_daily_backup_happens_once_a_day(core):
    first = daily_backup(core.database, core.paths.data_dir, keep=7, today=date(2026, 3, 2),
                         now=datetime(2026, 3, 2, 8, 0))
    again = daily_backup(core.database, core.paths.data_dir, keep=7, today=date(2026, 3, 2),
                         now=datetime(2026, 3, 2, 12, 0))
    next_day = daily_backup(core.database, core.paths.data_dir, keep=7, today=date(2026, 3, 3),
                            now=datetime(2026, 3, 3, 8, 0))
    assert first is not None and again is None and next_day is not None


def test_restore_puts_the_backup_in_place_and_keeps_the_current_file(core):
    made = backup_now(core.database, core.paths.data_dir)
    call = core.calls.interrupted_call()
    core.calls.add_note(call.id, "after the backup")
    core.close()
    done = restore(made, core.database)
    assert notes_in(core.database) == ["first", "second"]
    assert notes_in(done.previous_kept_as) == ["first", "second", "after the backup"]


def test_a_damaged_backup_is_refused_and_nothing_changes(core, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    core.close()
    before = sha(core.database)
    with pytest.raises(BackupError, match="not a usable CalmCall backup"):
        restore(bad, core.database)
    assert sha(core.database) == before


def test_check_reports_garbage_and_a_foreign_file(tmp_path):
    garbage = tmp_path / "g.sqlite3"
    garbage.write_bytes(b"\x00garbage" * 512)
    assert check(garbage)
    import sqlite3
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("create table t(x)").connection.commit()
    assert any("not a CalmCall database" in p for p in check(other))


def test_cli_backup_doctor_and_restore(core, capsys):
    data = str(core.paths.data_dir)
    assert cli.main(["--data-dir", data, "backup"]) == 0
    assert "Backed up to" in capsys.readouterr().out
    assert cli.main(["--data-dir", data, "doctor"]) == 0
    out = capsys.readouterr().out
    assert "No problems found." in out and "Backups: 1" in out
    core.close()
    assert cli.main(["--data-dir", data, "restore", "latest"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "kept as" in out


def test_doctor_says_what_is_wrong_with_a_damaged_database(tmp_path, capsys):
    (tmp_path / "calmcall.sqlite3").write_bytes(b"\x00garbage" * 4096)
    assert cli.main(["--data-dir", str(tmp_path), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "Problems found" in out and "calmcall restore latest" in out


HOLD = ("import sys, time; from pathlib import Path; from calmcall.instance_lock import "
        "InstanceLock; InstanceLock(Path(sys.argv[1])).acquire(); print('held', flush=True); "
        "time.sleep(60)")


def test_restore_is_refused_while_calmcall_runs(core, capsys):
    backup_now(core.database, core.paths.data_dir)
    core.close()
    before = sha(core.database)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(core.paths.data_dir)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert cli.main(["--data-dir", str(core.paths.data_dir), "restore", "latest"]) == 1
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert "already running" in capsys.readouterr().err
    assert sha(core.database) == before


def test_two_restores_in_one_second_keep_both_earlier_databases(core):
    made = backup_now(core.database, core.paths.data_dir)
    core.close()
    when = datetime(2026, 3, 2, 9, 0, 0)
    first = restore(made, core.database, now=when)
    second = restore(made, core.database, now=when)
    assert first.previous_kept_as != second.previous_kept_as
    assert first.previous_kept_as.exists() and second.previous_kept_as.exists()


def test_a_restore_left_half_done_does_not_block_the_next(core):
    made = backup_now(core.database, core.paths.data_dir)
    core.close()
    stale = core.database.with_name(f".{core.database.name}.restoring")
    stale.write_bytes(b"\x00half a file from a restore that was killed" * 100)
    restore(made, core.database)
    assert notes_in(core.database) == ["first", "second"] and not stale.exists()
