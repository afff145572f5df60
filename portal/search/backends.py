"""Full-text matching per database. Both match the same token sets; only ranking differs."""

from collections import Counter

from django.db import connection
from django.db.models.expressions import RawSQL

#: PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383.
_MAX_POSITIONS, _MAX_POSITION = 256, 16383


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title_tokens: list[str], tokens: list[str]) -> str:
    """Build a tsvector literal with positions: title tokens weighted A, the rest C."""
    positions: dict[str, list[str]] = {}
    counts: Counter = Counter()
    position = 0
    for weight, stream in (("A", title_tokens), ("C", tokens)):
        for token in stream:
            position = min(position + 1, _MAX_POSITION)
            if counts[token] < _MAX_POSITIONS:
                positions.setdefault(token, []).append(f"{position}{weight}")
                counts[token] += 1
    return " ".join(f"{_quote(tok)}:{','.join(pos)}" for tok, pos in positions.items())


class PostgresBackend:
    vendor = "postgresql"

    def write(self, entry_ids_and_tokens):
        """Store the tsvector of each (id, title_tokens, tokens)."""
        rows = [
            (tsvector_literal(title, body), entry_id)
            for entry_id, title, body in entry_ids_and_tokens
        ]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE search_searchentry SET document = %s::tsvector WHERE id = %s", rows
                )

    @staticmethod
    def _tsquery(tokens):
        return " & ".join(_quote(t) for t in tokens)

    def matching_ids(self, tokens):
        return RawSQL(
            "SELECT id FROM search_searchentry WHERE document @@ %s::tsquery",
            [self._tsquery(tokens)],
        )

    def ranked_ids(self, queryset, tokens, offset, limit):
        """Return the ids of one page of ``queryset``, best match first."""
        rank = RawSQL("ts_rank(search_searchentry.document, %s::tsquery)", [self._tsquery(tokens)])
        return list(
            queryset.annotate(rank=rank)
            .order_by("-rank", "-when", "-id")
            .values_list("id", flat=True)[offset : offset + limit]
        )


class SqliteBackend:
    vendor = "sqlite"

    def write(self, entry_ids_and_tokens):
        """Nothing to do: triggers keep search_fts in step with the entry table."""

    @staticmethod
    def _match(tokens):
        return " ".join('"' + t.replace('"', '""') + '"' for t in tokens)

    def matching_ids(self, tokens):
        return RawSQL(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self._match(tokens)]
        )

    def ranked_ids(self, queryset, tokens, offset, limit):
        """Return the ids of one page of ``queryset``, best match first.

        bm25() is only available in a query over the FTS table itself, so the ranking is
        one pass over the matches, restricted to the (filtered) queryset's ids.
        """
        inner_sql, inner_params = queryset.values("id").query.sql_with_params()
        # inner_sql is Django's own compiled SQL with placeholders, not user input.
        sql = (
            "SELECT e.id FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "  # noqa: S608
            f"WHERE search_fts MATCH %s AND e.id IN ({inner_sql}) "
            'ORDER BY bm25(search_fts, 10.0, 1.0), e."when" DESC, e.id DESC LIMIT %s OFFSET %s'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._match(tokens), *inner_params, limit, offset])
            return [row[0] for row in cursor.fetchall()]


def current():
    """Return the backend for the database in use (decided at run time, not import)."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"no search backend for {connection.vendor}")
