"""Card text filling: optional segments, neutral wording, and no raw braces ever."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calmcall.placeholders import KNOWN, NEUTRAL, fill, placeholders_in

FULL = {"customer": "Dana", "agent": "Sam", "company": "Acme", "callback_time": "by 4 pm"}


def test_optional_segment_is_kept_when_its_value_is_present() -> None:
    filled = fill("[{customer}, ]I can help you with that.", FULL)
    assert filled == "Dana, I can help you with that."


@pytest.mark.parametrize("values", [{}, {"customer": ""}, {"customer": "   "}])
def test_optional_segment_is_dropped_when_its_value_is_missing(values: dict[str, str]) -> None:
    assert fill("[{customer}, ]I can help you with that.", values) == "I can help you with that."


def test_optional_segment_needs_every_placeholder_inside_it() -> None:
    text = "[This is {agent} from {company}. ]How can I help?"
    assert fill(text, {"agent": "Sam"}) == "How can I help?"
    assert fill(text, FULL) == "This is Sam from Acme. How can I help?"


def test_brackets_without_a_placeholder_stay_literal() -> None:
    assert fill("Press [Enter] to continue.", {}) == "Press [Enter] to continue."


@pytest.mark.parametrize(("text", "expected"), [
    ("I'll call you back {callback_time}.", "I'll call you back as soon as I can."),
    ("{company} is sorry.", "Our team is sorry."),
    ("Thanks for calling, {customer}.", "Thanks for calling."),
    ("{customer}, I can help.", "I can help."),
])
def test_missing_values_outside_segments_become_neutral_words(text: str, expected: str) -> None:
    assert fill(text, {}) == expected


def test_neutral_words_cover_every_known_placeholder() -> None:
    assert set(NEUTRAL) == set(KNOWN)


@pytest.mark.parametrize("text", ["Hello {foo}!", "Hello { foo }!", "Hello {!", "Hello }!",
                                  "Hello {}!", "Hello [{foo} ]!"])
def test_unknown_placeholders_and_stray_braces_disappear(text: str) -> None:
    assert fill(text, FULL) == "Hello!"


def test_values_are_inserted_literally() -> None:
    result = fill("[{customer}, ]hi {agent}.", {"customer": "{agent} [x]", "agent": "Sam"})
    assert result == "{agent} [x], hi Sam."


def test_first_letter_is_capitalised_and_spacing_tidied() -> None:
    assert fill("[{customer}, ]thanks  for waiting .", {}) == "Thanks for waiting."
    assert fill("{customer} thanks you", {"customer": "dana"}) == "Dana thanks you"
    assert fill('"i can help," {agent} said', {"agent": "Sam"}) == '"I can help," Sam said'


def test_placeholders_in_lists_known_and_unknown_names() -> None:
    assert placeholders_in("[{customer}, ]{agent} {foo} {}") == {"customer", "agent", "foo"}


@given(st.text(), st.dictionaries(st.sampled_from(KNOWN),
                                  st.text().filter(lambda v: not set(v) & set("{}"))))
def test_no_brace_ever_reaches_the_screen(text: str, values: dict[str, str]) -> None:
    filled = fill(text, values)
    assert "{" not in filled
    assert "}" not in filled
