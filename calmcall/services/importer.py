"""`calmcall import`: restores a JSON export (version 1) without creating duplicates.

The whole file is checked before anything is written, and every problem is named by where it
is (`calls[3].notes[2].at is not a time`). Then all calls go in within one transaction, so a
failure leaves the database as it was. A call is the same call when its start time, customer
name and phone match one already stored (or one earlier in the file): it is skipped, so
importing a file twice adds nothing. Ids from the file are kept when they are free, which makes
export -> import into an empty folder -> export give the same file back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmcall.clock import parse_iso
from calmcall.domain import MOOD_LABELS, CallbackStatus, NoteKind, Outcome
from calmcall.privacy import mask_card_numbers
from calmcall.services.export import FORMAT, VERSION
from calmcall.storage.models import (
    CallbackEventRow,
    CallbackRow,
    CallRow,
    CardUseRow,
    MoodSampleRow,
    NoteRow,
    StepCheckRow,
)


class ImportProblem(ValueError):
    """The file cannot be imported; the message says what and where."""


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped: int  # already in the database (or twice in the file)


class _Reader:
    """Typed access to one JSON object, naming its path in every complaint."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ImportProblem(f"{where} is not an object")
        self.data = data
        self.where = where

    def _get(self, key: str, optional: bool) -> Any:
        if key not in self.data:
            if optional:
                return None
            raise ImportProblem(f"{self.where}.{key} is missing")
        return self.data[key]

    def text(self, key: str, optional: bool = False) -> str:
        value = self._get(key, optional)
        if value is None and optional:
            return ""
        if not isinstance(value, str):
            raise ImportProblem(f"{self.where}.{key} is not text")
        return mask_card_numbers(value)

    def time(self, key: str, optional: bool = False) -> datetime | None:
        value = self._get(key, optional)
        if value is None and optional:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return parse_iso(value)
        except ValueError:
            raise ImportProblem(f"{self.where}.{key} is not a time "
                                f"(expected ISO 8601 with a zone, like 2026-03-02T14:00:00Z)"
                                ) from None

    def number(self, key: str, optional: bool = False) -> float | None:
        value = self._get(key, optional)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ImportProblem(f"{self.where}.{key} is not a number")
        return float(value)

    def integer(self, key: str, optional: bool = False) -> int | None:
        value = self._get(key, optional)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ImportProblem(f"{self.where}.{key} is not a whole number")
        return value

    def choice(self, key: str, allowed: set[str], optional: bool = False) -> str | None:
        value = self._get(key, optional)
        if value is None and optional:
            return None
        if value not in allowed:
            raise ImportProblem(f"{self.where}.{key} is {value!r}, not one of "
                                f"{', '.join(sorted(allowed))}")
        return str(value)

    def items(self, key: str) -> list[_Reader]:
        value = self._get(key, optional=True)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ImportProblem(f"{self.where}.{key} is not a list")
        return [_Reader(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]


_ParsedCall = tuple[CallRow, list[Any], list[tuple[CallbackRow, int | None]]]


def _need(value: Any) -> Any:
    assert value is not None  # only for fields read as required
    return value


def _call_rows(r: _Reader) -> _ParsedCall:
    """One call of the file as rows (children not yet linked); raises ImportProblem."""
    customer = _Reader(r._get("customer", optional=False), f"{r.where}.customer")
    started = _need(r.time("started_at"))
    ended = r.time("ended_at", optional=True)
    call = CallRow(id=r.integer("id", optional=True),
                   customer_name=customer.text("name", optional=True),
                   customer_phone=customer.text("phone", optional=True),
                   customer_account=customer.text("account", optional=True),
                   playbook_id=r.text("playbook"), started_at=started, ended_at=ended,
                   outcome=r.choice("outcome", {o.value for o in Outcome}, optional=True),
                   category=r.text("category", optional=True),
                   root_cause=r.text("root_cause", optional=True))

    def since_start(when: datetime) -> float:
        return max(0.0, (when - started).total_seconds())

    children: list[Any] = []
    for s in r.items("steps"):
        children.append(StepCheckRow(step_id=s.text("id"), title=s.text("title"),
                                     done_at=s.time("done_at"),
                                     elapsed_s=_need(s.number("elapsed_s"))))
    for n in r.items("notes"):
        children.append(NoteRow(at=n.time("at"), elapsed_s=_need(n.number("elapsed_s")),
                                kind=n.choice("kind", {k.value for k in NoteKind}),
                                text=n.text("text")))
    for m in r.items("mood"):
        value = m.integer("value")
        if value not in MOOD_LABELS:
            raise ImportProblem(f"{m.where}.value is {value}, not a mood from 1 to 5")
        children.append(MoodSampleRow(at=m.time("at"), value=value))
    for c in r.items("cards_used"):
        at = _need(c.time("at"))
        children.append(CardUseRow(card_id=c.text("card"), at=at, elapsed_s=since_start(at)))
    callbacks = []
    for cb in r.items("callbacks"):
        due = cb.time("due_at")
        row = CallbackRow(created_at=ended or started, due_at=due, original_due_at=due,
                          promise=cb.text("promise", optional=True), phone=call.customer_phone,
                          cadence_minutes=cb.integer("cadence_minutes", optional=True),
                          status=cb.choice("status", {s.value for s in CallbackStatus}),
                          done_at=cb.time("done_at", optional=True), attempts=0,
                          outcome_note="")
        callbacks.append((row, cb.integer("id", optional=True)))
    return call, children, callbacks


def read_export(path: Path) -> list[_ParsedCall]:
    """Parse and check the whole file; raises ImportProblem naming the first problem."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportProblem(f"{path} is not a text file (UTF-8)") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"{path} is not JSON (line {exc.lineno}, column {exc.colno}: "
                            f"{exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise ImportProblem(f"{path} is not a CalmCall export (format is {found!r}, "
                            f"expected {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ImportProblem(f"{path} is export version {data.get('version')!r}; this CalmCall "
                            f"reads version {VERSION}")
    top = _Reader(data, "export")
    if not isinstance(data.get("calls"), list):
        raise ImportProblem("calls is missing or not a list")
    return [_call_rows(_Reader(c, f"calls[{i}]")) for i, c in enumerate(top.data["calls"])]


def _key(row: CallRow) -> tuple[datetime, str, str]:
    return (row.started_at, row.customer_name, row.customer_phone)


def import_export(sessions: sessionmaker[Session], path: Path) -> ImportReport:
    calls = read_export(path)  # nothing is written unless the whole file is good
    added = skipped = 0
    with sessions() as s, s.begin():
        starts = {c.started_at for c, _, _ in calls}
        seen: set[tuple[datetime, str, str]] = set()
        for chunk in _chunks(sorted(starts), 900):
            for name, phone, started in s.execute(
                    select(CallRow.customer_name, CallRow.customer_phone, CallRow.started_at)
                    .where(CallRow.started_at.in_(chunk))):
                seen.add((started, name, phone))
        for call, children, callbacks in calls:
            if _key(call) in seen:
                skipped += 1
                continue
            seen.add(_key(call))
            if call.id is not None and s.get(CallRow, call.id) is not None:
                call.id = None  # type: ignore[assignment]  # taken: let SQLite pick one
            s.add(call)
            s.flush()
            for child in children:
                child.call_id = call.id
            s.add_all(children)
            for row, wanted_id in callbacks:
                row.call_id = call.id
                if wanted_id is not None and s.get(CallbackRow, wanted_id) is None:
                    row.id = wanted_id
                s.add(row)
                s.flush()
                s.add(CallbackEventRow(callback_id=row.id, at=row.created_at, kind="promised",
                                       note="imported", due_at=row.due_at))
            added += 1
    return ImportReport(added=added, skipped=skipped)


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]
