"""Preferences, each declared once with its default (the Picard way).

Stored as JSON in the config folder. An unreadable or hand-broken file never stops the app:
the defaults are used and `problems` says what was wrong so the UI can tell the agent.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calmcall.paths import make_private_dir


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    label: str
    choices: tuple[Any, ...] = ()


REGISTRY: tuple[Setting, ...] = (
    Setting("agent_name", "", "Your name (fills {agent} on cards)"),
    Setting("company", "", "Company name (fills {company} on cards)"),
    Setting("business_start", "09:00", "Business day starts (HH:MM)"),
    Setting("end_of_day", "17:00", "Business day ends (HH:MM)"),
    Setting("reminder_lead_minutes", 5, "Remind me this many minutes before a callback"),
    Setting("theme", "system", "Theme", ("system", "light", "dark")),
    Setting("always_on_top", False, "Keep the window above others"),
    Setting("default_playbook", "defuse", "Playbook for new calls"),
    Setting("backups_kept", 7, "Daily backups to keep"),
)
_BY_KEY = {s.key: s for s in REGISTRY}


class Settings:
    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._values: dict[str, Any] = {}
        self._unknown: dict[str, Any] = {}  # written back untouched by save()
        self.problems: list[str] = []
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            self.problems.append(f"Settings file {path} could not be read ({exc}); using defaults.")
            return
        if not isinstance(raw, dict):
            self.problems.append(f"Settings file {path} is not a JSON object; using defaults.")
            return
        for key, value in raw.items():
            setting = _BY_KEY.get(key)
            if setting is None:
                # a setting from a newer or older version: ignore, keep it on save
                self._unknown[key] = value
                continue
            # bool is an int to isinstance; `true` is not a number of minutes
            if (not isinstance(value, type(setting.default))
                    or isinstance(value, bool) != isinstance(setting.default, bool)
                    or (setting.choices and value not in setting.choices)):
                self.problems.append(f"Setting {key!r} has an unusable value {value!r}; "
                                     f"using {setting.default!r}.")
                continue
            self._values[key] = value

    def __getitem__(self, key: str) -> Any:
        return self._values.get(key, _BY_KEY[key].default)

    def set(self, key: str, value: Any) -> None:
        if key not in _BY_KEY:
            raise KeyError(key)
        self._values[key] = value
        self.save()

    def as_dict(self) -> dict[str, Any]:
        return {s.key: self[s.key] for s in REGISTRY}

    def save(self) -> None:
        if self._path is None:
            return
        make_private_dir(self._path.parent)
        import tempfile  # only on save: start-up reads settings and should not pay for it

        # Write then rename, so a crash mid-write never leaves half a settings file.
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({**self._unknown, **self._values}, fh, indent=2, sort_keys=True)
        os.replace(tmp, self._path)
