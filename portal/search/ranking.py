"""Relevance: which matches come first, computed for one page at a time.

Matches are scored in Python (``portal.search.scoring``: BM25F over names, titles,
summaries and texts, coverage, adjacency, exact names), so both databases give the same
order. When a query matches at most ``SCORE_ALL`` entries every match is scored. Beyond
that, a bounded pool is scored (scoring reads each candidate's tokens: 1,000 matches cost
~100 ms at 100k entries, 100 cost ~10 ms): the first ``POOL`` entries
in the tiered order of docs/adr/0004-search-speed.md (names or title matching first, by
kind and newest first, then text matches, newest first), the same on both databases;
pages past the pool keep that tiered order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import QuerySet

from portal import i18n
from portal.search import scoring, statistics
from portal.search.kept import KEPT_ROWS, KEPT_TERMS, Kept, current
from portal.search.models import SearchEntry

if TYPE_CHECKING:
    from portal.search.backends import SearchBackend
    from portal.search.forms import Filters
    from portal.search.parsing import Query

#: Relevance order within each tier; ``search_relevance_order`` indexes it.
RELEVANCE_ORDER = ("rank_group", "-when", "-id")
#: A frequent word is ranked by walking the entries the filters allow in relevance order
#: (an index-only walk of ``search_relevance_order``, which also holds the filtered
#: columns) and testing each for a title match, stopping as soon as the page is full;
#: at most ``PROBE_ROWS`` are tested. It is tried when the matches are frequent enough
#: among those entries for the walk to fill the page, assuming at least one match in
#: ``PROBE_MARGIN`` has the words in its title; otherwise, or when the walk falls short,
#: the title matches are sorted outright.
PROBE_ROWS = 4000
PROBE_MARGIN = 4
#: The walk is expected to be short when the page should fill within ``PROBE_ROWS /
#: SHORT_WALK`` entries: the database may then test titles one by one in order
#: (``SearchBackend.probe_sql``).
SHORT_WALK = 4
SCORE_ALL = 100
POOL = 100

_ORDER_SQL = {
    RELEVANCE_ORDER: 'w.rank_group, w."when" DESC, w.id DESC',
    ("-when", "-id"): 'w."when" DESC, w.id DESC',
    ("when", "id"): 'w."when", w.id',
}


def _fetch_ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def page_ids(queryset, order, offset: int, limit: int) -> list[int]:
    """Ids of one page of ``queryset`` (its rows already narrowed) in ``order``.

    The rows are read in a materialized sub-select, so the database fetches them the
    cheapest way (the full-text index) and only then sorts them; left to itself,
    PostgreSQL may walk an ordered index testing every out-of-line vector instead.
    """
    sql, params = queryset.query.sql_with_params()
    # sql is Django's own compiled SQL; everything else here is a constant of this module.
    return _fetch_ids(
        f"WITH w AS MATERIALIZED ({sql}) SELECT w.id FROM w "  # noqa: S608
        f"ORDER BY {_ORDER_SQL[order]} LIMIT %s OFFSET %s",
        [*params, limit, offset],
    )


def _probe_ids(candidates, query, backend, offset: int, limit: int, short: bool) -> list[int]:
    """The page among the title matches of the first ``PROBE_ROWS`` candidates."""
    walk = candidates.order_by(*RELEVANCE_ORDER).values("id", "rank_group", "when")
    walk_sql, walk_params = walk[:PROBE_ROWS].query.sql_with_params()
    title_sql, title_params = backend.title_sql(query)
    # The walk keeps its order, so reading stops once the page is full; only the entries
    # walked so far have their (out-of-line) title tested.
    return _fetch_ids(
        backend.probe_sql(walk_sql, title_sql, _ORDER_SQL[RELEVANCE_ORDER], short),
        [*walk_params, *title_params, limit, offset],
    )


@dataclass
class Ranking:
    """What ranking a page needs: the filters, the query and the counts known so far."""

    filters: Filters
    query: Query
    backend: SearchBackend
    total: int
    allowed: int
    years: list[str]

    @functools.cached_property
    def candidates(self) -> QuerySet[SearchEntry]:
        """The published entries the filters allow (built when asked: a search that
        scores all its matches without filters reads them in one statement instead)."""
        published = SearchEntry.objects.filter(published=True)
        return self.filters.apply(published, text_query=True)


#: The published entries a query matches (``SearchBackend.match_sql``), as the ORM
#: writes it; written out, as building the queryset took a search 0.2 ms.
_MATCH_IDS_SQL = (
    "SELECT search_searchentry.id FROM search_searchentry "
    "WHERE (search_searchentry.published AND ({match}))"
)


def _match_ids(r: Ranking) -> list[int]:
    """Every match the filters allow."""
    if r.filters.narrows():
        matches = r.candidates.filter(r.backend.condition(r.query, r.years))
        return list(matches.values_list("id", flat=True))
    sql, params = r.backend.match_sql(r.query, years=r.years)
    # sql is the backend's own; the query's words and years are parameters.
    return _fetch_ids(_MATCH_IDS_SQL.format(match=sql), params)


def name_keys(query) -> tuple[str, list[str]]:
    """The query as name lines (index tokens): whole, and word by word."""
    from portal.search import analyzer

    words = [" ".join(analyzer.index_tokens(w)) for w in query.words]
    return " ".join(analyzer.index_tokens(" ".join(query.words))), [w for w in words if w]


#: What scoring reads of a candidate: ``scoring.Candidate``'s fields, in order.
SCORED_COLUMNS = (
    "id",
    "rank_group",
    "when",
    "text__name_tokens",
    "text__title_tokens",
    "text__summary_tokens",
    "text__tokens",
)
#: What a result shows of an entry (``query._result``).
SHOWN_COLUMNS = (
    "when",
    "facet_set__kind",
    "facet_set__mechanism_id",
    "text__url",
    *(f"text__{column}" for field in ("title", "text") for column in i18n.columns(field)),
)
#: An entry's row as a search reads it: what scoring reads and what a result shows.
ROW_COLUMNS = tuple(dict.fromkeys([*SCORED_COLUMNS, *SHOWN_COLUMNS]))


def entry_rows(ids, kept: Kept | None = None) -> dict[int, dict]:
    """The rows (``ROW_COLUMNS``) of those of the entries ``ids`` that exist, read from the
    database only when this process does not keep them. Shared: never change a row."""
    kept = kept or current()
    rows = kept.rows
    found = {i: rows[i] for i in ids if i in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        read = {r["id"]: r for r in SearchEntry.objects.filter(id__in=missing).values(*ROW_COLUMNS)}
        found.update(read)
        if len(rows) + len(read) > KEPT_ROWS:
            rows = kept.rows = {}
            kept.candidates, kept.counted = {}, {}
        rows.update(read)
    return found


def rows_in_order(ids: list[int]) -> list[dict]:
    """The rows of the entries ``ids`` (see ``entry_rows``), in the order of ``ids``."""
    rows = entry_rows(ids)
    return [rows[i] for i in ids if i in rows]


def _statistics(tokens: list[str], kept: Kept) -> scoring.Stats:
    """``statistics.load`` for these tokens, read only for tokens this process lacks."""
    terms, totals = kept.terms, kept.totals
    df = {t: terms[t] for t in tokens if t in terms}
    if len(df) < len(tokens) or totals is None:
        loaded = statistics.load([t for t in tokens if t not in df])
        df.update(loaded.df)
        totals = kept.totals = (loaded.n, loaded.avg)
        if len(terms) + len(loaded.df) > KEPT_TERMS:
            terms = kept.terms = {}
        terms.update(loaded.df)
    n, avg = totals
    return scoring.Stats(n=n, df={t: df[t] for t in tokens}, avg=avg)


def _scored(ranking: Ranking, ids: list[int]) -> list[dict]:
    """The rows of the entries ``ids`` (see ``entry_rows``), most relevant first."""
    kept = current()
    rows = entry_rows(ids, kept)
    kept_candidates = kept.candidates
    candidates = []
    for entry_id, row in rows.items():
        if row["text__tokens"] is None:  # an entry without its text is not shown
            continue
        candidate = kept_candidates.get(entry_id)
        if candidate is None:
            candidate = scoring.Candidate(*(row[c] for c in SCORED_COLUMNS))
            kept_candidates[entry_id] = candidate
        candidates.append(candidate)
    if not candidates:
        return []
    query = ranking.query
    tokens = {t for slot in query.slots for alt in slot.alternatives for t in alt}
    tokens |= {t for phrase in query.phrases for t in phrase} | set(query.sequence)
    stats = _statistics(sorted(tokens), kept)
    ranked = scoring.rank(candidates, query, stats, name_keys(query), kept.counted)
    return [rows[c.id] for c in ranked]


def ranked_rows(ranking: Ranking, offset: int, limit: int) -> list[dict]:
    """One page of the matches, most relevant first (see the module's docstring), as
    rows (see ``entry_rows``)."""
    r = ranking
    if limit <= 0 or not r.total:
        return []
    if r.total <= SCORE_ALL:
        ids = _match_ids(r)
    elif offset + limit <= POOL:
        ids = tiered_ids(r, 0, POOL)
    else:
        return rows_in_order(tiered_ids(r, offset, limit))
    return _scored(r, ids)[offset : offset + limit]


def tiered_ids(ranking: Ranking, offset: int, limit: int) -> list[int]:
    """One page of the matches in tiered order: names or title matching first, by kind
    (``RANK_GROUPS``) and newest first; then text matches, newest first."""
    r = ranking
    need = offset + limit
    if need <= PROBE_ROWS and r.total * PROBE_ROWS >= PROBE_MARGIN * need * r.allowed:
        short = r.total * PROBE_ROWS >= SHORT_WALK * PROBE_MARGIN * need * r.allowed
        ids = _probe_ids(r.candidates, r.query, r.backend, offset, limit, short)
        if len(ids) == limit:
            return ids
    columns = ("id", "rank_group", "when")
    in_title = r.backend.title_condition(r.query)
    titled = r.candidates.filter(in_title).values(*columns)
    ids = page_ids(titled, RELEVANCE_ORDER, offset, limit)
    if len(ids) == limit:
        return ids
    before = offset + len(ids) if ids else titled.count()
    text_only = (
        r.candidates.filter(r.backend.condition(r.query, r.years))
        .exclude(in_title)
        .values(*columns)
    )
    return ids + page_ids(text_only, ("-when", "-id"), max(0, offset - before), limit - len(ids))
