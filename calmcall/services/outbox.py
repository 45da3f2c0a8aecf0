"""Notes the disk refused (full, read-only, locked), kept in memory and written later.

The agent cannot type again what the customer said. When a write fails, the note waits here in
order, with the time it was typed, and `flush` writes it once the disk accepts writes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from calmcall.domain import Note, format_elapsed
from calmcall.services.calls import CallEnded, CallService, clean_text

# What a full or read-only disk, a vanished folder or a locked database raise.
WRITE_ERRORS = (SQLAlchemyError, OSError)


@dataclass(frozen=True)
class PendingNote:
    call_id: int
    text: str
    at: datetime
    elapsed_s: float

    @property
    def stamp(self) -> str:
        return format_elapsed(self.elapsed_s)


class NoteOutbox:
    def __init__(self, calls: CallService) -> None:
        self._calls = calls
        self._pending: list[PendingNote] = []
        self.last_error = ""

    @property
    def pending(self) -> tuple[PendingNote, ...]:
        return tuple(self._pending)

    def submit(self, call_id: int, text: str, started_at: datetime) -> PendingNote | None:
        """Queue a typed note and try to write everything waiting; None for a blank note."""
        text = clean_text(text)
        if not text:
            return None
        at = self._calls.clock.now()
        note = PendingNote(call_id, text, at, max(0.0, (at - started_at).total_seconds()))
        self._pending.append(note)  # behind any older ones, so the timeline keeps its order
        return note

    def flush(self) -> list[tuple[PendingNote, Note]]:
        """Write waiting notes oldest first; stops at the first refusal. Returns what was saved."""
        saved: list[tuple[PendingNote, Note]] = []
        while self._pending:
            waiting = self._pending[0]
            try:
                note = self._calls.add_note(waiting.call_id, waiting.text, at=waiting.at)
            except WRITE_ERRORS as exc:
                self.last_error = str(getattr(exc, "orig", None) or exc)
                break
            except CallEnded:
                # Wrap-up waits for a call's notes, so this should not happen; if it does, the
                # note stays here (and closing asks) rather than vanishing.
                self.last_error = "its call was ended before the note could be saved"
                break
            self._pending.pop(0)
            saved.append((waiting, note))
        if not self._pending:
            self.last_error = ""
        return saved
