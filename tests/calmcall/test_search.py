"""Full-text search: any typed text is safe, hits come newest first, highlights are escaped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from calmcall.domain import Outcome
from calmcall.services.search import SearchService, fts_query
from tests.helpers.core import Core, customer, make_core


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    core = make_core(tmp_path)
    yield core
    core.close()


@pytest.fixture
def search(core: Core) -> SearchService:
    return SearchService(core.sessions)


def call_with(core: Core, *notes: str, name: str = "Dana Price",
              phone: str = "+44 20 7946 0958", root: str = "") -> int:
    call = core.calls.start_call("defuse", customer(name=name, phone=phone))
    for text in notes:
        core.clock.advance(10)
        core.calls.add_note(call.id, text)
    core.clock.advance(60)
    core.calls.end_call(call.id, Outcome.RESOLVED, "Billing", root)
    core.clock.advance(days=1)
    return call.id


AWKWARD = ['"', '""', "*", "AND", "OR", "NOT", "NEAR(", "NEAR(a b", "-", ":", "text:refund",
           "^", "(", ")", "{a b}", "'", "😡", "😡😡 refund", "שלום", "مرحبا بكم", "\x00", "",
           "   ", "a" * 5000, "refund\"*", "x" * 1_000_000, ("word " * 200_000)]


@pytest.mark.parametrize("typed", AWKWARD, ids=lambda t: repr(t[:12]))
def test_any_typed_text_is_safe(search: SearchService, core: Core, typed: str) -> None:
    call_with(core, "Refund promised, AND then NEAR the end", "שלום עולם", "مرحبا بكم")
    result = search.search(typed)  # must never raise
    assert isinstance(result.hits, tuple)


def test_operator_words_are_plain_words(search: SearchService, core: Core) -> None:
    hit = call_with(core, "customer said NEAR the depot")
    call_with(core, "nothing here")
    assert search.search("NEAR").call_ids == (hit,)
    assert search.search("near(").call_ids == (hit,)


def test_no_words_is_no_query(search: SearchService) -> None:
    for typed in ("*", "-", ":", '"', "😡", "  "):
        assert fts_query(typed) == ""
        assert search.search(typed).hits == ()


def test_last_word_matches_as_a_prefix_while_typing(search: SearchService, core: Core) -> None:
    hit = call_with(core, "Refund for the double charge")
    assert search.search("refu").call_ids == (hit,)
    assert search.search("double char").call_ids == (hit,)
    assert search.search("refu ").call_ids == ()  # a finished word is matched whole


def test_matches_in_notes_customer_phone_and_root_cause(search: SearchService,
                                                       core: Core) -> None:
    by_note = call_with(core, "parcel left in the rain", name="Sam Okafor", phone="0161 496 0000")
    by_name = call_with(core, "nothing", name="Ingrid Lindqvist", phone="0161 496 0001")
    by_phone = call_with(core, "nothing", name="Jo Bloggs", phone="+44 7946 123456")
    by_root = call_with(core, "nothing", name="Al Pat", phone="1", root="expired certificate")
    assert search.search("rain").call_ids == (by_note,)
    assert search.search("lindqvist").call_ids == (by_name,)
    assert search.search("7946 123456").call_ids == (by_phone,)
    assert search.search("447946123456").call_ids == (by_phone,)  # typed without spaces
    assert search.search("certificate").call_ids == (by_root,)
    wheres = {h.where for h in search.search("lindqvist").hits}
    assert wheres == {"customer"}


def test_accents_and_case_do_not_matter(search: SearchService, core: Core) -> None:
    hit = call_with(core, "Spoke to Chloé Müller")
    assert search.search("chloe muller").call_ids == (hit,)


def test_newest_first(search: SearchService, core: Core) -> None:
    ids = [call_with(core, f"refund request number {i}") for i in range(5)]
    assert search.search("refund").call_ids == tuple(reversed(ids))


def test_customer_renamed_after_the_call_is_found_by_the_new_name(search: SearchService,
                                                                  core: Core) -> None:
    call_id = call_with(core, "x", name="Old Name")
    core.calls.update_customer(call_id, customer(name="Brand Newname"))
    assert search.search("newname").call_ids == (call_id,)
    assert search.search("old name").call_ids == ()


def test_highlight_marks_words_and_escapes_html(search: SearchService, core: Core) -> None:
    call_with(core, "<script>alert('refund')</script> & <b>bold</b> refund")
    (hit,) = search.search("refund").hits
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "&amp;" in hit.snippet_html
    assert "&lt;b&gt;bold&lt;/b&gt;" in hit.snippet_html
    assert hit.snippet_html.count("<b>refund</b>") == 2
    assert hit.stamp == "00:10"


def test_generated_lines_are_not_indexed(search: SearchService, core: Core) -> None:
    from tests.helpers.core import step

    call = core.calls.start_call("defuse", customer())
    core.calls.tick_step(call.id, step("listen", "Listen"))
    core.calls.record_mood(call.id, 2)
    assert search.search("listen").hits == ()
    assert search.search("angry").hits == ()


def test_limit_says_there_is_more(search: SearchService, core: Core) -> None:
    call_id = call_with(core, *[f"refund line {i}" for i in range(8)])
    result = search.search("refund", limit=5)
    assert len(result.hits) == 5
    assert result.more
    assert result.call_ids == (call_id,)
