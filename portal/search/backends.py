"""Full-text matching per database. Both match the same token sets; only ranking differs."""

from contextlib import contextmanager

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

#: PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383.
_MAX_POSITIONS, _MAX_POSITION = 256, 16383


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens: list[str], weight: str | None = None) -> str:
    """Build a tsvector literal: with positions (and a weight) for ranking, or bare lexemes."""
    if weight is None:
        return " ".join(_quote(tok) for tok in dict.fromkeys(tokens))
    positions: dict[str, list[str]] = {}
    for position, token in enumerate(tokens[:_MAX_POSITION], start=1):
        kept = positions.setdefault(token, [])
        if len(kept) < _MAX_POSITIONS:
            kept.append(f"{position}{weight}")
    return " ".join(f"{_quote(tok)}:{','.join(pos)}" for tok, pos in positions.items())


class PostgresBackend:
    vendor = "postgresql"

    @contextmanager
    def tuned(self):
        """Settings for the search's own transaction.

        The planner prices ``@@`` on a toasted tsvector far too cheaply and picks a
        sequential scan for common words (400 ms at 100k entries against 40 ms through
        the GIN index); JIT compilation adds ~70 ms to short queries. Both are switched
        off for this transaction only.
        """
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL jit = off")
        yield

    def write(self, entry_ids_and_tokens):
        """Store the tsvector of each (id, title_tokens, tokens), one statement per batch."""
        rows = list(entry_ids_and_tokens)
        if not rows:
            return
        ids = [entry_id for entry_id, _, _ in rows]
        documents = [tsvector_literal(title + body) for _, title, body in rows]
        titles = [tsvector_literal(title, "A") for _, title, _ in rows]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_searchentry AS e SET document = v.document::tsvector, "
                "title_document = v.title::tsvector "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, document, title) "
                "WHERE e.id = v.id",
                [ids, documents, titles],
            )

    @staticmethod
    def _tsquery(tokens):
        return " & ".join(_quote(t) for t in tokens)

    def match(self, queryset, tokens):
        """Restrict a queryset to the entries containing every token (GIN index)."""
        condition = RawSQL(
            "search_searchentry.document @@ %s::tsquery",
            [self._tsquery(tokens)],
            output_field=BooleanField(),
        )
        return queryset.filter(condition)

    def ranked_ids(self, queryset, tokens, offset, limit):
        """Return the ids of one page of ``queryset``, best match first."""
        # Titles decide the rank; body-only matches tie at ~0 and fall back to date.
        rank = RawSQL(
            "ts_rank(search_searchentry.title_document, %s::tsquery)", [self._tsquery(tokens)]
        )
        return list(
            queryset.annotate(rank=rank)
            .order_by("-rank", "-when", "-id")
            .values_list("id", flat=True)[offset : offset + limit]
        )


class SqliteBackend:
    vendor = "sqlite"

    @contextmanager
    def tuned(self):
        yield

    def write(self, entry_ids_and_tokens):
        """Nothing to do: triggers keep search_fts in step with the entry table."""

    @staticmethod
    def _match(tokens):
        return " ".join('"' + t.replace('"', '""') + '"' for t in tokens)

    def match(self, queryset, tokens):
        """Restrict a queryset to the entries containing every token (FTS5)."""
        return queryset.filter(
            id__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self._match(tokens)]
            )
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
