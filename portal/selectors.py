"""Reads for the project-level pages."""

from cooperation.models import Document, Meeting
from mechanisms.models import Country, CountryKind
from mechanisms.selectors import mechanisms_with_counts
from news.models import Brief


def home_page() -> dict:
    """The mechanisms, key figures and latest records shown on the home page."""
    return {
        "mechanisms": mechanisms_with_counts(),
        "figures": {
            "countries": Country.objects.published().filter(kind=CountryKind.STATE).count(),
            "meetings": Meeting.objects.published().count(),
            "documents": Document.objects.published().count(),
        },
        "latest_meetings": Meeting.objects.published()
        .select_related("mechanism", "country")
        .newest_first()[:5],
        "latest_documents": Document.objects.published()
        .select_related("mechanism")
        .newest_first()[:5],
        "latest_news": Brief.objects.published().order_by("-when", "order")[:5],
    }
