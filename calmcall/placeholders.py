"""Fills script-card text such as "[{customer}, ]I can help you with that." for the screen.

The rule the whole app relies on: a raw `{…}` never reaches the agent. Square brackets mark an
optional part that is kept only when every placeholder inside it has a value; elsewhere a
missing value becomes neutral wording, and unknown placeholders or stray braces disappear.

Values are user data (a customer may really be called "{agent}"), so they are inserted in a
single pass and never expanded again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

KNOWN: tuple[str, ...] = ("customer", "agent", "company", "callback_time")

# What a sentence says when the value is missing. The customer's name has no good neutral
# stand-in ("I'm sorry, you."), so it simply drops out and the tidy-up below removes the
# dangling comma; built-in cards keep {customer} inside optional segments anyway.
NEUTRAL: dict[str, str] = {
    "customer": "",
    "agent": "I",
    "company": "our team",
    "callback_time": "as soon as I can",
}

# `{ name }` with optional inner spaces, or any lone brace (typo or leftover).
_TOKEN = re.compile(r"\{\s*(\w*)\s*\}|[{}]")
_PLACEHOLDER = re.compile(r"\{\s*(\w+)\s*\}")
# Innermost [...]; nesting is not part of the format.
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")

_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.!?;:])")
_COMMA_BEFORE_PUNCT = re.compile(r",+(?=[,.!?;:])")
_LEADING_JUNK = re.compile(r"^[\s,;:]+")


def placeholders_in(text: str) -> set[str]:
    """Names of all `{name}` placeholders in `text`, known or not."""
    return set(_PLACEHOLDER.findall(text))


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text as the agent should read it aloud, with no placeholder syntax left."""
    clean = {name: _clean_value(values.get(name)) for name in KNOWN}
    parts: list[str] = []
    pos = 0
    for match in _OPTIONAL.finditer(text):
        parts.append(_substitute(text[pos:match.start()], clean))
        inner = match.group(1)
        names = placeholders_in(inner)
        if not names and "{" not in inner and "}" not in inner:
            # Brackets without a placeholder are ordinary text, e.g. "[sic]".
            parts.append(_substitute(match.group(0), clean))
        elif all(clean.get(name) for name in names):
            parts.append(_substitute(inner, clean))
        pos = match.end()
    parts.append(_substitute(text[pos:], clean))
    return _tidy("".join(parts))


def _clean_value(value: object) -> str:
    # A name pasted with a line break would otherwise split the spoken sentence.
    return " ".join(str(value).split()) if value is not None else ""


def _substitute(part: str, clean: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in NEUTRAL:
            return clean.get(name) or NEUTRAL[name]
        return ""  # unknown placeholder or stray brace

    return _TOKEN.sub(replace, part)


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _COMMA_BEFORE_PUNCT.sub("", text)
    text = _LEADING_JUNK.sub("", text).rstrip()
    return _capitalise_first_letter(text)


def _capitalise_first_letter(text: str) -> str:
    # Skip opening quotes only: a card may start with a quoted phrase.
    body = text.lstrip("\"'\u201c\u2018")
    start = len(text) - len(body)
    return text[:start] + body[:1].upper() + body[1:]
