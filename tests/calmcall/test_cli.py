"""The command line, run in-process through `main` (and once as a real process)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from calmcall import __version__
from calmcall.cli import main, parse_args
from calmcall.domain import Outcome
from calmcall.paths import DB_FILENAME
from calmcall.services import export
from calmcall.storage.models import NoteRow
from tests.helpers.core import customer, make_core

AWKWARD = 'Refund, "now"\nor else 😡'


@pytest.fixture(autouse=True)
def _no_outside_config(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CALMCALL_DATA_DIR", "CALMCALL_CONFIG_DIR", "CALMCALL_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder holding two calls, one of them with an awkward note."""
    folder = tmp_path / "data"
    core = make_core(folder)
    first = core.calls.start_call("defuse", customer(name="Jo, \"the\" customer"))
    core.calls.add_note(first.id, "placeholder")
    with core.sessions() as s, s.begin():  # typed notes are one line; stored ones need not be
        s.get_one(NoteRow, 1).text = AWKWARD
    core.calls.end_call(first.id, Outcome.RESOLVED, "Billing")
    core.clock.advance(days=3)
    core.calls.start_call("stay-calm")
    core.close()
    return folder


def stderr_line(err: str) -> str:
    """The one line an error must be, checked for the prefix and the absence of a traceback."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("calmcall: ")
    return lines[0]


def test_export_json_to_stdout(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "export", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["format"], out["version"]) == ("calmcall-export", 1)
    assert [c["playbook"] for c in out["calls"]] == ["defuse", "stay-calm"]
    assert out["calls"][0]["notes"][0]["text"] == AWKWARD


def test_json_is_the_default_format(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "export"]) == 0
    assert len(json.loads(capsys.readouterr().out)["calls"]) == 2


def test_export_to_a_file(data: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    target.write_text("old contents", encoding="utf-8")
    assert main(["--data-dir", str(data), "export", "--out", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["calls"]) == 2
    assert [p.name for p in target.parent.iterdir()] == ["export.json"]  # no temp file left


def test_data_dir_after_the_command(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_args(["export", "--data-dir", str(data)]).data_dir == str(data)
    assert parse_args(["--data-dir", str(data), "export"]).data_dir == str(data)
    assert main(["export", "--data-dir", str(data)]) == 0
    assert len(json.loads(capsys.readouterr().out)["calls"]) == 2


def test_since_filters_by_day(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "export", "--since", "2026-03-04"]) == 0
    assert [c["playbook"] for c in json.loads(capsys.readouterr().out)["calls"]] == [
        "stay-calm"]


def test_bad_since_date_is_a_usage_error(data: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "export", "--since", "2026-13-45"]) == 2
    err = capsys.readouterr().err
    assert "2026-13-45" in err and "Traceback" not in err


def test_out_into_a_missing_folder_fails_cleanly(data: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nowhere" / "export.json"
    assert main(["--data-dir", str(data), "export", "--out", str(target)]) == 1
    captured = capsys.readouterr()
    assert "does not exist" in stderr_line(captured.err)
    assert captured.out == ""
    assert not target.parent.exists()


def test_out_onto_a_folder_fails_cleanly(data: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "export", "--out", str(tmp_path)]) == 1
    line = stderr_line(capsys.readouterr().err)
    assert "is a folder" in line and ".tmp" not in line


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root may write anywhere")
def test_out_into_a_read_only_folder_fails_cleanly(data: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    assert main(["--data-dir", str(data), "export", "--out", str(folder / "x.json")]) == 1
    assert "ermission" in stderr_line(capsys.readouterr().err)


def test_damaged_database_fails_cleanly(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / DB_FILENAME).write_bytes(b"garbage, not SQLite" * 100)
    assert main(["--data-dir", str(tmp_path), "export"]) == 1
    captured = capsys.readouterr()
    line = stderr_line(captured.err)
    assert "damaged" in line and DB_FILENAME in line
    assert captured.out == ""


def test_unexpected_error_is_one_line(data: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*args: object, **kwargs: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(export, "write_json", boom)
    assert main(["--data-dir", str(data), "export"]) == 1
    assert stderr_line(capsys.readouterr().err) == (
        "calmcall: unexpected error: RuntimeError: boom")


def test_csv_export_round_trips_awkward_text(data: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "export", "--format", "csv"]) == 0
    from_stdout = capsys.readouterr().out
    target = tmp_path / "export.csv"
    assert main(["--data-dir", str(data), "export", "--format", "csv",
                 "--out", str(target)]) == 0
    with target.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == list(csv.reader(io.StringIO(from_stdout, newline="")))
    assert rows[0] == list(export.CSV_COLUMNS)
    by_column = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["kind"] for r in by_column] == ["note", "system", ""]
    assert by_column[0]["text"] == AWKWARD
    assert by_column[0]["customer_name"] == 'Jo, "the" customer'


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"calmcall {__version__}"


def test_no_command_is_left_to_the_window() -> None:
    assert parse_args([]).command is None
    assert parse_args(["--data-dir", "x"]).command is None


def test_bad_command_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "CALMCALL_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "calmcall.cli", "frobnicate"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "frobnicate" in done.stderr
