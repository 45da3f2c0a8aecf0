"""The playbook library: built-in TOML playbooks plus the agent's own, and card search.

A broken file never stops the app. It is skipped with one message that names the file and
the line to look at, and every other playbook still loads. If nothing loads at all, a tiny
fallback playbook keeps the window usable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from calmcall.domain import Card, Playbook, Step
from calmcall.paths import Paths, resource_dir
from calmcall.placeholders import KNOWN, placeholders_in
from calmcall.services.playbook_cache import ParsedCache, stamp

BUILTIN_ORDER = ("defuse", "stay_calm", "fire_drill", "make_it_right")
MAX_STEPS = 9  # Ctrl+1 … Ctrl+9 is all the keyboard offers
_ID = re.compile(r"^[A-Za-z0-9_-]+$")  # no dots: card ids are "<playbook>.<card>"
_NOT_LOADED = "This playbook was not loaded; the others are fine."

FALLBACK = Playbook(
    id="basic",
    name="Basic",
    description="Shown only because no other playbook could be loaded.",
    steps=(
        Step(
            id="listen",
            title="Listen",
            hint="Let them finish, take notes, then say what you will do next.",
            cards=(Card("basic.can-help", "I can help", "I can help you with that.",
                        "listen", "basic"),),
        ),
    ),
)


class PlaybookError(ValueError):
    """A playbook file that cannot be used; `line` points the agent at the spot to fix."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


class PlaybookLibrary:
    """All playbooks, loaded once at start-up.

    `playbooks` lists the built-ins in their fixed order (a user file with the same id takes
    the built-in's place), then the user's other playbooks sorted by name. `problems` holds
    one user-facing message per file that could not be loaded.
    """

    def __init__(self, builtin_dir: Path, user_dir: Path | None,
                 cache: ParsedCache | None = None) -> None:
        self.problems: list[str] = []
        self._cache = cache
        builtins = self._load_dir(builtin_dir, "built-in", _builtin_sort_key)
        users = self._load_dir(user_dir, None, lambda p: p.name) if user_dir else []
        if cache is not None:
            cache.save()
        by_id = {pb.id: pb for pb in users}
        merged = [by_id.pop(pb.id, pb) for pb in builtins]
        merged += sorted(by_id.values(), key=lambda pb: (pb.name.casefold(), pb.id))
        if not merged:
            merged = [FALLBACK]
            self.problems.append(
                "No playbook could be loaded, so a basic one is shown instead. "
                "Check the playbook files named above.")
        self.playbooks: list[Playbook] = merged

    def get(self, playbook_id: str) -> Playbook | None:
        return next((pb for pb in self.playbooks if pb.id == playbook_id), None)

    def default(self, preferred_id: str) -> Playbook:
        """The preferred playbook, or the first one if it is gone (e.g. a deleted user file)."""
        return self.get(preferred_id) or self.playbooks[0]

    @cached_property
    def _index(self) -> list[_IndexedCard]:
        # Built at the first search, not at start-up: the window should show first.
        return [_IndexedCard.of(pb, step, card)
                for pb in self.playbooks for step in pb.steps for card in step.cards]

    def search_cards(self, query: str, limit: int = 30) -> list[Card]:
        """Cards whose title, text, step title or playbook name hold every word of `query`.

        Plain substring matching, so quotes, '*', brackets or emoji are just characters.
        Cards matching in their own title come first; otherwise playbook order is kept.
        """
        words = _normalise(query).split()
        if not words or limit <= 0:
            return []
        hits = [(rank, n, entry.card) for n, entry in enumerate(self._index)
                if (rank := entry.rank(words)) is not None]
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        return [card for _, _, card in hits[:limit]]

    def _load_dir(self, folder: Path, source: str | None,
                  sort_key: Callable[[Path], Any]) -> list[Playbook]:
        try:
            files = sorted((p for p in folder.glob("*.toml") if p.is_file()), key=sort_key)
        except OSError as exc:
            self.problems.append(f"The playbook folder {folder} could not be read ({exc}).")
            return []
        loaded: dict[str, tuple[Playbook, Path]] = {}
        for path in files:
            try:
                playbook = self._load(path, source or str(path))
                if playbook.id in loaded:
                    raise PlaybookError(1, f'the id "{playbook.id}" is already used by '
                                           f"{loaded[playbook.id][1].name}.")
            except PlaybookError as exc:
                self.problems.append(f"{path.name}, line {exc.line}: {exc.reason} {_NOT_LOADED}")
                continue
            loaded[playbook.id] = (playbook, path)
        return [pb for pb, _ in loaded.values()]


    def _load(self, path: Path, source: str) -> Playbook:
        cached = self._cache.get(path) if self._cache else None
        if cached is not None:
            try:
                return _Checker(cached, _Locator("")).playbook(source)
            except PlaybookError:
                pass  # the rules changed since it was cached: a full read finds the line
        seen = stamp(path)
        playbook, data = read_playbook(path, source)
        if self._cache is not None:
            self._cache.put(path, seen, data)
        return playbook


