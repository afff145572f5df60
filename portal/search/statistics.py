"""Stored term statistics: document frequencies and field lengths (BM25), facet counts.

``SearchTerm`` holds, per token, how many entries contain it, and under "§" keys the
number of entries and the summed length of each field. ``TermFacetCount`` holds, per
token and facet set, how many published entries contain it (the facets of a one-word
query). Every index write moves the counts of the tokens that changed (one statement
each); a rebuild recounts them all.
"""

from __future__ import annotations

from collections import Counter

from django.db import connection

from portal.search.scoring import Stats

MAX_TERM = 200
ENTRIES = "§n"
FIELDS = ("name", "title", "summary", "body")


def profile(text_fields: dict | None) -> Counter:
    """The statistics an entry contributes: 1 per distinct token, its field lengths."""
    if not text_fields:
        return Counter()
    names = text_fields.get("name_tokens", "").split()
    title = text_fields.get("title_tokens", "").split()
    summary = text_fields.get("summary_tokens", "").split()
    body = text_fields.get("tokens", "").split()
    out = Counter({t: 1 for t in {*title, *body} if len(t) <= MAX_TERM})
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


def apply(delta: Counter) -> None:
    """Add a difference of profiles to the stored statistics."""
    rows = [(term, n) for term, n in delta.items() if n]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT, rows)


def move(old: dict | None, new: dict | None) -> None:
    delta = profile(new)
    delta.subtract(profile(old))
    apply(delta)


def recount(total: Counter) -> None:
    """Replace the stored statistics by the sum of every entry's profile."""
    from portal.search.models import SearchTerm

    SearchTerm.objects.all().delete()
    SearchTerm.objects.bulk_create(
        (SearchTerm(term=t, entries=n) for t, n in total.items() if n), batch_size=5000
    )


def terms(text_fields: dict | None) -> set[str]:
    """The distinct tokens an entry is matched by (its names, titles and texts)."""
    if not text_fields:
        return set()
    title = text_fields.get("title_tokens", "").split()
    body = text_fields.get("tokens", "").split()
    return {t for t in (*title, *body) if len(t) <= MAX_TERM}


def facet_profile(entry_fields: dict | None, text_fields: dict | None) -> Counter:
    """What a published entry adds to ``TermFacetCount``: 1 per (token, facet set)."""
    if not entry_fields or not entry_fields.get("published"):
        return Counter()
    facet_set_id = entry_fields["facet_set_id"]
    return Counter({(t, facet_set_id): 1 for t in terms(text_fields)})


_FACET_UPSERT = (
    "INSERT INTO search_termfacetcount (term, facet_set_id, entries) VALUES (%s, %s, %s) "
    "ON CONFLICT (term, facet_set_id) "
    "DO UPDATE SET entries = search_termfacetcount.entries + excluded.entries"
)


def move_facets(old: tuple, new: tuple) -> None:
    """Move an entry's (token, facet set) counts: each argument is (entry, text) fields."""
    delta = facet_profile(*new)
    delta.subtract(facet_profile(*old))
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


def load(tokens) -> Stats:
    """The statistics a query needs: its tokens' frequencies, entries, average lengths."""
    from portal.search.models import SearchTerm

    keys = [*dict.fromkeys(tokens), ENTRIES, *(f"§len:{f}" for f in FIELDS)]
    found = dict(SearchTerm.objects.filter(term__in=keys).values_list("term", "entries"))
    n = max(1, found.get(ENTRIES, 0))
    avg = {f: max(1.0, found.get(f"§len:{f}", 0) / n) for f in FIELDS}
    return Stats(n=n, df={t: found.get(t, 0) for t in tokens}, avg=avg)
