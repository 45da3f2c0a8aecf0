"""`calmcall report --week --pdf FILE`: a real PDF, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pytest

import main
from calmcall.domain import Outcome
from tests.helpers.core import make_core

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed")


def test_weekly_review_pdf(tmp_path):
    core = make_core(tmp_path / "data")
    for day, outcome, root in ((2, Outcome.RESOLVED, "Courier lost parcel"),
                               (3, Outcome.ESCALATED, "courier lost parcel "),
                               (4, Outcome.RESOLVED, "Refund <b>late</b>"),
                               (24, Outcome.RESOLVED, "not this week")):
        core.clock.set(datetime(2026, 2 if day == 24 else 3, day, 10, tzinfo=UTC))
        call = core.calls.start_call("defuse")
        core.calls.record_mood(call.id, 1)
        core.calls.record_mood(call.id, 4)
        core.clock.advance(600)
        core.calls.end_call(call.id, outcome, "Delivery", root)
    core.close()
    out = tmp_path / "week.pdf"
    assert main.main(["--data-dir", str(tmp_path / "data"), "report", "--week",
                      "--date", "2026-03-04", "--pdf", str(out)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Weekly review" in text
    assert "Week of 2 Mar – 8 Mar 2026" in text
    assert "Calls" in text and "10:00" in text  # three calls of ten minutes each
    assert "courier lost parcel" in text
    assert "refund <b>late</b>" in text  # escaped: printed as typed
    assert "Ended calmer" in text and "100%" in text
    assert "Calls per day, by outcome" in text  # the charts are in



def test_report_without_the_pdf_option_is_a_usage_error(tmp_path):
    from calmcall.cli import main as cli_main

    assert cli_main(["--data-dir", str(tmp_path), "report", "--week"]) == 2
