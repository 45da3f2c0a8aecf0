"""Masking of payment card numbers before anything is stored.

A run of 13 to 19 digits (spaces or dashes allowed between them) that passes the Luhn check
is replaced by its last four digits; anything else (order numbers, phone numbers) is left alone.
"""

from __future__ import annotations

import re

_CANDIDATE = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])")


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


def _mask(match: re.Match[str]) -> str:
    raw = match.group(0)
    digits = re.sub(r"[ -]", "", raw)
    if 13 <= len(digits) <= 19 and luhn_valid(digits):
        return f"[card ••••{digits[-4:]}]"
    return raw


def mask_card_numbers(text: str) -> str:
    if not any(ch.isdigit() for ch in text):
        return text
    return _CANDIDATE.sub(_mask, text)
