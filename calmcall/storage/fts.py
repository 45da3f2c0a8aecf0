"""The full-text search index: names of its SQLite FTS5 tables and what they hold.

The index lives outside `models.py` (FTS5 virtual tables cannot be declared there): migration
0003 creates it with raw SQL and keeps it in sync with triggers. Two external-content tables
read their text from views, so the text is stored once:

- `notes_fts` indexes what the agent wrote (typed notes, corrections, promises). Step, card and
  mood lines are generated and would make every call match "listen" or "mood".
- `calls_fts` indexes the customer's name, phone number (as written and as bare digits, so
  "07946" finds "07946 123 456") and the root cause.

Rowids are the notes' and calls' ids. Both grow with time (lines are written as they happen),
which is what lets search answer "newest first" by walking the index backwards.
"""

from __future__ import annotations

NOTES_FTS = "notes_fts"
CALLS_FTS = "calls_fts"
FTS_TABLES = (NOTES_FTS, CALLS_FTS)

# The note kinds that reach the index; the migration's view and triggers use the same list.
INDEXED_KINDS = ("note", "correction", "promise")


def is_search_table(name: str | None) -> bool:
    """True for the FTS tables and their shadow tables (`notes_fts_data`, ...)."""
    return bool(name) and any(name == t or name.startswith(t + "_")  # type: ignore[union-attr]
                              for t in FTS_TABLES)
