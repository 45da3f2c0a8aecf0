"""Preferences: declared defaults, saved values, and hand-broken files that never stop the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calmcall.settings import REGISTRY, Settings


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def test_defaults_come_from_the_registry(path: Path) -> None:
    settings = Settings(path)
    assert settings.as_dict() == {s.key: s.default for s in REGISTRY}
    assert settings["theme"] == "system"
    assert settings.problems == []
    assert not path.exists()  # reading alone writes nothing


def test_set_is_saved_and_read_back(path: Path) -> None:
    Settings(path).set("agent_name", "Sam")
    Settings(path).set("reminder_lead_minutes", 10)
    again = Settings(path)
    assert (again["agent_name"], again["reminder_lead_minutes"]) == ("Sam", 10)
    assert again.problems == []
    assert not [p for p in path.parent.iterdir() if p.name != path.name]  # no temp files left


def test_unknown_key_is_refused(path: Path) -> None:
    with pytest.raises(KeyError):
        Settings(path).set("no_such_setting", 1)


def test_broken_json_gives_a_problem_and_defaults(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('{"agent_name": "Sam",', encoding="utf-8")
    settings = Settings(path)
    assert settings["agent_name"] == ""
    assert len(settings.problems) == 1 and str(path) in settings.problems[0]


def test_json_that_is_not_an_object_gives_a_problem(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("[1, 2]", encoding="utf-8")
    settings = Settings(path)
    assert settings.as_dict()["theme"] == "system"
    assert len(settings.problems) == 1


@pytest.mark.parametrize(("key", "value"), [
    ("reminder_lead_minutes", "five"),
    ("always_on_top", "yes"),
    ("theme", "purple"),  # right type, not one of the choices
    ("agent_name", 42),
    ("reminder_lead_minutes", True),  # a bool is an int to Python, not to the agent
])
def test_wrong_value_is_ignored_with_a_problem(path: Path, key: str, value: object) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({key: value, "company": "Acme"}), encoding="utf-8")
    settings = Settings(path)
    default = next(s.default for s in REGISTRY if s.key == key)
    assert settings[key] == default
    assert settings["company"] == "Acme"  # the good values in the same file still count
    assert len(settings.problems) == 1 and key in settings.problems[0]


def test_settings_of_other_versions_survive_a_save(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"from_the_future": [1, 2], "theme": "dark"}), encoding="utf-8")
    Settings(path).set("agent_name", "Sam")
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "agent_name": "Sam", "from_the_future": [1, 2], "theme": "dark"}