def read_playbook(path: Path, source: str) -> tuple[Playbook, dict[str, Any]]:
    """Read and check one playbook file: the playbook, and the TOML data it was built from.
    Raises PlaybookError with the line to look at."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlaybookError(1, f"the file could not be read ({exc.strerror or exc}).") from exc
    try:
        # utf-8-sig: editors on Windows like to start files with a byte-order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise PlaybookError(line, "the file is not saved as UTF-8 text.") from exc
    return _parse(text, source)


def _parse(text: str, source: str) -> tuple[Playbook, dict[str, Any]]:
    import tomllib  # 5 ms to import: a start that finds every file in the cache skips it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text) from exc
    return _Checker(data, _Locator(text)).playbook(source), data


def _syntax_error(exc: ValueError, text: str) -> PlaybookError:
    message = str(exc)
    found = re.search(r"\(at line (\d+), column \d+\)", message)
    line = int(found.group(1)) if found else max(1, text.count("\n") + 1)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    return PlaybookError(line, f"this is not valid TOML ({reason}).")


class _Locator:
    """Finds the line a schema problem refers to by scanning the raw text.

    tomllib keeps no line numbers for values, so we count `[[steps]]` and `[[steps.cards]]`
    headers the same way TOML does. Inline tables give no headers; we then fall back to
    the nearest thing we can find (the `steps =` line, or line 1).
    """

    _HEADER = re.compile(r"^\s*\[")
    _STEP = re.compile(r"^\s*\[\[\s*steps\s*\]\]")
    _CARD = re.compile(r"^\s*\[\[\s*steps\s*\.\s*cards\s*\]\]")

    def __init__(self, text: str) -> None:
        self._text = text  # scanned only when a problem needs its line (see LineOf)

    @cached_property
    def _lines(self) -> list[str]:
        return self._text.splitlines()

    @cached_property
    def _steps(self) -> list[int]:
        """The index of each [[steps]] header."""
        return [n for n, line in enumerate(self._lines) if self._STEP.match(line)]

    @cached_property
    def _cards(self) -> list[list[int]]:
        """Per step, the index of each [[steps.cards]] header."""
        cards: list[list[int]] = []
        for n, line in enumerate(self._lines):
            if self._STEP.match(line):
                cards.append([])
            elif self._CARD.match(line) and cards:
                cards[-1].append(n)
        return cards

    def top(self, key: str) -> int:
        end = next((n for n, line in enumerate(self._lines) if self._HEADER.match(line)),
                   len(self._lines))
        return self._key_line(0, end, key) or 1

    def step(self, index: int, key: str | None = None) -> int:
        if index >= len(self._steps):
            return self.top("steps")
        return self._in_block(self._steps[index], key)

    def card(self, step_index: int, card_index: int, key: str | None = None) -> int:
        if step_index >= len(self._cards) or card_index >= len(self._cards[step_index]):
            return self.step(step_index, "cards")
        return self._in_block(self._cards[step_index][card_index], key)

    def _in_block(self, header: int, key: str | None) -> int:
        """The `key =` line between this header and the next, else the header's own line."""
        end = next((n for n in range(header + 1, len(self._lines))
                    if self._HEADER.match(self._lines[n])), len(self._lines))
        found = self._key_line(header + 1, end, key) if key else None
        return found or header + 1

    def _key_line(self, start: int, end: int, key: str) -> int | None:
        pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")
        return next((n + 1 for n in range(start, end) if pattern.match(self._lines[n])), None)


