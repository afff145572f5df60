"""Search through the API, its exports and its feed input: the site search's one entry point."""

from html import unescape

from django.utils import translation
from django.utils.html import strip_tags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api import representation
from portal.api.calendar import LANGUAGE, requested_language
from portal.api.exports import CSV_TYPE, JSON_TYPE, csv_text, download, json_text
from portal.search.query import search

#: An export walks the result pages; past this many rows it stops (and says so).
MAX_EXPORT_ROWS = 10_000
PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words, in any of the three languages."),
    OpenApiParameter("type", OpenApiTypes.STR, description="meeting, document, news, ..."),
    OpenApiParameter("mechanism", OpenApiTypes.STR, description="Mechanism slug."),
    OpenApiParameter("country", OpenApiTypes.STR, description="Country slug."),
    OpenApiParameter("topic", OpenApiTypes.STR, description="Topic slug."),
    OpenApiParameter("year_from", OpenApiTypes.INT),
    OpenApiParameter("year_to", OpenApiTypes.INT),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=["relevance", "newest", "oldest"]),
    OpenApiParameter("page", OpenApiTypes.INT),
    LANGUAGE,
]


def plain(markup: str) -> str:
    """A snippet as plain text (the page marks matches with <mark>)."""
    return unescape(strip_tags(str(markup)))


def result_record(result, request) -> dict:
    return {
        "type": result.kind,
        "title": result.title,
        "title_language": result.title_language,
        "url": request.build_absolute_uri(result.url),
        "date": representation.partial_date(result.when),
        "mechanism": result.mechanism,
        "snippet": plain(result.snippet),
    }


def run_search(request, params=None):
    """Run the site search in the requested language (``lang``); return (outcome, language)."""
    language = requested_language(request)
    with translation.override(language):
        return search(params if params is not None else request.query_params, language), language


def _page_link(request, number):
    if number is None:
        return None
    query = request.query_params.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class SearchView(APIView):
    """Search everything: the same results, order, facets and counts as the search page."""

    @extend_schema(parameters=PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        outcome, language = run_search(request)
        page = outcome.page
        body = {
            "query": outcome.query,
            "language": language,
            "count": outcome.count,
            "next": _page_link(request, page.next_page_number() if page.has_next() else None),
            "previous": _page_link(
                request, page.previous_page_number() if page.has_previous() else None
            ),
            "sort": outcome.sort,
            "results": [result_record(r, request) for r in outcome.results],
            "facets": outcome.facets,
            "errors": outcome.errors,
        }
        return Response(body, status=400 if outcome.errors else 200)


def all_results(request) -> tuple[list[dict], int]:
    """Every result of a search (up to MAX_EXPORT_ROWS) as records, and the total."""
    params = request.query_params.copy()
    params["page"] = 1
    outcome, _language = run_search(request, params)
    records = [result_record(r, request) for r in outcome.results]
    pages = outcome.page.paginator.num_pages
    for number in range(2, pages + 1):
        if len(records) >= MAX_EXPORT_ROWS:
            break
        params["page"] = number
        outcome, _language = run_search(request, params)
        records += [result_record(r, request) for r in outcome.results]
    return records[:MAX_EXPORT_ROWS], outcome.count


SEARCH_COLUMNS = ["type", "title", "title_language", "url", "date", "date_precision"]
SEARCH_COLUMNS += ["mechanism", "snippet"]


class SearchExportView(APIView):
    """Every result of a search as CSV or JSON, in the search's order."""

    extension = "csv"

    @extend_schema(parameters=PARAMETERS, responses={200: OpenApiTypes.BINARY})
    def get(self, request):
        records, total = all_results(request)
        if self.extension == "json":
            payload = {"count": total, "exported": len(records), "results": records}
            return download(json_text(payload), JSON_TYPE, "search.json")
        return download(csv_text(records, SEARCH_COLUMNS), CSV_TYPE, "search.csv")
