"""`calmcall demo`: realistic synthetic history, written with bulk inserts.

Calls are generated oldest first over about two years, for a pool of customers of whom some ring
again and again. Each call gets typed notes, ticked steps, mood samples, card uses, an outcome,
and sometimes promised callbacks in every state (open, done, cancelled, missed) with their
events. Rows go in with `executemany` in chunks, all in one transaction; ids are assigned here
so notes keep the time order that search's "newest first" relies on. The FTS triggers index the
typed notes as they go in. Seeded: the same seed gives the same history.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, text

from calmcall.domain import CATEGORIES, MOOD_LABELS, Outcome, Playbook, format_elapsed
from calmcall.services import demo_text as words

CHUNK_CALLS = 2000
SPAN_DAYS = 730
_EPOCH = datetime(1970, 1, 1)

OUTCOME_WEIGHTS = {Outcome.RESOLVED: 45, Outcome.CALLBACK: 25, Outcome.ESCALATED: 12,
                   Outcome.UNRESOLVED: 10, Outcome.DROPPED: 8}

_INSERTS = {
    "calls": "INSERT INTO calls (id, customer_name, customer_phone, customer_account, "
             "playbook_id, started_at, ended_at, outcome, category, root_cause) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "notes": "INSERT INTO notes (id, call_id, at, elapsed_s, kind, text) VALUES (?, ?, ?, ?, ?, ?)",
    "step_checks": "INSERT INTO step_checks (call_id, step_id, title, done_at, elapsed_s) "
                   "VALUES (?, ?, ?, ?, ?)",
    "mood_samples": "INSERT INTO mood_samples (call_id, at, value) VALUES (?, ?, ?)",
    "card_uses": "INSERT INTO card_uses (call_id, card_id, at, elapsed_s) VALUES (?, ?, ?, ?)",
    "callbacks": "INSERT INTO callbacks (id, call_id, created_at, due_at, promise, phone, "
                 "cadence_minutes, status, done_at, attempts, outcome_note, original_due_at, "
                 "reminded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "callback_events": "INSERT INTO callback_events (callback_id, at, kind, note, due_at) "
                       "VALUES (?, ?, ?, ?, ?)",
}


def _stamp(ts: float) -> str:
    """The text SQLAlchemy's SQLite DateTime (and so TZDateTime) stores for a UTC time."""
    return (_EPOCH + timedelta(seconds=ts)).isoformat(" ", "microseconds")


@dataclass
class _Batch:
    rows: dict[str, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {name: [] for name in _INSERTS})

    def flush(self, conn: Connection) -> None:
        for name, rows in self.rows.items():
            if rows:
                conn.exec_driver_sql(_INSERTS[name], rows)  # type: ignore[arg-type]
                rows.clear()


@dataclass(frozen=True)
class _Customer:
    name: str
    phone: str
    account: str


