"""Masking of payment card numbers before anything is stored.

A run of 13 to 19 digits (spaces, tabs, line breaks or dashes allowed between the groups, as a
paste brings them) that passes the Luhn check is replaced by its last four digits; anything else
(order numbers, phone numbers) is left alone. Full-width digits count too.
"""

from __future__ import annotations

import re

# A run of digit groups joined by up to three spaces, tabs, line breaks or dashes. The card
# number is looked for as a span of whole groups inside the run, so a card followed or preceded
# by another number ("4111 1111 1111 1111 12/27", "ref 12 4111 ...") is still found.
_RUN = re.compile(r"\d+(?:[\s-]{1,3}\d+)*", re.ASCII)
# Full-width digits are found as their ASCII twins; one character maps to one, so spans match.
_ASCII_DIGITS = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})
_GROUP = re.compile(r"\d+", re.ASCII)


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card_span(groups: list[re.Match[str]], first: int) -> tuple[int, str] | None:
    """The longest Luhn-valid span of 13-19 digits starting at group `first`."""
    digits = ""
    found = None
    for last in range(first, len(groups)):
        digits += groups[last].group()
        if len(digits) > 19:
            break
        if len(digits) >= 13 and luhn_valid(digits):
            found = (last, digits)
    return found


def _mask(match: re.Match[str]) -> str:
    run = match.group(0)
    groups = list(_GROUP.finditer(run))
    if sum(len(g.group()) for g in groups) < 13:
        return run
    parts: list[str] = []
    done = 0  # end of what has been copied to parts
    i = 0
    while i < len(groups):
        span = _card_span(groups, i)
        if span is None:
            i += 1
            continue
        last, digits = span
        parts += [run[done:groups[i].start()], f"[card ••••{digits[-4:]}]"]
        done = groups[last].end()
        i = last + 1
    parts.append(run[done:])
    return "".join(parts)


def mask_card_numbers(text: str) -> str:
    if not any(ch.isdigit() for ch in text):
        return text
    probe = text.translate(_ASCII_DIGITS)
    parts: list[str] = []
    done = 0
    for match in _RUN.finditer(probe):
        masked = _mask(match)
        if masked != match.group(0):
            parts += [text[done:match.start()], masked]
            done = match.end()
    parts.append(text[done:])
    return "".join(parts)
