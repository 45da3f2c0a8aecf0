"""The playbook library: shipped playbooks, user files (good and broken), card search."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from calmcall.domain import Playbook
from calmcall.paths import resource_dir
from calmcall.placeholders import KNOWN, fill, placeholders_in
from calmcall.services.playbook_cache import ParsedCache
from calmcall.services.playbooks import PlaybookLibrary

BUILTIN = resource_dir() / "playbooks"
FULL = {"customer": "Dana", "agent": "Sam", "company": "Acme", "callback_time": "by 4 pm"}

EXPECTED_STEPS = {
    "defuse": ["Recognize", "Listen", "Respond: fix first", "Take ownership", "Escalate",
               "Follow up"],
    "stay_calm": ["Stay calm", "Listen and validate", "Offer help", "Own it",
                  "Commit to a time", "Keep them updated"],
    "fire_drill": ["Agree an update cadence", "Let them vent", "Focus on the solution",
                   "Follow up with root cause", "Close the gap"],
    "make_it_right": ["Apologise", "Seek to understand", "Decide the action", "Follow up",
                      "Review the care process"],
}

GOOD = """\
id = "mine"
name = "Mine"
description = "A small one."

[[steps]]
id = "one"
title = "One"
hint = "Do the first thing."

[[steps.cards]]
id = "a"
title = "Card A"
text = "[{customer}, ]hello."
"""


@pytest.fixture(scope="module")
def builtins() -> PlaybookLibrary:
    return PlaybookLibrary(BUILTIN, None)


def load_user(tmp_path: Path, name: str, content: str | bytes) -> PlaybookLibrary:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return PlaybookLibrary(BUILTIN, tmp_path)


def assert_builtins_intact(library: PlaybookLibrary) -> None:
    assert [pb.id for pb in library.playbooks][:4] == list(EXPECTED_STEPS)


# --- the shipped playbooks -------------------------------------------------------------

def test_builtins_load_in_order_without_problems(builtins: PlaybookLibrary) -> None:
    assert builtins.problems == []
    assert [pb.id for pb in builtins.playbooks] == list(EXPECTED_STEPS)
    assert all(pb.source == "built-in" for pb in builtins.playbooks)


@pytest.mark.parametrize("playbook_id", list(EXPECTED_STEPS))
def test_builtin_steps_match_the_design(builtins: PlaybookLibrary, playbook_id: str) -> None:
    playbook = builtins.get(playbook_id)
    assert playbook is not None
    assert [step.title for step in playbook.steps] == EXPECTED_STEPS[playbook_id]
    for step in playbook.steps:
        assert step.hint and "\n" not in step.hint and len(step.hint) <= 110
        assert len(step.cards) >= 1
    assert len(playbook.cards) >= 3


def all_builtin_cards() -> list[tuple[str, str]]:
    library = PlaybookLibrary(BUILTIN, None)
    return [(card.id, card.text) for pb in library.playbooks for card in pb.cards]


@pytest.mark.parametrize(("card_id", "text"), all_builtin_cards())
def test_builtin_cards_fill_cleanly(card_id: str, text: str) -> None:
    assert placeholders_in(text) <= set(KNOWN)
    for values in ({}, FULL):
        filled = fill(text, values)
        assert not set(filled) & set("{}[]"), (card_id, filled)
        assert filled[0].isupper()


def test_card_ids_carry_their_playbook_and_step(builtins: PlaybookLibrary) -> None:
    for playbook in builtins.playbooks:
        ids = [card.id for card in playbook.cards]
        assert len(ids) == len(set(ids))
        for step in playbook.steps:
            for card in step.cards:
                assert card.id.startswith(f"{playbook.id}.")
                assert (card.playbook_id, card.step_id) == (playbook.id, step.id)


def test_verbatim_phrases_are_cards(builtins: PlaybookLibrary) -> None:
    texts = [fill(card.text, {}) for pb in builtins.playbooks for card in pb.cards]
    for phrase in ("I can help you with that.", "I will do whatever I can to help you resolve "
                   "this.", "I'm sorry."):
        assert phrase in texts


def test_default_prefers_the_given_id(builtins: PlaybookLibrary) -> None:
    assert builtins.default("fire_drill").id == "fire_drill"
    assert builtins.default("gone").id == "defuse"
    assert builtins.get("gone") is None


# --- user files --------------------------------------------------------------------------

def test_user_playbook_is_added_after_builtins_sorted_by_name(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text(GOOD.replace('"Mine"', '"Alpha"').replace('"mine"', '"z"'),
                                     encoding="utf-8")
    library = load_user(tmp_path, "a.toml", GOOD)
    assert library.problems == []
    assert [pb.id for pb in library.playbooks] == [*EXPECTED_STEPS, "z", "mine"]
    mine = library.get("mine")
    assert mine is not None and mine.source == str(tmp_path / "a.toml")
    assert mine.cards[0].id == "mine.a"


def test_user_file_overrides_a_builtin_in_place(tmp_path: Path) -> None:
    library = load_user(tmp_path, "mine.toml", GOOD.replace('id = "mine"', 'id = "stay_calm"'))
    assert library.problems == []
    assert [pb.id for pb in library.playbooks] == list(EXPECTED_STEPS)
    replaced = library.get("stay_calm")
    assert replaced is not None and replaced.name == "Mine"


def test_missing_user_folder_is_fine(tmp_path: Path) -> None:
    library = PlaybookLibrary(BUILTIN, tmp_path / "nope")
    assert library.problems == []
    assert_builtins_intact(library)


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = GOOD.replace('hint = "Do the first thing."', 'hint = "Do the first thing.')
    library = load_user(tmp_path, "my_playbook.toml", broken)
    assert len(library.problems) == 1
    assert library.problems[0].startswith("my_playbook.toml, line 8:")
    assert "the others are fine" in library.problems[0]
    assert_builtins_intact(library)


def step_block(step_id: str, title: str, hint: str | None) -> str:
    hint_line = f'hint = "{hint}"\n' if hint else ""
    return (f'\n[[steps]]\nid = "{step_id}"\ntitle = "{title}"\n{hint_line}'
            f'\n[[steps.cards]]\nid = "{step_id}-card"\ntitle = "A card"\ntext = "Hi."\n')


def test_missing_hint_points_at_the_step(tmp_path: Path) -> None:
    content = ('id = "mine"\nname = "Mine"\n' + step_block("s1", "One", "Do it.")
               + step_block("s2", "Two", "Do it.") + step_block("s3", "Listen", None))
    library = load_user(tmp_path, "my_playbook.toml", content)
    assert content.splitlines()[24 - 1] == "[[steps]]"  # the third step's header
    assert library.problems == [
        'my_playbook.toml, line 24: step 3 ("Listen") has no hint. '
        "This playbook was not loaded; the others are fine."]


def test_unknown_placeholder_points_at_the_text_line(tmp_path: Path) -> None:
    library = load_user(tmp_path, "x.toml", GOOD.replace("{customer}", "{custmer}"))
    assert len(library.problems) == 1
    assert library.problems[0].startswith("x.toml, line 13:")
    assert "{custmer}" in library.problems[0]
    assert library.get("mine") is None


@pytest.mark.parametrize(("change", "line", "words"), [
    (('name = "Mine"\n', ""), 1, "has no name"),
    (('title = "One"', "title = 3"), 7, "must be text"),
    (('[[steps.cards]]\nid = "a"\ntitle = "Card A"\ntext = "[{customer}, ]hello."\n', ""), 5,
     "has no cards"),
    (('title = "Card A"', 'title = ""'), 12, "empty title"),
    (('id = "a"', 'id = "a.b"'), 11, "may only use"),
])
def test_schema_errors_name_the_line(tmp_path: Path, change: tuple[str, str], line: int,
                                     words: str) -> None:
    library = load_user(tmp_path, "x.toml", GOOD.replace(*change))
    assert len(library.problems) == 1, library.problems
    assert library.problems[0].startswith(f"x.toml, line {line}:")
    assert words in library.problems[0]


def test_duplicate_card_id_and_too_many_steps(tmp_path: Path) -> None:
    step = GOOD[GOOD.index("[[steps]]"):]
    dup = GOOD + step.replace('id = "one"', 'id = "two"')
    assert "reuses the card id" in load_user(tmp_path, "x.toml", dup).problems[0]
    many = GOOD + "".join(step.replace('"one"', f'"s{n}"').replace('"a"', f'"c{n}"')
                          for n in range(9))
    problems = load_user(tmp_path, "x.toml", many).problems
    assert "at most 9 steps" in problems[0]


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    library = load_user(tmp_path, "latin.toml", GOOD.replace("Card A", "Caf\xe9").encode("latin-1"))
    assert library.problems == [
        "latin.toml, line 12: the file is not saved as UTF-8 text. "
        "This playbook was not loaded; the others are fine."]
    assert_builtins_intact(library)


def test_broken_builtin_does_not_crash(tmp_path: Path) -> None:
    (tmp_path / "defuse.toml").write_text("id = ", encoding="utf-8")
    (tmp_path / "stay_calm.toml").write_text(GOOD.replace('"mine"', '"stay_calm"'),
                                             encoding="utf-8")
    library = PlaybookLibrary(tmp_path, None)
    assert [pb.id for pb in library.playbooks] == ["stay_calm"]
    assert library.problems[0].startswith("defuse.toml, line 1:")


def test_fallback_when_nothing_loads(tmp_path: Path) -> None:
    library = PlaybookLibrary(tmp_path / "missing", None)
    assert [pb.id for pb in library.playbooks] == ["basic"]
    assert library.default("defuse").steps[0].cards
    assert library.problems


# --- search ------------------------------------------------------------------------------

def test_search_finds_help_with_title_matches_first(builtins: PlaybookLibrary) -> None:
    found = builtins.search_cards("help")
    assert "stay_calm.can-help" in [c.id for c in found]
    in_title = ["help" in c.title.lower() for c in found]
    assert in_title == sorted(in_title, reverse=True)


def test_search_needs_every_word(builtins: PlaybookLibrary) -> None:
    found = builtins.search_cards("I can")
    assert found and found[0].id == "stay_calm.can-help"
    assert all("can" in f"{c.title} {c.text}".lower() for c in found)
    assert builtins.search_cards("sorry defuse") == []
    assert [c.id for c in builtins.search_cards("SORRY make")] == ["make_it_right.sorry"]


def test_search_respects_limit(builtins: PlaybookLibrary) -> None:
    assert len(builtins.search_cards("e", limit=3)) == 3
    assert builtins.search_cards("e", limit=0) == []


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "(", "😀", "[a-z]+", "\\", "callback_time"])
def test_search_is_safe_for_any_input(builtins: PlaybookLibrary, query: str) -> None:
    assert builtins.search_cards(query) == []


def test_search_accepts_curly_apostrophes(builtins: PlaybookLibrary) -> None:
    assert "make_it_right.sorry" in [c.id for c in builtins.search_cards("I\u2019m sorry")]


def test_playbooks_are_frozen(builtins: PlaybookLibrary) -> None:
    assert isinstance(builtins.playbooks[0], Playbook)
    with pytest.raises(AttributeError):
        builtins.playbooks[0].name = "x"  # type: ignore[misc]


# -- the parse cache: a faster start, never a stale or broken playbook ------------------------


def cached_library(user: Path, cache: Path) -> PlaybookLibrary:
    return PlaybookLibrary(BUILTIN, user, ParsedCache(cache))


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """A user playbook file, loaded once so the cache beside its folder holds it."""
    user = tmp_path / "playbooks"
    user.mkdir()
    path = user / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    cached_library(user, tmp_path / "playbooks.cache")
    return path


def test_a_second_load_comes_from_the_cache_and_matches_a_fresh_read(tmp_path, mine,
                                                                      monkeypatch):
    user, cache = mine.parent, tmp_path / "playbooks.cache"
    first = cached_library(user, cache)
    fresh = PlaybookLibrary(BUILTIN, user)
    assert cache.exists()

    def no_parsing(_text: str) -> None:
        raise AssertionError("a cached playbook was parsed again")

    import tomllib

    monkeypatch.setattr(tomllib, "loads", no_parsing)
    second = cached_library(user, cache)
    assert second.playbooks == first.playbooks == fresh.playbooks
    assert second.problems == [] and second.get("mine") is not None


def test_an_edited_playbook_is_read_again_even_at_the_same_size(tmp_path, mine):
    mine.write_text(GOOD.replace("Card A", "Card B"), encoding="utf-8")  # same length
    library = cached_library(mine.parent, tmp_path / "playbooks.cache")
    card = library.get("mine").steps[0].cards[0]  # type: ignore[union-attr]
    assert card.title == "Card B"


def test_a_file_broken_after_it_was_cached_is_reported_not_served(tmp_path, mine):
    mine.write_text(GOOD.replace('title = "One"', 'title = '), encoding="utf-8")
    library = cached_library(mine.parent, tmp_path / "playbooks.cache")
    assert library.get("mine") is None
    assert [p.split(",")[0] for p in library.problems] == ["mine.toml"]


def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(tmp_path):
    cache = tmp_path / "playbooks.cache"
    for junk in (b"", b"\x00garbage\xff", marshal.dumps(((0, "other", 1), {}))):
        cache.write_bytes(junk)
        library = cached_library(tmp_path / "none", cache)
        assert_builtins_intact(library)
        assert ParsedCache(cache).get(BUILTIN / "defuse.toml") is not None  # rewritten whole


def test_no_cache_is_written_where_the_folder_does_not_exist(tmp_path):
    cache = tmp_path / "not yet" / "playbooks.cache"
    assert_builtins_intact(cached_library(tmp_path / "none", cache))
    assert not (tmp_path / "not yet").exists()
