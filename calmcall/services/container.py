"""Builds the services from the paths: shared by the window and the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from calmcall.clock import Clock, SystemClock
from calmcall.paths import Paths
from calmcall.services.callbacks import CallbackService
from calmcall.services.calls import CallService
from calmcall.services.history import HistoryService
from calmcall.services.playbooks import PlaybookLibrary, load_playbooks
from calmcall.services.search import SearchService
from calmcall.settings import Settings
from calmcall.storage.engine import open_database


@dataclass
class Services:
    paths: Paths
    settings: Settings
    sessions: sessionmaker[Session]
    clock: Clock
    calls: CallService
    playbooks: PlaybookLibrary
    callbacks: CallbackService
    history: HistoryService
    search: SearchService


def open_services(paths: Paths, clock: Clock | None = None, settings: Settings | None = None,
                  playbooks: PlaybookLibrary | None = None) -> Services:
    """Open the database (migrating it) and load settings and playbooks.

    The window passes the settings and playbooks it already shows, so both share one copy.
    Raises calmcall.storage.engine.StorageError with a user-facing message on failure.
    """
    clock = clock or SystemClock()
    url = os.environ.get("CALMCALL_DATABASE_URL")
    sessions = open_database(url if url else paths.database)
    settings = settings or Settings(paths.settings_file)
    playbooks = playbooks or load_playbooks(paths)
    return Services(
        paths=paths,
        settings=settings,
        sessions=sessions,
        clock=clock,
        calls=CallService(sessions, clock),
        playbooks=playbooks,
        callbacks=CallbackService(sessions, clock, settings),
        history=HistoryService(sessions, clock),
        search=SearchService(sessions),
    )
