"""Stored term statistics: document frequencies and field lengths (BM25), facet counts.

``SearchTerm`` holds, per token, how many entries contain it, and under "§" keys the
number of entries and the summed length of each field. ``TermFacetCount`` holds, per
token and facet set, how many published entries contain it (the facets of a one-word
query). Every index write moves the counts of the tokens that changed (one statement
each); a rebuild recounts them all.

A word with variants is counted the same way, under its group's key
(``variants.group_term``): an entry counts for a group when it holds one of the group's
alternatives. Its ``SearchTerm`` row marks the group as counted: index writes only move
the counts of counted groups, and ``sync_groups`` counts a group that has none yet (a new
term or variant) with one pass over its matches, so the counts are exact or not used.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count

from portal.search.scoring import Stats

if TYPE_CHECKING:
    from portal.search.variants import Groups

MAX_TERM = 200
ENTRIES = "§n"
FIELDS = ("name", "title", "summary", "body")


def profile(text_fields: dict | None, groups: Groups | None = None) -> Counter:
    """The statistics an entry contributes: 1 per distinct token and group, field lengths."""
    if not text_fields:
        return Counter()
    names = text_fields.get("name_tokens", "").split()
    title = text_fields.get("title_tokens", "").split()
    summary = text_fields.get("summary_tokens", "").split()
    body = text_fields.get("tokens", "").split()
    tokens = {t for t in {*title, *body} if len(t) <= MAX_TERM}
    out = Counter(dict.fromkeys(tokens, 1))
    if groups is not None:
        out.update(groups.matched(tokens))
    out[ENTRIES] = 1
    lengths = {
        "name": len(names),
        "title": len(title) - len(names),
        "summary": len(summary),
        "body": len(body) - len(summary),
    }
    for name, length in lengths.items():
        out[f"§len:{name}"] = length
    return out


_UPSERT = (
    "INSERT INTO search_searchterm (term, entries) VALUES (%s, %s) "
    "ON CONFLICT (term) DO UPDATE SET entries = search_searchterm.entries + excluded.entries"
)


# A group's row is moved only once it is counted (``sync_groups`` writes it first).
_GROUP_UPDATE = "UPDATE search_searchterm SET entries = entries + %s WHERE term = %s"


def _is_group(term: str) -> bool:
    from portal.search.variants import GROUP_PREFIX

    return term.startswith(GROUP_PREFIX)


def apply(delta: Counter) -> None:
    """Add a difference of profiles to the stored statistics."""
    rows = [(term, n) for term, n in delta.items() if n and not _is_group(term)]
    groups = [(n, term) for term, n in delta.items() if n and _is_group(term)]
    with connection.cursor() as cursor:
        if rows:
            cursor.executemany(_UPSERT, rows)
        if groups:
            cursor.executemany(_GROUP_UPDATE, groups)


def move(old: dict | None, new: dict | None, groups: Groups | None = None) -> None:
    delta = profile(new, groups)
    delta.subtract(profile(old, groups))
    apply(delta)


def recount(total: Counter, groups: Groups | None = None) -> None:
    """Replace the stored statistics by the sum of every entry's profile.

    Every group is marked as counted, those no entry matches too (with 0).
    """
    from portal.search.models import SearchTerm

    SearchTerm.objects.all().delete()
    unmatched = [g for g in (groups.alternatives if groups else ()) if not total.get(g)]
    SearchTerm.objects.bulk_create(
        [
            *(SearchTerm(term=t, entries=n) for t, n in total.items() if n),
            *(SearchTerm(term=g, entries=0) for g in unmatched),
        ],
        batch_size=5000,
    )


def terms(text_fields: dict | None, groups: Groups | None = None) -> set[str]:
    """The distinct tokens an entry is matched by (its names, titles and texts), and the
    groups they spell."""
    if not text_fields:
        return set()
    title = text_fields.get("title_tokens", "").split()
    body = text_fields.get("tokens", "").split()
    tokens = {t for t in (*title, *body) if len(t) <= MAX_TERM}
    return tokens | groups.matched(tokens) if groups is not None else tokens


def facet_profile(
    entry_fields: dict | None, text_fields: dict | None, groups: Groups | None = None
) -> Counter:
    """What a published entry adds to ``TermFacetCount``: 1 per (token or group, facet set)."""
    if not entry_fields or not entry_fields.get("published"):
        return Counter()
    facet_set_id = entry_fields["facet_set_id"]
    return Counter({(t, facet_set_id): 1 for t in terms(text_fields, groups)})


_FACET_UPSERT = (
    "INSERT INTO search_termfacetcount (term, facet_set_id, entries) VALUES (%s, %s, %s) "
    "ON CONFLICT (term, facet_set_id) "
    "DO UPDATE SET entries = search_termfacetcount.entries + excluded.entries"
)


def move_facets(
    old: tuple[dict | None, dict | None],
    new: tuple[dict | None, dict | None],
    groups: Groups | None = None,
) -> None:
    """Move an entry's (token, facet set) counts: each argument is (entry, text) fields."""
    delta = facet_profile(new[0], new[1], groups)
    delta.subtract(facet_profile(old[0], old[1], groups))
    rows = [(term, facet_set_id, n) for (term, facet_set_id), n in delta.items() if n]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_FACET_UPSERT, rows)


