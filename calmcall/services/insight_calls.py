"""The calls behind a bar of an insights chart, for opening them in the history.

Outcome and category bars need no help: the history filter has both. The rest (a root cause,
a skipped step, callbacks kept or missed) are answered here as call ids, which the history
filter takes as its `call_ids`, using the same rules as `calmcall.services.insights`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from calmcall.clock import Clock, SystemClock
from calmcall.services.callbacks import MISSED_AFTER
from calmcall.services.insight_periods import stored
from calmcall.services.insights import ON_TIME_GRACE

# The callback buckets of CallbackKeeping, as SQL over a `callbacks` row.
_KEPT = {
    "on_time": "status = 'done' AND done_at IS NOT NULL AND (julianday(done_at) - "
               "julianday(coalesce(original_due_at, due_at))) * 86400.0 <= :grace_s + 0.001",
    "late": "status = 'done' AND NOT (done_at IS NOT NULL AND (julianday(done_at) - "
            "julianday(coalesce(original_due_at, due_at))) * 86400.0 <= :grace_s + 0.001)",
    "missed": "(status = 'missed' OR (status = 'open' AND due_at < :missed_before))",
}


class InsightCalls:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock | None = None) -> None:
        self._sessions = sessions
        self.clock = clock or SystemClock()

    def _ids(self, sql: str, **params: object) -> tuple[int, ...]:
        with self._sessions() as s:
            return tuple(s.scalars(text(sql), params))

    def with_root_cause(self, lo: datetime, hi: datetime, cause: str) -> tuple[int, ...]:
        """Calls started in [lo, hi) whose root cause reads `cause` once lower-cased/trimmed."""
        return self._ids("SELECT id FROM calls WHERE started_at >= :lo AND started_at < :hi "
                         "AND lower(trim(root_cause)) = :cause",
                         lo=stored(lo), hi=stored(hi), cause=cause.strip().lower())

    def skipping(self, lo: datetime, hi: datetime, playbook_id: str,
                 step_id: str) -> tuple[int, ...]:
        """Ended calls of the playbook started in [lo, hi) on which the step was never ticked."""
        return self._ids(
            "SELECT id FROM calls c WHERE started_at >= :lo AND started_at < :hi "
            "AND ended_at IS NOT NULL AND playbook_id = :pb AND NOT EXISTS "
            "(SELECT 1 FROM step_checks k WHERE k.call_id = c.id AND k.step_id = :st)",
            lo=stored(lo), hi=stored(hi), pb=playbook_id, st=step_id)

    def with_callbacks(self, lo: datetime, hi: datetime, kept: str) -> tuple[int, ...]:
        """Calls with a callback first promised in [lo, hi) that was `kept` (on_time, late or
        missed)."""
        if kept not in _KEPT:
            raise ValueError(f"unknown callback result {kept!r}")
        return self._ids(
            "SELECT DISTINCT call_id FROM callbacks WHERE coalesce(original_due_at, due_at) "
            f">= :lo AND coalesce(original_due_at, due_at) < :hi AND {_KEPT[kept]}",
            lo=stored(lo), hi=stored(hi), grace_s=ON_TIME_GRACE.total_seconds(),
            missed_before=stored(self.clock.now() - MISSED_AFTER))