class DemoHistory:
    """Generates `count` calls ending before `now` and writes them through `engine`."""

    def __init__(self, playbooks: Sequence[Playbook], now: datetime, seed: int = 7) -> None:
        if not playbooks:
            raise ValueError("the demo needs at least one playbook")
        self.playbooks = list(playbooks)
        self.now = now.astimezone(UTC)
        self.rng = random.Random(seed)

    def _customers(self, count: int) -> list[_Customer]:
        rng = self.rng
        pool = []
        for i in range(max(20, count // 4)):
            name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
            phone = f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
            pool.append(_Customer(name, phone, f"AC-{10000 + i}"))
        return pool

    def write(self, engine: Engine, count: int,
              progress: Callable[[int], None] | None = None) -> int:
        rng = self.rng
        customers = self._customers(count)
        # Repeat callers: a few customers ring far more often than the rest.
        weights = [1.0 / (1 + i) ** 0.8 for i in range(len(customers))]
        end_ts = (self.now - _EPOCH.replace(tzinfo=UTC)).total_seconds() - 3600
        start_ts = end_ts - SPAN_DAYS * 86400
        starts = sorted(rng.uniform(start_ts, end_ts) for _ in range(count))
        with engine.begin() as conn:
            call_id = self._next_id(conn, "calls")
            ids = {"note": self._next_id(conn, "notes"),
                   "callback": self._next_id(conn, "callbacks")}
            batch = _Batch()
            who = rng.choices(customers, weights, k=count)
            for done, started in enumerate(starts, 1):
                self._call(batch, call_id, who[done - 1], float(int(started)), ids, end_ts)
                call_id += 1
                if done % CHUNK_CALLS == 0:
                    batch.flush(conn)
                    if progress:
                        progress(done)
            batch.flush(conn)
        with engine.begin() as conn:
            conn.execute(text("PRAGMA optimize"))
        return count

    @staticmethod
    def _next_id(conn: Connection, table: str) -> int:
        return int(conn.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))
                   .scalar_one())

    def _call(self, batch: _Batch, call_id: int, customer: _Customer, started: float,
              ids: dict[str, int], now_ts: float) -> None:
        rng = self.rng
        rows = batch.rows
        playbook = rng.choice(self.playbooks)
        category = rng.choice(CATEGORIES)
        outcome = rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))[0]
        length = rng.uniform(90, 1500)
        topic = rng.choice(words.CATEGORY_TOPICS[category])
        lines: list[tuple[float, str, str]] = []  # (elapsed, kind, text)

        def fill(template: str) -> str:
            return template.format(topic=topic, ref=f"R{rng.randint(100000, 999999)}",
                                   account=customer.account, day=rng.choice(words.DAYS),
                                   agent=rng.choice(words.AGENTS), amount=rng.choice((5, 10, 20)))

        typed = [rng.choice(words.NOTE_OPENERS)] + rng.sample(words.NOTE_MIDDLES,
                                                              rng.randint(1, 4))
        if outcome is not Outcome.DROPPED:
            typed.append(rng.choice(words.NOTE_CLOSERS))
        for i, template in enumerate(typed):
            lines.append((length * (i + 0.5) / (len(typed) + 1), "note", fill(template)))

        ticked = playbook.steps[:rng.randint(1, len(playbook.steps))]
        for i, step in enumerate(ticked):
            elapsed = length * (i + 1) / (len(ticked) + 2)
            rows["step_checks"].append((call_id, step.id, step.title,
                                        _stamp(started + elapsed), elapsed))
            lines.append((elapsed, "step", f"✓ {step.title}"))

        mood = rng.randint(1, 3)
        for i in range(rng.randint(1, 3)):
            elapsed = length * i / 3 + 5
            rows["mood_samples"].append((call_id, _stamp(started + elapsed), mood))
            lines.append((elapsed, "mood", f"Mood {mood}: {MOOD_LABELS[mood]}"))
            mood = max(1, min(5, mood + rng.choice((-1, 1, 1, 2))))

        cards = playbook.cards
        for card in rng.sample(cards, min(len(cards), rng.randint(0, 2))):
            elapsed = rng.uniform(10, length)
            rows["card_uses"].append((call_id, card.id, _stamp(started + elapsed), elapsed))
            lines.append((elapsed, "card", f"Card used: {card.title}"))

        if outcome is Outcome.CALLBACK or rng.random() < 0.08:
            for _ in range(rng.randint(1, 2)):
                elapsed = length * 0.9
                promise = self._callback(batch, call_id, customer, started + elapsed, ids, now_ts)
                lines.append((elapsed, "promise", promise))

        lines.sort(key=lambda line: line[0])
        lines.append((length, "system", f"Call ended: {outcome.label}"))
        for elapsed, kind, line in lines:
            rows["notes"].append((ids["note"], call_id, _stamp(started + elapsed),
                                  round(elapsed, 3), kind, line))
            ids["note"] += 1
        root = rng.choice(words.ROOT_CAUSES[category]) if rng.random() < 0.7 else ""
        rows["calls"].append((call_id, customer.name, customer.phone, customer.account,
                              playbook.id, _stamp(started), _stamp(started + length),
                              outcome.value, category, root))

    def _callback(self, batch: _Batch, call_id: int, customer: _Customer, created: float,
                  ids: dict[str, int], now_ts: float) -> str:
        rng = self.rng
        callback_id = ids["callback"]
        ids["callback"] += 1
        due = created + rng.choice((1, 2, 4, 24, 48)) * 3600
        promise = rng.choice(words.PROMISES)
        events: list[tuple[float, str, str, float | None]] = [(created, "promised", "", due)]
        attempts = 0
        done_at: float | None = None
        outcome_note = ""
        if due > now_ts:
            status = "open"
        elif due > now_ts - 14 * 86400:  # a few recent ones still owed, as on a real desk
            status = rng.choices(("done", "cancelled", "missed", "open"), (70, 8, 12, 10))[0]
        else:  # an agent's old promises were long since kept or called off
            status = rng.choices(("done", "cancelled"), (90, 10))[0]
        if status != "open" or due < now_ts and rng.random() < 0.5:
            if rng.random() < 0.3:
                attempts += 1
                events.append((due + 60, "no_answer",
                               rng.choice(words.OUTCOME_NOTES["no_answer"]), None))
            if status != "open":
                # Most promises are kept around the promised time, a fair share late.
                done_at = due + (rng.uniform(-1800, 240) if rng.random() < 0.7
                                 else rng.uniform(600, 10800))
                outcome_note = rng.choice(words.OUTCOME_NOTES[status])
                attempts += status == "done"
                events.append((done_at, status, outcome_note, None))
        cadence = rng.choice((None, None, 60, 240))
        batch.rows["callbacks"].append((
            callback_id, call_id, _stamp(created), _stamp(due), promise, customer.phone, cadence,
            status, _stamp(done_at) if done_at else None, attempts, outcome_note, _stamp(due),
            _stamp(due - 600) if due < now_ts else None))
        for at, kind, note, event_due in events:
            batch.rows["callback_events"].append(
                (callback_id, _stamp(at), kind, note,
                 _stamp(event_due) if event_due else None))
        when = (_EPOCH + timedelta(seconds=due)).strftime("%d %b %H:%M")
        return f"Callback promised for {when} UTC: {promise}"


def elapsed_label(seconds: float) -> str:
    return format_elapsed(seconds)
