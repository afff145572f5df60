"""The search page and its JSON form (same URL, ``format=json``)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal import i18n
from portal.partial_dates import MAX_YEAR, MIN_YEAR
from portal.search.query import search


@require_safe
def search_view(request):
    language = i18n.current_language()
    outcome = search(request.GET, language)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "query": outcome.query,
                "count": outcome.count,
                "page": outcome.page.number,
                "pages": outcome.page.paginator.num_pages,
                "sort": outcome.sort,
                "cut": outcome.cut,
                "suggestion": outcome.suggestion,
                "results": [
                    {
                        "type": r.kind,
                        "title": r.title,
                        "title_html": str(r.title_html),
                        "title_language": r.title_language,
                        "url": request.build_absolute_uri(r.url),
                        "date": r.when,
                        "mechanism": r.mechanism,
                        "snippet": str(r.snippet),
                        "snippet_language": r.snippet_language,
                    }
                    for r in outcome.results
                ],
                "facets": outcome.facets,
                "errors": outcome.errors,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    context = {"outcome": outcome, "query": outcome.query, "years": (MIN_YEAR, MAX_YEAR)}
    return render(request, "search/search.html", context)
