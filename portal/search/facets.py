"""Facet counts: how the matches split by type, mechanism, country and topic."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Sum

from cooperation.models import Topic
from mechanisms.models import Country
from portal import caching, i18n
from portal.search import backends, statistics, variants
from portal.search.forms import Filters
from portal.search.models import (
    EntryKind,
    FacetCount,
    SearchTerm,
    TermFacetCount,
    TermYearCount,
)

_FACET_SQL = """
WITH g AS MATERIALIZED ({grouped}),
f AS MATERIALIZED (
 SELECT s.id, s.kind, s.mechanism_id, g.n FROM g JOIN search_facetset s ON s.id = g.facet_set_id
)
SELECT 'grid', f.kind, f.mechanism_id, CAST(SUM(f.n) AS BIGINT), NULL, NULL FROM f
 WHERE {grid_where} GROUP BY f.kind, f.mechanism_id
UNION ALL
SELECT 'country', NULL, l.country_id, CAST(SUM(f.n) AS BIGINT), c.slug, {country_label} FROM f
 JOIN search_facetset_countries l ON l.facetset_id = f.id
 JOIN {country_table} c ON c.id = l.country_id AND c.publication = 'published'
 WHERE {country_where}
 GROUP BY l.country_id, c.slug, {country_label}
UNION ALL
SELECT 'topic', NULL, l.topic_id, CAST(SUM(f.n) AS BIGINT), t.slug, {topic_label} FROM f
 JOIN search_facetset_topics l ON l.facetset_id = f.id
 JOIN {topic_table} t ON t.id = l.topic_id WHERE {topic_where}
 GROUP BY l.topic_id, t.slug, {topic_label}
{candidates}"""

# With words: how many entries the filters allow, whatever their text (from the counts).
_CANDIDATES_SQL = """UNION ALL
SELECT 'candidates', NULL, NULL, CAST(SUM(f.n) AS BIGINT), NULL, NULL FROM (
 SELECT s.id, s.kind, s.mechanism_id, k.n FROM ({counted}) k
 JOIN search_facetset s ON s.id = k.facet_set_id
) f WHERE {all_where}
"""


#: A word's maintained counts per facet set (``TermFacetCount``), and every published
#: entry's (``FacetCount``): written out, as the ORM took 0.1 ms a search to build each.
_TERM_COUNTS_SQL = (
    f"SELECT facet_set_id, entries AS n FROM {TermFacetCount._meta.db_table} "  # noqa: S608
    "WHERE entries > 0 AND term = %s"
)
_ALL_COUNTS_SQL = (
    f"SELECT facet_set_id, SUM(entries) AS n FROM {FacetCount._meta.db_table} "  # noqa: S608
    "GROUP BY facet_set_id"
)


def _counted_sql(filters: Filters) -> tuple[str, list]:
    """SQL of (facet_set_id, n): every published entry in the years, by facet set."""
    if filters.year_from is None and filters.year_to is None:
        return _ALL_COUNTS_SQL, []
    counted = (
        filters.counts_in_years(FacetCount.objects.all())
        .order_by()
        .values("facet_set_id")
        .annotate(n=Sum("entries"))
    )
    sql, params = counted.query.sql_with_params()
    return sql, list(params)


def _label(alias: str, language: str) -> str:
    """SQL for a country's or topic's name in a language, else in English."""
    suffix = i18n.field_suffix(language)
    if suffix not in {i18n.field_suffix(code) for code in i18n.LANGUAGE_CODES}:
        raise ValueError(f"not a portal language: {language}")
    return f"COALESCE(NULLIF({alias}.name_{suffix}, ''), {alias}.name_en)"


def _slot_key(slot) -> str:
    """The key a slot is counted under: its token, or its group's key."""
    alternatives = slot.alternatives
    if len(alternatives) == 1 and len(alternatives[0]) == 1:
        return alternatives[0][0]
    return variants.group_term(alternatives)


def one_term(query) -> str | None:
    """The counted key of a query that is one word (or one word with its variants) and no
    phrase or exclusion: its token, or its group's key once that group is counted.

    Its matches are exactly the entries holding that token (or one of the group's
    alternatives), which ``TermFacetCount`` counts per facet set: its facets need no pass
    over the matches.
    """
    if query is None or query.phrases or query.excluded or len(query.slots) != 1:
        return None
    key = _slot_key(query.slots[0])
    if key.startswith(variants.GROUP_PREFIX) and not SearchTerm.objects.filter(term=key).exists():
        return None
    return key


#: Two words are counted by difference when the more frequent one is in more than this
#: share of the entries: the entries holding the other word but not it are then fewer
#: than those holding both (assuming the words occur independently).
FREQUENT_SHARE = 0.5