def recount_facets(total: Counter) -> None:
    """Replace the (token, facet set) counts by the sum of every entry's facet profile."""
    from portal.search.models import TermFacetCount

    TermFacetCount.objects.all().delete()
    TermFacetCount.objects.bulk_create(
        (TermFacetCount(term=t, facet_set_id=f, entries=n) for (t, f), n in total.items() if n),
        batch_size=5000,
    )


def sync_groups(groups: Groups) -> None:
    """Count the groups not counted yet, and forget those no longer in the map.

    A group is counted with one pass over its matches (its published matches per facet
    set), after a term or variant changed: the rows index writes may have added for it
    before are replaced.
    """
    from portal.search.models import SearchTerm, TermFacetCount
    from portal.search.variants import GROUP_PREFIX

    wanted = set(groups.alternatives)
    for model in (SearchTerm, TermFacetCount):
        model.objects.filter(term__startswith=GROUP_PREFIX).exclude(term__in=wanted).delete()
    counted = set(SearchTerm.objects.filter(term__in=wanted).values_list("term", flat=True))
    for term in sorted(wanted - counted):
        _count_group(term, groups.alternatives[term])


def _count_group(term: str, alternatives) -> None:
    from portal.search import backends, parsing
    from portal.search.models import SearchEntry, SearchTerm, TermFacetCount

    query = parsing.Query(slots=[parsing.Slot(term, [list(a) for a in alternatives])])
    matches = SearchEntry.objects.filter(backends.current().condition(query))
    per_set = (
        matches.filter(published=True).order_by().values_list("facet_set_id").annotate(n=Count("*"))
    )
    TermFacetCount.objects.filter(term=term).delete()
    TermFacetCount.objects.bulk_create(
        TermFacetCount(term=term, facet_set_id=facet_set_id, entries=n)
        for facet_set_id, n in per_set
    )
    SearchTerm.objects.create(term=term, entries=matches.count())


#: Starts the marker of a word counted per facet set and start year (``TermYearCount``).
YEAR_PREFIX = "§y:"
#: Words in at least this many entries are counted per year: a year-filtered search of a
#: rarer word passes over few matches (under ~5 ms at 100k entries).
YEAR_COUNTED_MIN = 10_000


def year_profile(
    entry_fields: dict | None, text_fields: dict | None, groups: Groups | None = None
) -> Counter:
    """What a published entry adds to ``TermYearCount``: 1 per (token or group, facet
    set, start year)."""
    if not entry_fields or not entry_fields.get("published"):
        return Counter()
    key = (entry_fields["facet_set_id"], (entry_fields.get("when") or "")[:4])
    return Counter({(t, *key): 1 for t in terms(text_fields, groups)})


