"""The PostgreSQL engine: a tsvector per entry (and one of its names and title) with GIN
indexes; each entry's vector also holds a lexeme per year it spans."""

from contextlib import contextmanager

from django.db import connection
from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from portal.search.backends import SearchBackend, slot_expression
from portal.search.parsing import And, Or


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens: list[str]) -> str:
    """Build a tsvector literal of bare lexemes (matching needs no positions)."""
    return " ".join(_quote(tok) for tok in dict.fromkeys(tokens))


def year_lexeme(year: str) -> str:
    """The lexeme marking a year an entry spans (no analyzer token contains "§")."""
    return f"§{year}"


#: A range longer than this marks only its first years (a year filter also checks dates).
MAX_SPAN_LEXEMES = 30


def span_years(when: str) -> list[str]:
    """Every year a partial date or range spans (``2021/2025`` -> 2021 ... 2025)."""
    if not when or not when[:4].isdigit():
        return []
    first = int(when[:4])
    end = when.split("/")[-1][:4]
    last = int(end) if end.isdigit() and int(end) >= first else first
    return [f"{y:04d}" for y in range(first, min(last, first + MAX_SPAN_LEXEMES - 1) + 1)]


def _document(title, body, when) -> str:
    years = [year_lexeme(y) for y in span_years(when)]
    return tsvector_literal(title + body + years)


def _one_slot(query) -> bool:
    """One word (or glossary name) with variants, and nothing else."""
    return (
        len(query.slots) == 1
        and len(query.slots[0].alternatives) > 1
        and not query.phrases
        and not query.excluded
    )


#: Past this many conjunctions a query is matched as one expression.
MAX_CONJUNCTIONS = 12


