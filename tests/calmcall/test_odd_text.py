"""Whatever an agent types or pastes (any Unicode, right-to-left text, emoji, control characters,
markup, 1 MB) is stored, exported, imported and printed faithfully, or visibly cleaned, and
nothing crashes."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from calmcall.clock import FakeClock
from calmcall.domain import Customer, NoteKind
from calmcall.paths import resolve
from calmcall.services.calls import CallService, clean_text
from calmcall.services.export import export_json, write_json
from calmcall.services.importer import import_export
from calmcall.services.summary import MAX_NOTE_CHARS, summary_html
from calmcall.storage.engine import open_database

NASTY = ["مرحبا، أين طلبي؟", "שלום ‏abc‎ עולם", "👩‍👩‍👧‍👦🔥 ✓", "<script>alert(1)</script>",
         "a\x00b\x1bc\x7f", "\u202eevil\u202c", "'; DROP TABLE calls; --", "{customer} [x] {}",
         "line one\nline two\r\nthree", "\t tabbed \t", "e\u0301 vs é", "\ufeffBOM", "   "]

odd_text = st.one_of(st.text(max_size=300), st.sampled_from(NASTY),
                     st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Mn"]),
                             max_size=40))
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
TAG = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """An empty, migrated database to copy: migrating one per example would take minutes."""
    folder = tmp_path_factory.mktemp("template")
    open_database(folder / "calmcall.sqlite3").kw["bind"].dispose()
    return folder / "calmcall.sqlite3"


def fresh_db(tmp_path_factory, template, name):
    folder = tmp_path_factory.mktemp(name)
    shutil.copyfile(template, folder / "calmcall.sqlite3")
    return folder


def cleaned_visibly(raw: str, stored: str) -> bool:
    """Stored text is the typed text, or the typed text with control characters turned into
    spaces, the ends trimmed, and card numbers masked: never silently something else."""
    return stored == clean_text(raw) and all(
        ch == "\t" or unicodedata.category(ch) != "Cc" for ch in stored)


@SETTINGS
@given(name=odd_text, phone=odd_text, note=odd_text)
@example(name="Ada", phone="020", note="x" * 1_000_000)  # a 1 MB paste
def test_odd_text_is_stored_faithfully_or_visibly_cleaned(tmp_path_factory, template, name,
                                                          phone, note):
    folder = fresh_db(tmp_path_factory, template, "odd")
    calls = CallService(open_database(folder / "calmcall.sqlite3"), FakeClock(START))
    call = calls.start_call("defuse", Customer(name, phone, ""))
    expected = clean_text(note)
    if expected:
        calls.add_note(call.id, note)
    again = CallService(open_database(folder / "calmcall.sqlite3")).record(call.id)
    assert cleaned_visibly(name, again.call.customer.name)
    assert cleaned_visibly(phone, again.call.customer.phone)
    typed = [n.text for n in again.notes if n.kind == NoteKind.NOTE]
    assert typed == ([expected] if expected else [])
    if expected and "\x00" not in note and all(unicodedata.category(c) != "Cc" for c in note):
        assert typed[0] == note.strip()  # nothing to clean: kept exactly as typed


@SETTINGS
@given(name=odd_text, note=odd_text)
@example(name="Ada", note="x" * 1_000_000)
def test_odd_text_survives_export_and_import(tmp_path_factory, template, name, note):
    first = fresh_db(tmp_path_factory, template, "first")
    clock = FakeClock(START)
    sessions = open_database(resolve(first).database)
    calls = CallService(sessions, clock)
    call = calls.start_call("defuse", Customer(name, "", ""))
    if clean_text(note):
        calls.add_note(call.id, note)
    exported = first / "export.json"
    with exported.open("w", encoding="utf-8") as out:
        write_json(sessions, out, clock=clock)

    second = fresh_db(tmp_path_factory, template, "second")
    fresh = open_database(resolve(second).database)
    import_export(fresh, exported)
    assert export_json(fresh, clock=clock)["calls"] == json.loads(
        exported.read_text(encoding="utf-8"))["calls"]


@SETTINGS
@given(name=odd_text, note=odd_text)
@example(name="<b>Ada</b>", note="<img src=x onerror=alert(1)> & co")
@example(name="Ada", note="y" * 1_000_000)
def test_odd_text_prints_as_text_never_as_markup(tmp_path_factory, template, name, note):
    folder = fresh_db(tmp_path_factory, template, "print")
    calls = CallService(open_database(folder / "calmcall.sqlite3"), FakeClock(START))
    call = calls.start_call("defuse", Customer(name, "", ""))
    stored = clean_text(note)
    if stored:
        calls.add_note(call.id, note)
    record = calls.record(call.id)
    page = summary_html(record, now=START)
    if stored:
        shown = (stored if len(stored) <= MAX_NOTE_CHARS else stored[:MAX_NOTE_CHARS - 20])[:200]
        assert str(escape(shown)) in page  # shown, as text
    # Never as markup: the page has exactly the tags it has for plain words.
    plain = replace(record, call=replace(record.call, customer=Customer("Plain name")),
                    notes=tuple(replace(n, text="plain words") for n in record.notes))
    assert TAG.findall(page) == TAG.findall(summary_html(plain, now=START))