class _Checker:
    """Turns parsed TOML into domain objects, or says precisely what is wrong."""

    def __init__(self, data: dict[str, Any], where: _Locator) -> None:
        self._data = data
        self._where = where

    def playbook(self, source: str) -> Playbook:
        data, where = self._data, self._where
        playbook_id = _text(data, "id", "the playbook", where.top)
        _check_id(playbook_id, "the playbook", where.top)
        name = _text(data, "name", "the playbook", where.top)
        description = _text(data, "description", "the playbook", where.top, required=False)
        _text(data, "source", "the playbook", where.top, required=False)
        steps = _table_list(data, "steps", "the playbook", where.top)
        if len(steps) > MAX_STEPS:
            raise PlaybookError(where.step(MAX_STEPS),
                                f"a playbook can have at most {MAX_STEPS} steps "
                                f"(Ctrl+1 to Ctrl+{MAX_STEPS}); this one has {len(steps)}.")
        built: list[Step] = []
        card_ids: set[str] = set()
        for index, step in enumerate(steps):
            new = self._step(index, step, playbook_id, card_ids)
            if any(s.id == new.id for s in built):
                raise PlaybookError(where.step(index, "id"),
                                    f'step {index + 1} reuses the step id "{new.id}".')
            built.append(new)
        return Playbook(playbook_id, name, description, tuple(built), source)

    def _step(self, index: int, step: dict[str, Any], playbook_id: str,
              card_ids: set[str]) -> Step:
        where = self._where
        label = f"step {index + 1}"
        if isinstance(step.get("title"), str) and step["title"].strip():
            label += f' ("{step["title"].strip()}")'
        at = partial(where.step, index)
        step_id = _text(step, "id", label, at)
        _check_id(step_id, label, at)
        title = _text(step, "title", label, at)
        hint = _text(step, "hint", label, at)
        cards = _table_list(step, "cards", label, at, noun="cards")
        built = []
        for n, card in enumerate(cards):
            new = self._card(index, n, card, label, step_id, playbook_id)
            if new.id in card_ids:
                raise PlaybookError(where.card(index, n, "id"),
                                    f'card {n + 1} of {label} reuses the card id '
                                    f'"{new.id.partition(".")[2]}".')
            card_ids.add(new.id)
            built.append(new)
        return Step(step_id, title, hint, tuple(built))

    def _card(self, step_index: int, index: int, card: dict[str, Any], step_label: str,
              step_id: str, playbook_id: str) -> Card:
        at = partial(self._where.card, step_index, index)
        label = f"card {index + 1} of {step_label}"
        card_id = _text(card, "id", label, at)
        _check_id(card_id, label, at)
        title = _text(card, "title", label, at)
        text = _text(card, "text", label, at)
        unknown = sorted(placeholders_in(text) - set(KNOWN))
        if unknown:
            known = ", ".join(f"{{{name}}}" for name in KNOWN)
            raise PlaybookError(at("text"),
                                f"{label} uses the unknown placeholder {{{unknown[0]}}}; "
                                f"the known ones are {known}.")
        return Card(f"{playbook_id}.{card_id}", title, text, step_id, playbook_id)


# `at(key)` gives the line of `key` in the table being checked. It is only asked once
# something is wrong: locating lines means scanning the text, and start-up need not pay that.
LineOf = Callable[[str], int]


def _text(table: dict[str, Any], key: str, label: str, at: LineOf,
          required: bool = True) -> str:
    value = table.get(key)
    if value is None:
        if required:
            raise PlaybookError(at(key), f"{label} has no {key}.")
        return ""
    if not isinstance(value, str):
        raise PlaybookError(at(key), f'the {key} of {label} must be text in quotes.')
    if required and not value.strip():
        raise PlaybookError(at(key), f"{label} has an empty {key}.")
    return value.strip()


def _table_list(table: dict[str, Any], key: str, label: str, at: LineOf,
                noun: str = "steps") -> list[dict[str, Any]]:
    value = table.get(key)
    if value is None or value == []:
        raise PlaybookError(at(key), f"{label} has no {noun}.")
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise PlaybookError(at(key), f"the {key} of {label} must be written as [[...]] tables.")
    return value


def _check_id(value: str, label: str, at: LineOf) -> None:
    if not _ID.match(value):
        raise PlaybookError(at("id"), f'the id "{value}" of {label} may only use letters, '
                                      'digits, "-" and "_".')


def _builtin_sort_key(path: Path) -> tuple[int, str]:
    known = BUILTIN_ORDER.index(path.stem) if path.stem in BUILTIN_ORDER else len(BUILTIN_ORDER)
    return known, path.name


def _normalise(text: str) -> str:
    # Curly apostrophes from a word processor should still find "I'm sorry".
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()


@dataclass(frozen=True)
class _IndexedCard:
    """A card with its searchable fields prepared once, so typing in search stays instant."""

    card: Card
    title: str
    text: str
    context: str  # step title and playbook name

    @classmethod
    def of(cls, playbook: Playbook, step: Step, card: Card) -> _IndexedCard:
        # Placeholder names are syntax, not words the agent would search for.
        spoken = re.sub(r"[{}\[\]]", " ", re.sub(r"\{\s*\w*\s*\}", " ", card.text))
        return cls(card, _normalise(card.title), _normalise(spoken),
                   _normalise(f"{step.title} {playbook.name}"))

    def rank(self, words: Iterable[str]) -> int | None:
        """0: all words in the title, 1: some, 2: none in the title; None: no match."""
        in_title = 0
        total = 0
        for word in words:
            total += 1
            if word in self.title:
                in_title += 1
            elif word not in self.text and word not in self.context:
                return None
        if in_title == total:
            return 0
        return 1 if in_title else 2


def load_playbooks(paths: Paths) -> PlaybookLibrary:
    """The built-in playbooks plus the user's own from the config folder."""
    return PlaybookLibrary(resource_dir() / "playbooks", paths.user_playbooks,
                           ParsedCache(paths.playbook_cache))
