"""Full-text structures that differ by database (see docs/adr/0002-search.md).

PostgreSQL: tsvector columns (all tokens, GIN-indexed; title tokens for ranking),
written by portal.search.backends.
SQLite: an FTS5 table over the entry's token columns, kept in step by triggers.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    # document: every token (matching, GIN); title_document: title tokens with positions
    # and weights (ranking reads only this small vector, never the large one).
    "ALTER TABLE search_searchentry ADD COLUMN document tsvector NOT NULL DEFAULT ''::tsvector",
    "ALTER TABLE search_searchentry "
    "ADD COLUMN title_document tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_document_gin ON search_searchentry USING gin (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, tokens,
        content='search_searchtext', content_rowid='entry_id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchtext BEGIN
        INSERT INTO search_fts(rowid, title_tokens, tokens)
        VALUES (new.entry_id, new.title_tokens, new.tokens);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchtext BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.entry_id, old.title_tokens, old.tokens);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchtext BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, tokens)
        VALUES ('delete', old.entry_id, old.title_tokens, old.tokens);
        INSERT INTO search_fts(rowid, title_tokens, tokens)
        VALUES (new.entry_id, new.title_tokens, new.tokens);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
