"""`calmcall demo`: every outcome, category, mood and callback state, searchable, and fast."""

from __future__ import annotations

import time
from pathlib import Path

from calmcall.cli import main
from calmcall.domain import CATEGORIES, CallbackStatus, Outcome
from calmcall.services.search import SearchService
from tests.helpers.core import make_core


def test_demo_fills_every_state_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    assert main(["--data-dir", str(tmp_path), "demo", "--calls", "3000"]) == 0
    assert time.perf_counter() - started < 10  # 100,000 must fit in a minute
    core = make_core(tmp_path)
    try:
        assert core.raw("SELECT count(*) FROM calls") == [(3000,)]
        outcomes = {r[0] for r in core.raw("SELECT DISTINCT outcome FROM calls")}
        assert outcomes == {o.value for o in Outcome}
        assert {r[0] for r in core.raw("SELECT DISTINCT category FROM calls")} == set(CATEGORIES)
        assert {r[0] for r in core.raw("SELECT DISTINCT value FROM mood_samples")} == {1, 2, 3,
                                                                                      4, 5}
        statuses = {r[0] for r in core.raw("SELECT DISTINCT status FROM callbacks")}
        assert statuses == {s.value for s in CallbackStatus}
        assert core.raw("SELECT count(*) FROM callback_events")[0][0] > 0
        repeat = core.raw("SELECT max(n) FROM (SELECT count(*) n FROM calls "
                          "GROUP BY customer_name, customer_phone)")[0][0]
        assert repeat > 3  # repeat callers
        assert core.raw("PRAGMA integrity_check") == [("ok",)]
        # The search index saw every typed note.
        hits = SearchService(core.sessions).search("apologised for the wait", limit=10_000)
        typed = core.raw("SELECT count(*) FROM notes WHERE text LIKE "
                         "'Apologised for the wait%'")[0][0]
        assert len(hits.hits) == typed > 0
    finally:
        core.close()
