"""Full-text matching per database: the same token sets match on both (ranking is in query).

Every SQL fragment here is a constant of this module; query tokens only ever travel as
parameters (hence the ``noqa: S611`` on the RawSQL expressions).
"""

from contextlib import contextmanager

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens: list[str]) -> str:
    """Build a tsvector literal of bare lexemes (matching needs no positions)."""
    return " ".join(_quote(tok) for tok in dict.fromkeys(tokens))


def _object_ids(content_type_id, condition, params):
    # A sub-select of its own: the condition names search_searchentry, which an ORM
    # sub-query would rename (U0).
    return RawSQL(  # noqa: S611
        "SELECT search_searchentry.object_id FROM search_searchentry "  # noqa: S608
        f"WHERE search_searchentry.content_type_id = %s AND search_searchentry.published "
        f"AND {condition}",
        [content_type_id, *params],
    )


class PostgresBackend:
    vendor = "postgresql"

    @contextmanager
    def tuned(self, tokens):
        """Settings for the search's own transaction.

        For a text query the planner prices ``@@`` on an out-of-line tsvector far too
        cheaply and may pick a sequential scan that reads every vector (~400 ms at 100k
        entries against ~20 ms through the GIN index), so scans are switched off; a
        listing without text keeps them (it reads every published row anyway). JIT
        compilation adds ~70 ms to short queries. Both last for this transaction only.
        """
        with connection.cursor() as cursor:
            if tokens:
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL jit = off")
        yield

    def write(self, entry_ids_and_tokens):
        """Store the tsvectors of each (id, title_tokens, tokens), one statement per batch."""
        rows = list(entry_ids_and_tokens)
        if not rows:
            return
        ids = [entry_id for entry_id, _, _ in rows]
        documents = [tsvector_literal(title + body) for _, title, body in rows]
        titles = [tsvector_literal(title) for _, title, _ in rows]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_searchentry AS e SET document = v.document::tsvector, "
                "title_document = v.title::tsvector "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, document, title) "
                "WHERE e.id = v.id",
                [ids, documents, titles],
            )

    def after_rebuild(self):
        """Give the planner statistics of the new index (autovacuum would, later)."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
            cursor.execute("ANALYZE search_facetset")

    @staticmethod
    def _tsquery(tokens):
        return " & ".join(_quote(t) for t in tokens)

    def _sql(self, tokens, column="document"):
        # column is one of two constants (below); the query is a parameter.
        return f"search_searchentry.{column} @@ %s::tsquery", [self._tsquery(tokens)]

    def condition(self, tokens):
        """True for the entries containing every token (GIN index)."""
        return RawSQL(*self._sql(tokens), output_field=BooleanField())  # noqa: S611

    def title_condition(self, tokens):
        """True for the entries whose title contains every token (GIN index)."""
        return RawSQL(  # noqa: S611
            *self._sql(tokens, "title_document"), output_field=BooleanField()
        )

    def object_ids(self, content_type_id, tokens):
        """Sub-select of the ids of one model's published records containing every token."""
        return _object_ids(content_type_id, *self._sql(tokens))


class SqliteBackend:
    vendor = "sqlite"

    @contextmanager
    def tuned(self, tokens):
        yield

    def write(self, entry_ids_and_tokens):
        """Nothing to do: triggers keep search_fts in step with the text table."""

    def after_rebuild(self):
        """Nothing to do."""

    @staticmethod
    def _phrase(token):
        return '"' + token.replace('"', '""') + '"'

    def _sql(self, tokens, title=False):
        if title:
            expression = " AND ".join(f"title_tokens : {self._phrase(t)}" for t in tokens)
        else:
            expression = " ".join(self._phrase(t) for t in tokens)
        return (
            "search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            [expression],
        )

    def condition(self, tokens):
        """True for the entries containing every token (FTS5)."""
        return RawSQL(*self._sql(tokens), output_field=BooleanField())  # noqa: S611

    def title_condition(self, tokens):
        """True for the entries whose title contains every token (FTS5 column filter)."""
        return RawSQL(*self._sql(tokens, title=True), output_field=BooleanField())  # noqa: S611

    def object_ids(self, content_type_id, tokens):
        """Sub-select of the ids of one model's published records containing every token."""
        return _object_ids(content_type_id, *self._sql(tokens))


def current():
    """Return the backend for the database in use (decided at run time, not import)."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"no search backend for {connection.vendor}")
