"""Every folder and file CalmCall touches, decided in one place.

`--data-dir` or CALMCALL_DATA_DIR moves everything (data and config) into one folder, which is
what tests and portable installs want. Otherwise platformdirs picks the usual places.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "CalmCall"
DB_FILENAME = "calmcall.sqlite3"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def user_playbooks(self) -> Path:
        return self.config_dir / "playbooks"

    @property
    def playbook_cache(self) -> Path:
        """Parsed playbooks kept between starts (see services/playbook_cache.py)."""
        return self.data_dir / "playbooks.cache"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def window_state_file(self) -> Path:
        """Window geometry, kept apart from preferences."""
        return self.data_dir / "window-state.json"


def resolve(data_dir: str | os.PathLike[str] | None = None,
            env: Mapping[str, str] = os.environ) -> Paths:
    chosen = data_dir or env.get("CALMCALL_DATA_DIR")
    if chosen:
        root = Path(chosen).expanduser().resolve()
        config = Path(env["CALMCALL_CONFIG_DIR"]) if env.get("CALMCALL_CONFIG_DIR") else root
        return Paths(data_dir=root, config_dir=config)
    import platformdirs

    return Paths(
        data_dir=platformdirs.user_data_path(APP_NAME, appauthor=False),
        config_dir=Path(env["CALMCALL_CONFIG_DIR"]) if env.get("CALMCALL_CONFIG_DIR")
        else platformdirs.user_config_path(APP_NAME, appauthor=False),
    )


def make_private_dir(folder: Path) -> None:
    """Create `folder` (and its parents) owner-only, unless it exists already.

    Only a folder CalmCall creates is made owner-only: --data-dir may name one the user shares.
    Whatever touches the data folder first (the instance lock, the database, settings) makes
    it through here, so it is 0700 whichever comes first.
    """
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with suppress(OSError):
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask


def resource_dir() -> Path:
    """Built-in resources ship beside the packages (see pyproject's package data)."""
    return Path(__file__).resolve().parent.parent / "resources"
