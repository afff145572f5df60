"""List totals from maintained counts (``portal.counts``), instead of counting rows.

Counting the rows of a list costs a pass over every match (100,000 meetings: tens of
milliseconds per page); the search index's counts give the same total as a sum over a
few hundred rows; with words, as the search counts its results. A filter the index does
not know (a meeting or document kind) falls back to counting.
"""

from portal import caching, counts


def maintained_count(filterset, kind: str, *, keep: bool = False) -> int | None:
    """Return the published records the filters allow, or None when they must be counted.

    ``keep``: remember the total per content generation (for pages under the page cache).
    """
    data = _cleaned(filterset)
    if data is None or data.get("kind"):
        return None
    filters = {
        "kind": kind,
        "mechanism_id": data["mechanism"].pk if data.get("mechanism") else None,
        "country_id": data["country"].pk if data.get("country") else None,
        "topic_id": data["topic"].pk if data.get("topic") else None,
        "year_from": int(data["year_from"]) if data.get("year_from") is not None else None,
        "year_to": int(data["year_to"]) if data.get("year_to") is not None else None,
        "q": data.get("q") or "",
    }
    return _published(filters, keep)


def word_matches(filterset, kind: str, total: int | None, *, keep: bool = False) -> int | None:
    """Return the published records the list's words alone match (None: no words).

    ``total``: the list's own total (``maintained_count``), which it is when the words are
    the only filter.
    """
    data = _cleaned(filterset)
    if data is None or not data.get("q"):
        return None
    if total is not None and not any(v for k, v in data.items() if k != "q" and v is not None):
        return total
    return _published(dict.fromkeys(_FILTERS) | {"kind": kind, "q": data["q"]}, keep)


_FILTERS = ("mechanism_id", "country_id", "topic_id", "year_from", "year_to")


def _cleaned(filterset) -> dict | None:
    form = filterset.form
    if form.is_bound and not form.is_valid():
        return None
    return form.cleaned_data if form.is_bound else {}


def _published(filters: dict, keep: bool) -> int | None:
    if not keep:
        return counts.maintained("published", **filters)
    # Kept per content generation: the sum is a query the page repeated on every request.
    return caching.remember(
        f"maintained-count:{sorted(filters.items())}",
        lambda: counts.maintained("published", **filters),
    )
