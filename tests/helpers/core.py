"""Core test helpers: a real SQLite database in a temporary folder, driven by a FakeClock.

No Qt here, so the core tests run without a display.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from calmcall.clock import FakeClock
from calmcall.domain import Card, Customer, Step
from calmcall.paths import Paths, resolve
from calmcall.services.calls import CallService
from calmcall.storage.engine import open_database

START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@dataclass
class Core:
    """The call service on a database file, plus what a test needs to look behind it."""

    paths: Paths
    clock: FakeClock
    sessions: sessionmaker[Session]
    calls: CallService
    _opened: list[sessionmaker[Session]] = field(default_factory=list)

    @property
    def database(self) -> Path:
        return self.paths.database

    def reopen(self) -> sessionmaker[Session]:
        """A session factory on a new engine over the same file, as a restarted app gets."""
        fresh = open_database(self.paths.database)
        self._opened.append(fresh)
        return fresh

    def raw(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows read with plain sqlite3, bypassing SQLAlchemy and its type conversions."""
        with closing(sqlite3.connect(self.paths.database)) as conn:
            return conn.execute(sql, params).fetchall()

    def close(self) -> None:
        for factory in (self.sessions, *self._opened):
            bind = factory.kw.get("bind")
            if bind is not None:
                bind.dispose()


def make_core(folder: Path, start: datetime = START) -> Core:
    paths = resolve(folder, env={})
    clock = FakeClock(start)
    sessions = open_database(paths.database)
    return Core(paths=paths, clock=clock, sessions=sessions, calls=CallService(sessions, clock))


def step(step_id: str = "listen", title: str = "Listen") -> Step:
    return Step(id=step_id, title=title, hint="Let them finish before you speak.")


def card(card_id: str = "defuse.acknowledge", title: str = "Acknowledge") -> Card:
    return Card(id=card_id, title=title, text="I understand, {customer}.", step_id="listen",
                playbook_id="defuse")


def customer(name: str = "Dana Price", phone: str = "+44 20 7946 0958",
             account: str = "AC-1042") -> Customer:
    return Customer(name=name, phone=phone, account=account)
