"""Reads for the project-level pages."""

from django.db.models import Sum

from cooperation.models import Document, Meeting
from mechanisms.models import Country, CountryKind
from mechanisms.selectors import mechanisms_with_counts
from news.models import Brief
from portal.search.models import EntryKind, FacetCount
from portal.search.forms import Filters

#: Rows in each of the home page's "latest" columns.
LATEST = 5


def published_entries(*kinds: str) -> dict[str, int]:
    """How many published records of each kind there are, from the search index's
    maintained counts (a sum over facet sets, not a count over every record)."""
    rows = (
        FacetCount.objects.filter(facet_set__kind__in=kinds)
        .values("facet_set__kind")
        .annotate(total=Sum("entries"))
    )
    totals = {row["facet_set__kind"]: row["total"] for row in rows}
    return {f"{kind}s": totals.get(kind, 0) for kind in kinds}


def published_count(*, kind, mechanism_id, country_id, topic_id, year_from, year_to) -> int:
    """Published records of a kind the filters allow, from the maintained counts."""
    filters = Filters(
        kind=kind,
        mechanism_id=mechanism_id,
        country_id=country_id,
        topic_id=topic_id,
        year_from=year_from,
        year_to=year_to,
    )
    counts = FacetCount.objects.filter(facet_set__in=filters.facet_sets().values("id"))
    total = filters.counts_in_years(counts).aggregate(total=Sum("entries"))["total"]
    return total or 0


def meetings_hosted() -> dict[int, int]:
    """Published meetings per host country id, from the maintained counts."""
    rows = (
        FacetCount.objects.filter(facet_set__kind=EntryKind.MEETING)
        .values("facet_set__countries")
        .annotate(total=Sum("entries"))
    )
    return {row["facet_set__countries"]: row["total"] for row in rows}


def home_page() -> dict:
    """The mechanisms, key figures and latest records shown on the home page."""
    return {
        "mechanisms": mechanisms_with_counts(),
        "figures": {
            "countries": Country.objects.published().filter(kind=CountryKind.STATE).count(),
            **published_entries(EntryKind.MEETING, EntryKind.DOCUMENT),
        },
        "latest_meetings": Meeting.objects.published().for_listing().newest_first()[:LATEST],
        "latest_documents": Document.objects.published().for_listing().newest_first()[:LATEST],
        "latest_news": Brief.objects.published().order_by("-when", "order")[:LATEST],
    }
