"""`calmcall import`: export -> import -> export is the same file; a bad file changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from calmcall.cli import main
from tests.helpers.core import make_core


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    folder = tmp_path / "source"
    assert main(["--data-dir", str(folder), "demo", "--calls", "60"]) == 0
    core = make_core(folder)  # and one typed call with awkward text
    call = core.calls.start_call("defuse")
    core.calls.add_note(call.id, 'Refund, "now" <b>or else</b> 😡')
    core.close()
    out = tmp_path / "export.json"
    assert main(["--data-dir", str(folder), "export", "--format", "json", "--out", str(out)]) == 0
    return out


def export_of(folder: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / f"again-{folder.name}.json"
    assert main(["--data-dir", str(folder), "export", "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def test_export_import_export_gives_the_same_file(exported: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    assert main(["--data-dir", str(target), "import", str(exported)]) == 0
    original = json.loads(exported.read_text(encoding="utf-8"))
    original.pop("exported_at")
    assert export_of(target, tmp_path) == original


def test_importing_twice_adds_nothing(exported: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "twice"
    assert main(["--data-dir", str(target), "import", str(exported)]) == 0
    first = export_of(target, tmp_path)
    capsys.readouterr()
    assert main(["--data-dir", str(target), "import", str(exported)]) == 0
    assert "0 calls added, 61 already there" in capsys.readouterr().err
    assert export_of(target, tmp_path) == first


def broken(exported: Path, tmp_path: Path, change: Any) -> Path:
    data = json.loads(exported.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def set_(path: list[Any], value: Any) -> Any:
    def change(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value
    return change


def drop(path: list[Any]) -> Any:
    def change(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        del data[path[-1]]
    return change


@pytest.mark.parametrize(("change", "message"), [
    (set_(["format"], "something-else"), "not a CalmCall export"),
    (set_(["version"], 2), "version 2"),
    (set_(["calls", 3, "notes", 1, "at"], "yesterday"), "calls[3].notes[1].at is not a time"),
    (set_(["calls", 2, "started_at"], "2026-03-02T14:00:00"), "calls[2].started_at is not a time"),
    (drop(["calls", 5, "customer"]), "calls[5].customer is missing"),
    (set_(["calls", 0, "outcome"], "exploded"), "calls[0].outcome is 'exploded'"),
    (set_(["calls", 4, "mood"], [{"at": "2026-03-02T14:00:00Z", "value": 9}]),
     "calls[4].mood[0].value is 9"),
    (set_(["calls"], "nope"), "calls is missing or not a list"),
])
def test_a_bad_file_is_named_and_nothing_is_written(exported: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    change: Any, message: str) -> None:
    target = tmp_path / "target"
    path = broken(exported, tmp_path, change)
    capsys.readouterr()
    assert main(["--data-dir", str(target), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert message in err
    core = make_core(target)
    assert core.raw("SELECT count(*) FROM calls") == [(0,)]
    core.close()


def test_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.json"
    path.write_text("{not json", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(path)]) == 1
    assert "is not JSON (line 1" in capsys.readouterr().err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(tmp_path / "no.json")]) == 1
    assert "no such file" in capsys.readouterr().err