def disjunctive_form(expr) -> list[tuple[str, ...]] | None:
    """The expression as an OR of AND-ed tokens (none implied by another), or None when
    that takes more than ``MAX_CONJUNCTIONS``.

    PostgreSQL's GIN index reads every word of one expression that ORs frequent words,
    but for an AND of words it reads only as far as the rarest one. For the alternatives
    of one word that is the faster way; for "at least k of n" words, whose conjunctions
    overlap, building and OR-ing their bitmaps costs more than it saves (measured).
    """
    if isinstance(expr, str):
        return [(expr,)]
    parts = []
    for item in expr.items:
        form = disjunctive_form(item)
        if form is None:
            return None
        parts.append(form)
    if isinstance(expr, Or):
        out = [c for form in parts for c in form]
    else:
        out = [()]
        for form in parts:
            out = [tuple(dict.fromkeys(a + b)) for a in out for b in form]
            if len(out) > MAX_CONJUNCTIONS:
                return None
    # A conjunction that holds all the words of another adds nothing.
    unique = list(dict.fromkeys(out))
    sets = [set(c) for c in unique]
    kept = [
        c
        for i, c in enumerate(unique)
        if not any(j != i and sets[j] < sets[i] for j in range(len(unique)))
    ]
    return kept if len(kept) <= MAX_CONJUNCTIONS else None


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    @contextmanager
    def tuned(self, has_words):
        """Settings for the search's own transaction.

        For a text query the planner prices ``@@`` on an out-of-line tsvector far too
        cheaply and may pick a sequential scan that reads every vector (~400 ms at 100k
        entries against ~20 ms through the GIN index), so scans are switched off; a
        listing without text keeps them (it reads every published row anyway). JIT
        compilation adds ~70 ms to short queries. Both last for this transaction only.
        """
        with connection.cursor() as cursor:
            # One round trip; set_config(..., true) lasts until the transaction ends.
            cursor.execute(
                "SELECT set_config('jit', 'off', true)"
                + (", set_config('enable_seqscan', 'off', true)" if has_words else "")
            )
        yield

    def write(self, rows):
        """Store the tsvectors of each (id, title_tokens, tokens, when), in one statement."""
        rows = list(rows)
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_searchentry AS e SET document = v.document::tsvector, "
                "title_document = v.title::tsvector "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, document, title) "
                "WHERE e.id = v.id",
                [
                    [entry_id for entry_id, _, _, _ in rows],
                    [_document(title, body, when) for _, title, body, when in rows],
                    [tsvector_literal(title) for _, title, _, _ in rows],
                ],
            )

    def insert(self, entries, tokens):
        """Insert new entries with their tsvectors (pairs of title and text tokens).

        Written whole in one INSERT, not inserted then updated: a rebuilt table holds no
        dead row versions between the live ones, so reading matches reads fewer pages.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('search_searchentry', 'id')) "
                "FROM generate_series(1, %s)",
                [len(entries)],
            )
            for entry, (pk,) in zip(entries, cursor.fetchall(), strict=True):
                entry.pk = pk
            cursor.execute(
                "INSERT INTO search_searchentry (id, content_type_id, object_id, facet_set_id, "
                '"when", rank_group, published, document, title_document) '
                "SELECT id, content_type_id, object_id, facet_set_id, w, rank_group, published, "
                "document::tsvector, title::tsvector FROM unnest(%s::bigint[], %s::int[], "
                "%s::bigint[], %s::bigint[], %s::text[], %s::smallint[], %s::boolean[], "
                "%s::text[], %s::text[]) AS v(id, content_type_id, object_id, facet_set_id, w, "
                "rank_group, published, document, title)",
                [
                    [e.pk for e in entries],
                    [e.content_type_id for e in entries],
                    [e.object_id for e in entries],
                    [e.facet_set_id for e in entries],
                    [e.when for e in entries],
                    [e.rank_group for e in entries],
                    [e.published for e in entries],
                    [
                        _document(title, body, e.when)
                        for e, (title, body) in zip(entries, tokens, strict=True)
                    ],
                    [tsvector_literal(title) for title, _ in tokens],
                ],
            )
        return entries

    def after_rebuild(self):
        """Give the planner statistics of the new index (autovacuum would, later)."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
            cursor.execute("ANALYZE search_facetset")

    @classmethod
    def _render(cls, expr) -> str:
        if isinstance(expr, str):
            return _quote(expr)
        joiner = " & " if isinstance(expr, And) else " | "
        return "(" + joiner.join(cls._render(item) for item in expr.items) + ")"

    @classmethod
    def _tsquery(cls, expr, years=()):
        query = cls._render(expr)
        if years:
            query += " & (" + " | ".join(_quote(year_lexeme(y)) for y in years) + ")"
        return query

    def _sql(self, expr, title=False, years=()):
        # Each entry's vector holds its year lexeme, so years narrow the index lookup.
        column = "title_document" if title else "document"
        return f"search_searchentry.{column} @@ %s::tsquery", [self._tsquery(expr, years)]

    def _difference_sql(self, kept, dropped):
        # One tsquery: GIN answers "and not" exactly from its posting lists, so only the
        # entries left are visited (at 100k: 7,122 rows for 环境保护 without 合作).
        return (
            "search_searchentry.document @@ %s::tsquery",
            [f"{self._render(kept)} & !{self._render(dropped)}"],
        )

    def probe_sql(self, walk_sql, title_sql, order_sql, short):
        """A short walk tests each walked entry's title in order, and stops once the
        page is full (a lateral sub-select with OFFSET 0, so that PostgreSQL keeps the
        walk's order and does not read every title match through the index and hash
        them: at 100k 环境保护合作's 17,415 title matches cost 7.4 ms, its walk 1.6 ms).
        A long walk would test thousands of titles one by one (峰会: 37 ms): the join."""
        if not short:
            return super().probe_sql(walk_sql, title_sql, order_sql, short)
        return (
            f"SELECT w.id FROM ({walk_sql}) w CROSS JOIN LATERAL ("  # noqa: S608
            "SELECT 1 FROM search_searchentry WHERE search_searchentry.id = w.id "
            f"AND {title_sql} OFFSET 0) t ORDER BY {order_sql} LIMIT %s OFFSET %s"
        )

    def published_without(self, kept, dropped):
        # Publication as in published_matches: tested on the rows the index gives.
        from portal.search.models import SearchEntry

        sql, params = self._difference_sql(slot_expression(kept), slot_expression(dropped))
        return (
            SearchEntry.objects.alias(shown=Cast("published", IntegerField()))
            .filter(shown=1)
            .filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611
        )

    def published_matches(self, query, years=()):
        """Every published entry a query matches, for counting (see the base class).

        A query of one word with variants (``生物多样性``: its bigrams, "biodiversity",
        "biological diversity", ...) ORs whole phrases: one index scan per alternative,
        OR-ed as bitmaps, reads each only as far as its rarest word (at 100k entries
        "应对气候变化" 38 -> 25 ms). Publication is then tested as ``published::int = 1``,
        which no index serves: with an indexable ``published`` the planner may walk every
        published entry and test each out-of-line vector instead (1.4 s).
        """
        conjunctions = disjunctive_form(query.expression()) if _one_slot(query) else None
        if not conjunctions or len(conjunctions) < 2:
            return super().published_matches(query, years)
        from portal.search.models import SearchEntry

        sql = " OR ".join(["search_searchentry.document @@ %s::tsquery"] * len(conjunctions))
        params = [self._tsquery(And(list(c))) for c in conjunctions]
        if years:
            sql = f"({sql}) AND search_searchentry.document @@ %s::tsquery"
            params.append(" | ".join(_quote(year_lexeme(y)) for y in years))
        return (
            SearchEntry.objects.alias(shown=Cast("published", IntegerField()))
            .filter(shown=1)
            .filter(RawSQL(f"({sql})", params, output_field=BooleanField()))  # noqa: S611
        )
