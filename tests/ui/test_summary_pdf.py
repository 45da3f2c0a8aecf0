"""`calmcall summary CALL_ID --pdf FILE [--customer]`: real PDFs, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

import main
from calmcall.domain import CallbackStatus, Outcome
from calmcall.storage.models import CallbackRow
from tests.helpers.core import START, customer, make_core, step

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed")

INTERNAL = "Supervisor thinks the customer exaggerates"


def pdf_text(path: Path) -> str:
    """The text, with "ﬁ"-style ligatures (the PDF font has them) spelled out."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout.replace("ﬁ", "fi")


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    core = make_core(folder)
    call = core.calls.start_call("defuse", customer(name="Dana Reyes"))
    core.clock.advance(65)
    core.calls.tick_step(call.id, step("listen", "Listen"))
    core.calls.add_note(call.id, f"{INTERNAL} <b>not bold</b>")
    for i in range(200):  # far more than a page holds
        core.clock.advance(3)
        core.calls.add_note(call.id, f"detail line {i} " + "words " * (i % 30))
    with core.sessions() as s, s.begin():
        s.add(CallbackRow(call_id=call.id, created_at=core.clock.now(),
                          due_at=START + timedelta(days=1), promise="Call back about the refund",
                          status=CallbackStatus.OPEN.value))
    core.calls.end_call(call.id, Outcome.CALLBACK, "Billing", "refund batch failed")
    core.close()
    return folder


def test_internal_summary_pdf(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    assert main.main(["--data-dir", str(data), "summary", "1", "--pdf", str(out)]) == 0
    text = pdf_text(out)
    assert "Dana Reyes" in text
    assert "[01:05]" in text and INTERNAL in text
    assert "<b>not bold</b>" in text  # printed as typed, not interpreted
    assert "Call back about the refund" in text
    assert "refund batch failed" in text
    assert "more lines" in text
    assert pages(out) == 1


def test_customer_version_has_no_internal_note(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "customer.pdf"
    assert main.main(["--data-dir", str(data), "summary", "1", "--pdf", str(out),
                      "--customer"]) == 0
    text = pdf_text(out)
    assert "Dana Reyes" in text
    assert "Call back about the refund" in text
    assert INTERNAL not in text
    assert "detail line" not in text
    assert "refund batch failed" not in text
    assert pages(out) == 1


def test_unknown_call(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["--data-dir", str(data), "summary", "99", "--pdf",
                      str(tmp_path / "x.pdf")]) == 1
    assert "there is no call 99" in capsys.readouterr().err