def two_terms(query):
    """For a query of two required words where one is in most entries: ``(key, kept,
    dropped)``, the counted key of the rarer word's slot, that slot and the other.

    Its matches are the entries holding ``kept`` minus those holding ``kept`` but not
    ``dropped``; ``TermFacetCount`` counts the first per facet set, and the second is a
    short pass (``environmental protection`` and ``cooperation`` at 100k entries: 7,122
    entries read instead of 66,786). None when another way is cheaper or exact counts of
    the rarer word are not kept (a group not counted yet).
    """
    if (
        query is None
        or query.phrases
        or query.excluded
        or query.any_of
        or len(query.slots) != 2
        or query.minimum() != 2
    ):
        return None
    keys = [_slot_key(slot) for slot in query.slots]
    found = dict(
        SearchTerm.objects.filter(term__in=[*keys, statistics.ENTRIES]).values_list(
            "term", "entries"
        )
    )
    rarer, commoner = sorted((0, 1), key=lambda i: (found.get(keys[i], 0), i))
    if found.get(keys[commoner], 0) <= FREQUENT_SHARE * found.get(statistics.ENTRIES, 0):
        return None
    if keys[rarer].startswith(variants.GROUP_PREFIX) and keys[rarer] not in found:
        return None
    return keys[rarer], query.slots[rarer], query.slots[commoner]


def _kept_groups(sql: str, params: list) -> tuple[str, list]:
    """The (facet set, matches) rows of a pass over the matches, kept per content generation.

    Only the words and years decide them (filters apply to facet sets afterwards), so the
    next page, another filter or another language of the same search reads them from the
    cache instead of passing over the matches again; any content change (which advances
    the generation) makes them stale. Returned as SQL of their own values.
    """
    key = caching.fragment_key(None, "search-groups", sql, tuple(params))
    rows = cache.get(key)
    if rows is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = [(int(facet_set_id), int(n)) for facet_set_id, n in cursor.fetchall()]
        cache.set(key, rows)
    if not rows:
        return (
            "SELECT CAST(NULL AS BIGINT) AS facet_set_id, CAST(NULL AS BIGINT) AS n WHERE 1 = 0",
            [],
        )
    if connection.vendor == "postgresql":
        # Two array parameters: planned in well under a millisecond, where a UNION of a
        # hundred literal rows took ~4 ms to plan.
        return (
            "SELECT v.facet_set_id, v.n FROM unnest(%s::bigint[], %s::bigint[]) "
            "AS v(facet_set_id, n)",
            [[facet_set_id for facet_set_id, _ in rows], [n for _, n in rows]],
        )
    # Integers read back from the database (int() above): written as literals.
    values = " UNION ALL ".join(
        f"SELECT {facet_set_id} AS facet_set_id, {n} AS n" for facet_set_id, n in rows
    )
    return values, []


