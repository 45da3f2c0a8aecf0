"""PDF output: real files, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ui.printing import html_to_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed")


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_html_becomes_a_pdf_with_its_text(qapp, tmp_path):
    out = tmp_path / "x.pdf"
    pages = html_to_pdf("<h1>Call summary</h1><p>Dana Reyes &lt;b&gt;not bold&lt;/b&gt; ✓</p>",
                        out)
    assert pages == 1
    text = pdf_text(out)
    assert "Call summary" in text
    assert "Dana Reyes <b>not bold</b> ✓" in text