_YEAR_UPSERT = (
    "INSERT INTO search_termyearcount (term, facet_set_id, year, entries) "
    "VALUES (%s, %s, %s, %s) ON CONFLICT (term, year, facet_set_id) "
    "DO UPDATE SET entries = search_termyearcount.entries + excluded.entries"
)


def move_years(
    old: tuple[dict | None, dict | None],
    new: tuple[dict | None, dict | None],
    groups: Groups | None = None,
) -> None:
    """Move an entry's per-year counts of the words counted per year (see ``TermYearCount``)."""
    from portal.search.models import SearchTerm

    delta = year_profile(new[0], new[1], groups)
    delta.subtract(year_profile(old[0], old[1], groups))
    changed = {term for (term, _, _), n in delta.items() if n}
    if not changed:
        return
    markers = SearchTerm.objects.filter(term__in=[YEAR_PREFIX + t for t in changed])
    counted = {m[len(YEAR_PREFIX) :] for m in markers.values_list("term", flat=True)}
    rows = [(t, fs, year, n) for (t, fs, year), n in delta.items() if n and t in counted]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_YEAR_UPSERT, rows)


@contextmanager
def _through_the_index():
    """Read matches through the full-text index (see ``postgres.PostgresBackend.tuned``), and put
    the planner setting back afterwards, whatever transaction this runs in."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('enable_seqscan', 'off', false)")
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, false)", [before])


def counted_by_year(term: str) -> bool:
    from portal.search.models import SearchTerm

    return SearchTerm.objects.filter(term=YEAR_PREFIX + term).exists()


def sync_year_terms(groups: Groups, minimum: int | None = None) -> int:
    """Count per year the frequent words (and groups) not counted yet; return how many.

    One pass over each word's matches, grouped by facet set and start year; its marker
    row then makes every index write move its counts.
    """
    from portal.search.models import SearchTerm

    minimum = YEAR_COUNTED_MIN if minimum is None else minimum
    frequent = set(
        SearchTerm.objects.filter(entries__gte=minimum)
        .exclude(term__startswith="§")
        .values_list("term", flat=True)
    )
    marked = SearchTerm.objects.filter(term__startswith=YEAR_PREFIX).values_list("term", flat=True)
    todo = frequent - {m[len(YEAR_PREFIX) :] for m in marked}
    for term in sorted(todo):
        count_years(term, groups.alternatives.get(term))
    return len(todo)


def count_years(term: str, alternatives=None) -> None:
    """Count one token (or group: its ``alternatives``) per facet set and start year."""
    from django.db.models.functions import Substr

    from portal.search import backends, parsing
    from portal.search.models import SearchEntry, SearchTerm, TermYearCount

    slot = [list(a) for a in alternatives] if alternatives else [[term]]
    query = parsing.Query(slots=[parsing.Slot(term, slot)])
    per_year = (
        SearchEntry.objects.filter(published=True)
        .filter(backends.current().condition(query))
        .annotate(year=Substr("when", 1, 4))
        .order_by()
        .values_list("facet_set_id", "year")
        .annotate(n=Count("*"))
    )
    with _through_the_index():
        rows = [
            TermYearCount(term=term, facet_set_id=facet_set_id, year=year, entries=n)
            for facet_set_id, year, n in per_year
        ]
    TermYearCount.objects.filter(term=term).delete()
    TermYearCount.objects.bulk_create(rows, batch_size=5000)
    SearchTerm.objects.update_or_create(term=YEAR_PREFIX + term, defaults={"entries": 0})


def load(tokens) -> Stats:
    """The statistics a query needs: its tokens' frequencies, entries, average lengths."""
    from portal.search.models import SearchTerm

    keys = [*dict.fromkeys(tokens), ENTRIES, *(f"§len:{f}" for f in FIELDS)]
    found = dict(SearchTerm.objects.filter(term__in=keys).values_list("term", "entries"))
    n = max(1, found.get(ENTRIES, 0))
    avg = {f: max(1.0, found.get(f"§len:{f}", 0) / n) for f in FIELDS}
    return Stats(n=n, df={t: found.get(t, 0) for t in tokens}, avg=avg)