def _facet_rows(qs, filters: Filters, text_query: bool, language: str, query):
    """Count the matches by (kind, mechanism), by country and by topic in one query.

    The matches of a text query (words, publication, years) are read once and grouped by
    facet set, the only per-match work, unless the query is one word (``TermFacetCount``
    has its counts) or two words one of which is in most entries (``two_terms``: counted
    by difference); without words, the maintained ``FacetCount`` rows give the same
    groups. Each facet then applies every filter but its own to the
    (few) facet sets, so a reader sees what choosing another value would give.
    """
    years = filters.year_from is not None or filters.year_to is not None
    term = one_term(query) if text_query else None
    pair = two_terms(query) if text_query and term is None and not years else None
    if not text_query:
        # A listing: the maintained counts per facet set and start year (and the ranges
        # reaching into a year range), never a pass over the entries.
        grouped_sql, grouped_params = filters.listing_counts_sql(_built(qs))
    elif term is not None and not years:
        # One word: its maintained count per facet set, not a pass over its matches.
        grouped_sql, grouped_params = _TERM_COUNTS_SQL, [term]
    elif pair is not None:
        # Two words, one of them in most entries: the rarer word's maintained counts
        # minus a pass over the (fewer) entries that hold it without the other.
        key, kept, dropped = pair
        without = (
            backends.current()
            .published_without(kept, dropped)
            .order_by()
            .values("facet_set_id")
            .annotate(n=Count("*"))
        )
        without_sql, query_params = without.query.sql_with_params()
        without_sql, without_params = _kept_groups(without_sql, list(query_params))
        # without_sql is Django's own compiled SQL or _kept_groups' values; the key is a
        # parameter.
        grouped_sql = (
            "SELECT t.facet_set_id, t.entries - COALESCE(d.n, 0) AS n "  # noqa: S608
            f"FROM search_termfacetcount t LEFT JOIN ({without_sql}) d "
            "ON d.facet_set_id = t.facet_set_id "
            "WHERE t.term = %s AND t.entries > COALESCE(d.n, 0)"
        )
        grouped_params = [*without_params, key]
    elif term is not None and statistics.counted_by_year(term):
        # One frequent word and years: its maintained counts per facet set and start
        # year, and the few ranges of years reaching into the range.
        grouped_sql, grouped_params = filters.listing_counts_sql(
            _built(qs), TermYearCount.objects.filter(term=term)
        )
    else:
        # Several words, or a rarer word and years: a pass over the matches, kept until
        # the content changes.
        grouped = (
            filters.apply_years(_built(qs), text_query=text_query)
            .order_by()
            .values("facet_set_id")
            .annotate(n=Count("*"))
        )
        grouped_sql, query_params = grouped.query.sql_with_params()
        grouped_sql, grouped_params = _kept_groups(grouped_sql, list(query_params))
    conditions: dict[str, list[str]] = {"kind": [], "mechanism": [], "country": [], "topic": []}
    params: dict[str, list] = {key: [] for key in conditions}
    if filters.kind:
        conditions["kind"].append("f.kind = %s")
        params["kind"].append(filters.kind)
    if filters.mechanism_id:
        conditions["mechanism"].append("f.mechanism_id = %s")
        params["mechanism"].append(filters.mechanism_id)
    for name, table, column, value in (
        ("country", "search_facetset_countries", "country_id", filters.country_id),
        ("topic", "search_facetset_topics", "topic_id", filters.topic_id),
    ):
        if value:
            conditions[name].append(
                # table and column are the constants above; the value is a parameter.
                f"EXISTS (SELECT 1 FROM {table} x WHERE x.facetset_id = f.id "  # noqa: S608
                f"AND x.{column} = %s)"
            )
            params[name].append(value)

    def where(*names):
        parts = [c for n in names for c in conditions[n]]
        return (" AND ".join(parts) or "1 = 1"), [p for n in names for p in params[n]]

    grid_where, grid_params = where("country", "topic")
    country_where, country_params = where("kind", "mechanism", "topic")
    topic_where, topic_params = where("kind", "mechanism", "country")
    candidates, candidates_params = "", []
    if text_query:
        counted_sql, counted_params = _counted_sql(filters)
        all_where, all_params = where("kind", "mechanism", "country", "topic")
        candidates = _CANDIDATES_SQL.format(counted=counted_sql, all_where=all_where)
        candidates_params = [*counted_params, *all_params]
    sql = _FACET_SQL.format(
        grouped=grouped_sql,
        grid_where=grid_where,
        country_where=country_where,
        topic_where=topic_where,
        candidates=candidates,
        country_table=Country._meta.db_table,
        country_label=_label("c", language),
        topic_table=Topic._meta.db_table,
        topic_label=_label("t", language),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                *grouped_params,
                *grid_params,
                *country_params,
                *topic_params,
                *candidates_params,
            ],
        )
        return cursor.fetchall()


def _built(qs):
    return qs() if callable(qs) else qs


def facets(qs, filters: Filters, language: str, mechanisms: dict, query=None):
    """Return the facet counts, the number of results and of entries the filters allow.

    ``qs``: what is counted, or a function that builds it: a search of one word counts
    from the maintained counts alone, and building the queryset of its matches cost it
    0.15 ms. ``query`` is the parsed query of a text search (None for a listing). The
    last is only counted for a text query (ranking uses it), else it is None.
    """
    text_query = bool(query)
    kinds: dict[str, int] = {}
    by_mechanism: dict[int, int] = {}
    by_link: dict[str, dict[int, int]] = {"country": {}, "topic": {}}
    total = 0
    candidates = None
    empty = not callable(qs) and qs.query.is_empty()
    rows = [] if empty else _facet_rows(qs, filters, text_query, language, query)
    labels: dict[str, dict[int, tuple[str, str]]] = {"country": {}, "topic": {}}
    for facet, kind, key, n, slug, label in rows:
        if facet == "candidates":
            candidates = n or 0
            continue
        if facet != "grid":
            by_link[facet][key] = n
            labels[facet][key] = (slug, label)
            continue
        kind_ok = filters.kind in (None, kind)
        mechanism_ok = filters.mechanism_id in (None, key)
        if mechanism_ok:
            kinds[kind] = kinds.get(kind, 0) + n
        if kind_ok and key in mechanisms:
            by_mechanism[key] = by_mechanism.get(key, 0) + n
        if kind_ok and mechanism_ok:
            total += n
    kind_labels = dict(EntryKind.choices)
    facets = {
        "type": [
            {"value": k, "label": str(kind_labels[k]), "count": n}
            for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "mechanism": [
            {"value": mechanisms[m]["slug"], "label": mechanisms[m]["label"], "count": n}
            for m, n in sorted(
                by_mechanism.items(), key=lambda kv: (-kv[1], mechanisms[kv[0]]["slug"])
            )
        ],
    }
    for name in ("country", "topic"):
        names = labels[name]
        facets[name] = [
            {"value": names[pk][0], "label": names[pk][1], "count": n}
            for pk, n in sorted(by_link[name].items(), key=lambda kv: (-kv[1], names[kv[0]][0]))
        ]
    return facets, total, candidates
