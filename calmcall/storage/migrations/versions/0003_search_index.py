"""Full-text search: FTS5 indexes over notes and over customers / root causes.

See calmcall.storage.fts for what is indexed and why. The tables are external-content FTS5
tables over two views, kept in sync by triggers; existing rows are indexed by a 'rebuild'.
The SQL is written out here (not imported) so this revision never changes once released.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KINDS = "('note', 'correction', 'promise')"
# Digits only, so a number typed without spaces or dashes finds one stored with them.
DIGITS = ("replace(replace(replace(replace(replace(replace({p}, ' ', ''), '-', ''), '+', ''),"
          " '(', ''), ')', ''), '.', '')")
TOKENIZER = "unicode61 remove_diacritics 2"

UPGRADE = [
    f"""CREATE VIEW notes_search_source AS
        SELECT id, text FROM notes WHERE kind IN {KINDS}""",
    f"""CREATE VIRTUAL TABLE notes_fts USING fts5(
        text, content='notes_search_source', content_rowid='id',
        tokenize='{TOKENIZER}', prefix='2 3')""",
    f"""CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes WHEN new.kind IN {KINDS} BEGIN
        INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    f"""CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes WHEN old.kind IN {KINDS} BEGIN
        INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    f"""CREATE TRIGGER notes_fts_update_old AFTER UPDATE OF text, kind ON notes
        WHEN old.kind IN {KINDS} BEGIN
        INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    f"""CREATE TRIGGER notes_fts_update_new AFTER UPDATE OF text, kind ON notes
        WHEN new.kind IN {KINDS} BEGIN
        INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    f"""CREATE VIEW calls_search_source AS
        SELECT id, customer_name, customer_phone,
               {DIGITS.format(p='customer_phone')} AS phone_digits, root_cause
        FROM calls""",
    f"""CREATE VIRTUAL TABLE calls_fts USING fts5(
        customer_name, customer_phone, phone_digits, root_cause,
        content='calls_search_source', content_rowid='id',
        tokenize='{TOKENIZER}', prefix='2 3')""",
    f"""CREATE TRIGGER calls_fts_insert AFTER INSERT ON calls BEGIN
        INSERT INTO calls_fts(rowid, customer_name, customer_phone, phone_digits, root_cause)
        VALUES (new.id, new.customer_name, new.customer_phone,
                {DIGITS.format(p='new.customer_phone')}, new.root_cause);
    END""",
    f"""CREATE TRIGGER calls_fts_delete AFTER DELETE ON calls BEGIN
        INSERT INTO calls_fts(calls_fts, rowid, customer_name, customer_phone, phone_digits,
                              root_cause)
        VALUES ('delete', old.id, old.customer_name, old.customer_phone,
                {DIGITS.format(p='old.customer_phone')}, old.root_cause);
    END""",
    f"""CREATE TRIGGER calls_fts_update AFTER UPDATE OF customer_name, customer_phone,
        root_cause ON calls BEGIN
        INSERT INTO calls_fts(calls_fts, rowid, customer_name, customer_phone, phone_digits,
                              root_cause)
        VALUES ('delete', old.id, old.customer_name, old.customer_phone,
                {DIGITS.format(p='old.customer_phone')}, old.root_cause);
        INSERT INTO calls_fts(rowid, customer_name, customer_phone, phone_digits, root_cause)
        VALUES (new.id, new.customer_name, new.customer_phone,
                {DIGITS.format(p='new.customer_phone')}, new.root_cause);
    END""",
    "INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')",
    "INSERT INTO calls_fts(calls_fts) VALUES ('rebuild')",
]

DOWNGRADE = [
    "DROP TRIGGER IF EXISTS calls_fts_update",
    "DROP TRIGGER IF EXISTS calls_fts_delete",
    "DROP TRIGGER IF EXISTS calls_fts_insert",
    "DROP TABLE IF EXISTS calls_fts",
    "DROP VIEW IF EXISTS calls_search_source",
    "DROP TRIGGER IF EXISTS notes_fts_update_new",
    "DROP TRIGGER IF EXISTS notes_fts_update_old",
    "DROP TRIGGER IF EXISTS notes_fts_delete",
    "DROP TRIGGER IF EXISTS notes_fts_insert",
    "DROP TABLE IF EXISTS notes_fts",
    "DROP VIEW IF EXISTS notes_search_source",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
