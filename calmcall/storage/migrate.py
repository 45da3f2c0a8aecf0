"""Alembic, run from code at start-up.

Alembic is imported only when the schema is behind: on a normal start the current revision is
read with one query and compared with HEAD, which keeps the window's start fast.
A test checks that HEAD and KNOWN_REVISIONS match the migration scripts.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

MIGRATIONS = Path(__file__).with_name("migrations")

KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
HEAD = KNOWN_REVISIONS[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_config(engine), revision)


def script_heads() -> tuple[str, list[str]]:
    """(head, all revisions oldest first) as the scripts on disk say; for the consistency test."""
    from alembic.script import ScriptDirectory

    cfg = _config(None)  # type: ignore[arg-type]
    scripts = ScriptDirectory.from_config(cfg)
    revs = [s.revision for s in scripts.walk_revisions()]
    return scripts.get_current_head() or "", list(reversed(revs))
