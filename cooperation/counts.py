"""List totals from the search index's maintained counts, instead of counting rows.

The meeting and document lists show how many records match their filters. Counting the
rows costs a pass over every match (100,000 meetings: tens of milliseconds per page);
the search index keeps, per facet set (kind, mechanism, countries, topics) and start
year, how many published entries it has (``FacetCount``), so the same total is a sum
over a few hundred rows whatever the number of records. Filters the index does not
know (words, a meeting or document kind) fall back to counting.
"""

from django.db.models import Sum

from portal.search.models import FacetCount
from portal.search.query import Filters


def maintained_count(filterset, kind: str) -> int | None:
    """Return the published records the filters allow, or None when it must be counted."""
    form = filterset.form
    if form.is_bound and not form.is_valid():
        return None
    data = form.cleaned_data if form.is_bound else {}
    if data.get("q") or data.get("kind"):
        return None
    filters = Filters(
        kind=kind,
        mechanism_id=data["mechanism"].pk if data.get("mechanism") else None,
        country_id=data["country"].pk if data.get("country") else None,
        topic_id=data["topic"].pk if data.get("topic") else None,
        year_from=int(data["year_from"]) if data.get("year_from") is not None else None,
        year_to=int(data["year_to"]) if data.get("year_to") is not None else None,
    )
    counts = FacetCount.objects.filter(facet_set__in=filters.facet_sets().values("id"))
    total = filters.counts_in_years(counts).aggregate(total=Sum("entries"))["total"]
    return total or 0
