"""Full-text matching: the interface both databases implement, and what is built on it.

The engines live in ``postgres`` (tsvector and GIN) and ``sqlite`` (FTS5); the same token
sets match on both (ranking is in Python, ``scoring``). Every SQL fragment is a constant
of these modules; query tokens only ever travel as parameters (hence the ``noqa: S611``
on the RawSQL expressions).
"""

from abc import ABC, abstractmethod

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from portal.search.parsing import And, Or


def _object_ids(content_type_id, condition, params):
    # A sub-select of its own: the condition names search_searchentry, which an ORM
    # sub-query would rename (U0).
    return RawSQL(  # noqa: S611
        "SELECT search_searchentry.object_id FROM search_searchentry "  # noqa: S608
        f"WHERE search_searchentry.content_type_id = %s AND search_searchentry.published "
        f"AND {condition}",
        [content_type_id, *params],
    )


_PHRASE_SQL = (
    "EXISTS (SELECT 1 FROM search_searchtext p WHERE p.entry_id = search_searchentry.id "
    "AND (' ' || p.title_tokens || ' ' || p.tokens || ' ') LIKE %s)"
)


def _phrase_sql(phrases, negate=False):
    """SQL true when the entry's tokens hold each phrase's tokens in a row."""
    parts, params = [], []
    for tokens in phrases:
        if len(tokens) > 1:
            parts.append(("NOT " if negate else "") + _PHRASE_SQL)
            params.append("% " + " ".join(tokens) + " %")
    return parts, params


def slot_expression(slot) -> Or:
    """A slot's boolean match: any of its alternatives, each all of its tokens."""
    return Or([And(list(alternative)) for alternative in slot.alternatives])


class SearchBackend(ABC):
    """The interface both databases implement.

    An engine provides six things; everything else (phrases, exclusions, conditions,
    sub-selects) is built on them here, the same for both:

    - ``_sql(expr, title, years)``: SQL on ``search_searchentry`` true for the entries
      matching a boolean expression of tokens (``parsing.And`` / ``parsing.Or`` / token
      strings), in their names and title only when ``title``;
    - ``tuned(has_words)``: a context for the search's own transaction (planner settings);
    - ``insert(entries, tokens)`` / ``write(rows)``: store new or changed entries' vectors;
    - ``after_rebuild()``: what a rebuilt index needs (statistics for the planner);
    - ``_difference_sql(kept, dropped)``: true for the entries matching one expression and
      not another, in one index lookup (facets count a pair of words by difference).

    Scoring is not the engine's: ``portal.search.scoring`` ranks the rows in Python, so
    both databases give the same order.
    """

    vendor = ""

    @abstractmethod
    def _sql(self, expr, title=False, years=()) -> tuple[str, list]: ...

    @abstractmethod
    def tuned(self, has_words): ...

    @abstractmethod
    def insert(self, entries, tokens): ...

    @abstractmethod
    def write(self, rows) -> None: ...

    @abstractmethod
    def after_rebuild(self) -> None: ...

    @abstractmethod
    def _difference_sql(self, kept, dropped) -> tuple[str, list]: ...

    def match_sql(self, query, title=False, years=()) -> tuple[str, list]:
        """SQL true for the entries a parsed query matches (phrases and exclusions too)."""
        sql, params = self._sql(query.expression(), title=title, years=years)
        parts, extra = [sql], list(params)
        phrase_parts, phrase_params = _phrase_sql(query.phrases)
        parts += phrase_parts
        extra += phrase_params
        for tokens in query.excluded:
            excluded_sql, excluded_params = self._sql(And(list(tokens)))
            if len(tokens) > 1:
                excluded_sql = f"({excluded_sql} AND {_PHRASE_SQL})"
                excluded_params = [*excluded_params, "% " + " ".join(tokens) + " %"]
            parts.append(f"NOT ({excluded_sql})")
            extra += excluded_params
        return " AND ".join(f"({p})" for p in parts), extra

    def title_sql(self, query) -> tuple[str, list]:
        """SQL (on search_searchentry) true when the names and title match the query."""
        return self.match_sql(query, title=True)

    def published_matches(self, query, years=()):
        """Every published entry a query matches: what its facets count."""
        from portal.search.models import SearchEntry

        return SearchEntry.objects.filter(published=True).filter(self.condition(query, years))

    def probe_sql(self, walk_sql: str, title_sql: str, order_sql: str, short: bool) -> str:
        """SQL for the ids, in ``order_sql``, of the walked rows (``w``: the entries in
        relevance order) whose names or title match; LIMIT and OFFSET are the last two
        parameters. ``short``: the page is expected to fill within a short walk."""
        # Every piece is SQL compiled by Django or by this module; values are parameters.
        return (
            f"SELECT w.id FROM ({walk_sql}) w "  # noqa: S608
            "JOIN search_searchentry ON search_searchentry.id = w.id "
            f"WHERE {title_sql} ORDER BY {order_sql} LIMIT %s OFFSET %s"
        )

    def published_without(self, kept, dropped):
        """The published entries that match one query word and not another.

        ``kept`` and ``dropped`` are slots (a word and its alternatives). When most entries
        hold ``dropped``, these are far fewer than the entries holding both, which facets
        then count as ``kept``'s maintained counts minus these (``facets.two_terms``).
        """
        from portal.search.models import SearchEntry

        sql, params = self._difference_sql(slot_expression(kept), slot_expression(dropped))
        return SearchEntry.objects.filter(published=True).filter(
            RawSQL(sql, params, output_field=BooleanField())  # noqa: S611
        )

    def condition(self, query, years=()):
        """True for the entries the query matches (and, given, starting in a year)."""
        return RawSQL(*self.match_sql(query, years=years), output_field=BooleanField())  # noqa: S611

    def title_condition(self, query):
        """True for the entries whose names or title match the query."""
        return RawSQL(*self.title_sql(query), output_field=BooleanField())  # noqa: S611

    def object_ids(self, content_type_id, query):
        """Sub-select of the ids of one model's published records the query matches."""
        return _object_ids(content_type_id, *self.match_sql(query))


def current() -> SearchBackend:
    """Return the backend for the database in use (decided at run time, not import)."""
    if connection.vendor == "postgresql":
        from portal.search.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from portal.search.sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"no search backend for {connection.vendor}")
