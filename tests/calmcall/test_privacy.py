"""Card numbers are masked before storage; other numbers are left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calmcall.privacy import luhn_valid, mask_card_numbers


def with_check_digit(body: str) -> str:
    """`body` plus the digit that makes it pass the Luhn check."""
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


CARD_13 = with_check_digit("422222222222")
CARD_16 = "4111111111111111"
CARD_19 = with_check_digit("621234567890123456")


def test_test_numbers_are_what_they_claim() -> None:
    assert (len(CARD_13), len(CARD_16), len(CARD_19)) == (13, 16, 19)
    assert all(luhn_valid(n) for n in (CARD_13, CARD_16, CARD_19))
    assert not luhn_valid("4111111111111112")


def spaced(number: str, sep: str = " ") -> str:
    return sep.join(number[i:i + 4] for i in range(0, len(number), 4))


@pytest.mark.parametrize("number", [CARD_13, CARD_16, CARD_19])
@pytest.mark.parametrize("layout", [str, spaced, lambda n: spaced(n, "-")])
def test_valid_card_numbers_keep_only_the_last_four(number: str, layout: object) -> None:
    text = f"Paid with {layout(number)} yesterday"  # type: ignore[operator]
    assert mask_card_numbers(text) == f"Paid with [card ••••{number[-4:]}] yesterday"


@pytest.mark.parametrize("text", [
    "Card 4111 1111 1111 1112 declined",  # fails the Luhn check
    f"Order {with_check_digit('41111111111')}",  # 12 digits, Luhn-valid
    f"Ref {with_check_digit('4111111111111111111')}",  # 20 digits, Luhn-valid
    "Call back on +44 20 7946 0958",
    "Call back on 0049-170-1234567",
    "Ticket 2026-03-02 at 14:00",
    "No digits at all",
])
def test_other_numbers_are_untouched(text: str) -> None:
    assert mask_card_numbers(text) == text


def test_several_numbers_in_one_text() -> None:
    text = "Tried 4111 1111 1111 1111, then 5555-5555-5555-4444, order 123456"
    assert mask_card_numbers(text) == (
        "Tried [card ••••1111], then [card ••••4444], order 123456")


@pytest.mark.parametrize(("text", "masked"), [
    ("4111 1111 1111 1111 12/27", "[card ••••1111] 12/27"),  # expiry straight after
    ("ref 12 4111 1111 1111 1111", "ref 12 [card ••••1111]"),  # number straight before
])
def test_card_next_to_another_number_is_still_masked(text: str, masked: str) -> None:
    assert mask_card_numbers(text) == masked


@given(st.text(alphabet="abc .,:/", max_size=20), st.text(alphabet="abc .,:/", max_size=20),
       st.from_regex(r"\A[0-9]{15}\Z"))
def test_a_card_anywhere_never_survives(before: str, after: str, body: str) -> None:
    number = with_check_digit(body)
    masked = mask_card_numbers(f"{before} {spaced(number)} {after}")
    assert number[:12] not in masked.replace(" ", "")
    assert f"••••{number[-4:]}" in masked


def test_card_numbers_pasted_with_tabs_line_breaks_or_wide_digits_are_masked():
    from calmcall.services.calls import clean_text

    for pasted in ("4111\t1111\t1111\t1111", "4111\r\n1111 1111 1111", "4111  1111 1111 1111",
                   "4111 - 1111 - 1111 - 1111", "４１１１ １１１１ １１１１ １１１１"):
        assert clean_text(pasted) == "[card ••••1111]", pasted
    assert clean_text("call 020 7946 0000 back") == "call 020 7946 0000 back"
