"""Full-text search over notes, customer names, phone numbers and root causes (SQLite FTS5).

Whatever the agent types is safe: the text is cut into words, each word goes to FTS5 as a
quoted string (so `AND`, `NEAR(`, `*`, `-` and `:` are just text), and the last word is
matched as a prefix while the agent is still typing it. Input with no word in it (a lone `*`,
an emoji, punctuation) is no query at all. Results come newest first, straight off the index
walked backwards (see calmcall.storage.fts), and stop at a limit so each keystroke stays fast.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from calmcall.domain import format_elapsed
from calmcall.storage.models import CallRow, NoteRow

# A word as FTS5's unicode61 tokenizer sees one: letters and digits (underscore separates).
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 12  # a pasted page is searched by its first words; more only slows the query
MAX_WORD_CHARS = 64
MIN_PREFIX_CHARS = 2  # "a*" would match most of the index; wait for a second letter

# Control characters never survive clean_text, so they cannot clash with stored text.
_OPEN, _CLOSE = "\x02", "\x03"
SNIPPET_TOKENS = 12

FIELD_LABELS = {"note": "note", "customer_name": "customer", "customer_phone": "phone",
                "phone_digits": "phone", "root_cause": "root cause"}


@dataclass(frozen=True)
class SearchHit:
    """One place a query matched: a note, or a field of the call itself."""

    call_id: int
    at: datetime  # the note's time, or the call's start
    customer: str
    where: str  # "note", "customer", "phone" or "root cause"
    snippet_html: str  # escaped text with the matched words in <b>…</b>
    note_id: int | None = None
    stamp: str = ""  # the note's [mm:ss]


@dataclass(frozen=True)
class SearchResult:
    query: str  # the FTS5 expression that ran ("" when the input had no words)
    hits: tuple[SearchHit, ...] = ()
    more: bool = False  # the limit cut the list short

    @property
    def call_ids(self) -> tuple[int, ...]:
        """The calls hit, each once, newest hit first."""
        return tuple(dict.fromkeys(h.call_id for h in self.hits))


def fts_query(user_text: str) -> str:
    """An FTS5 MATCH expression for `user_text`, or "" when there is nothing to search."""
    words = [w[:MAX_WORD_CHARS] for w in _WORD.findall(user_text[:10_000])][:MAX_WORDS]
    if not words:
        return ""
    typing_last = not user_text[-1:].isspace()
    parts = ['"' + w.replace('"', '""') + '"' for w in words]
    if typing_last and len(words[-1]) >= MIN_PREFIX_CHARS:
        parts[-1] += "*"
    return " AND ".join(parts)


def marked_to_html(marked: str) -> str:
    """Escape everything, then turn the FTS markers into <b> tags."""
    escaped = html.escape(marked, quote=False)
    return escaped.replace(_OPEN, "<b>").replace(_CLOSE, "</b>")


class SearchService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def search(self, user_text: str, limit: int = 200) -> SearchResult:
        query = fts_query(user_text)
        if not query:
            return SearchResult(query="")
        with self._sessions() as s:
            note_hits = self._note_hits(s, query, limit + 1)
            call_hits = self._call_hits(s, query, limit + 1)
        hits = sorted(note_hits + call_hits, key=lambda h: (h.at, h.note_id or 0), reverse=True)
        return SearchResult(query=query, hits=tuple(hits[:limit]), more=len(hits) > limit)

    def _note_hits(self, s: Session, query: str, limit: int) -> list[SearchHit]:
        found = s.execute(text(
            f"SELECT rowid, snippet(notes_fts, 0, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS})"
            " FROM notes_fts WHERE notes_fts MATCH :q ORDER BY rowid DESC LIMIT :n"),
            {"q": query, "n": limit}).all()
        if not found:
            return []
        snippets = {row[0]: row[1] for row in found}
        rows = s.execute(
            select(NoteRow.id, NoteRow.call_id, NoteRow.at, NoteRow.elapsed_s,
                   CallRow.customer_name)
            .join(CallRow, CallRow.id == NoteRow.call_id)
            .where(NoteRow.id.in_(snippets))).all()
        return [SearchHit(call_id=r.call_id, at=r.at, customer=r.customer_name, where="note",
                          snippet_html=marked_to_html(snippets[r.id]), note_id=r.id,
                          stamp=format_elapsed(r.elapsed_s)) for r in rows]

    def _call_hits(self, s: Session, query: str, limit: int) -> list[SearchHit]:
        columns = ("customer_name", "customer_phone", "phone_digits", "root_cause")
        marked = ", ".join(f"highlight(calls_fts, {i}, '{_OPEN}', '{_CLOSE}')"
                           for i in range(len(columns)))
        found = s.execute(text(
            f"SELECT rowid, {marked} FROM calls_fts WHERE calls_fts MATCH :q"
            " ORDER BY rowid DESC LIMIT :n"), {"q": query, "n": limit}).all()
        if not found:
            return []
        starts = dict(s.execute(select(CallRow.id, CallRow.started_at)
                                .where(CallRow.id.in_([r[0] for r in found]))).all())
        hits = []
        for row in found:
            call_id, values = row[0], row[1:]
            hit_column = next((c for c, v in zip(columns, values, strict=True)
                               if v and _OPEN in v), "customer_name")
            shown = values[columns.index(hit_column)]
            if hit_column == "phone_digits":  # show the number as written, whole
                shown = _OPEN + values[1] + _CLOSE
            hits.append(SearchHit(
                call_id=call_id, at=starts[call_id],
                customer=(values[0] or "").replace(_OPEN, "").replace(_CLOSE, ""),
                where=FIELD_LABELS[hit_column], snippet_html=marked_to_html(shown or "")))
        return hits
