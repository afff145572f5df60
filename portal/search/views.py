"""The search page and its JSON form (same URL, ``format=json``)."""

from functools import lru_cache
from urllib.parse import quote_plus

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from portal import i18n
from portal.partial_dates import MAX_YEAR, MIN_YEAR, format_partial_date
from portal.search.query import search
from portal.templatetags.portal import in_parentheses

#: The facets' headings, in the order the search counts them.
FACET_HEADINGS = {
    "type": _("Type"),
    "mechanism": _("Mechanism"),
    "country": _("Country"),
    "topic": _("Topic"),
}


#: The year fields' bounds, printed four times: as text, since a number in a template is
#: localized (an attribute takes plain digits), and by name, since ``years.0`` on a tuple
#: is tried as a key and as an attribute first, two exceptions raised and caught per
#: lookup (0.03 ms for the four; the chosen years likewise).
_YEAR_BOUNDS = {"min": str(MIN_YEAR), "max": str(MAX_YEAR)}


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
    context = {
        "outcome": outcome,
        "query": outcome.query,
        "years": _YEAR_BOUNDS,
        "rows": result_rows(outcome.results, language),
        "facet_groups": facet_groups(request, outcome.facets),
        # The year fields show what was asked. Looked up here: in the template an absent
        # key raised and caught three exceptions per field (0.1 ms a page).
        "chosen_years": {
            "start": request.GET.get("year_from", ""),
            "end": request.GET.get("year_to", ""),
        },
        # The refine box's form keeps the chosen facets as hidden fields.
        "chosen_facets": [
            (name, request.GET[name]) for name in FACET_HEADINGS if request.GET.get(name)
        ],
    }
    return render(request, "search/search.html", context)


def result_rows(results, language: str) -> list[dict]:
    """The results as the page lists them: link, marked title, one meta line, snippet.

    Shaped here, not in the template: per result the template read eight attributes of
    a dataclass (each lookup failing as a dictionary key first), compared two languages
    and formatted the date, 0.4 ms for a page of 20. ``title_lang`` and ``snippet_lang``
    are set only when the text is not in the page's language.
    """
    return [
        {
            "url": r.url,
            "title_html": r.title_html,
            "title_lang": "" if r.title_language == language else r.title_language,
            "meta": " · ".join(
                p for p in (r.kind_label, format_partial_date(r.when), r.mechanism) if p
            ),
            "snippet": r.snippet,
            "snippet_lang": "" if r.snippet_language == language else r.snippet_language,
        }
        for r in results
    ]


def facet_groups(request, facets):
    """The refine box: per facet with values, its heading and each value's link and count.

    A chosen value links to the search without it, any other to the search narrowed by
    it (both back to the first page). Shaped here, not in the template: a template's tag
    per value (comparison, link, count) cost a search page 1.2 ms for some 30 values.
    """
    groups = []
    language = i18n.current_language()
    for name, values in facets.items():
        if not values:
            continue
        chosen = request.GET.get(name, "")
        link = _facet_links(request, name)
        groups.append(
            {
                "heading": FACET_HEADINGS[name],
                "values": [
                    {
                        "label": value["label"],
                        "count": _count_label(language, value["count"]),
                        "chosen": chosen == value["value"],
                        "url": link(None if chosen == value["value"] else value["value"]),
                    }
                    for value in values
                ],
            }
        )
    return groups


def _facet_links(request, name: str):
    """The links ``{% url_with name=value page=None %}`` gives, from the rest of the query
    encoded once per facet instead of once per value (a search lists up to a hundred
    values): the other parameters keep their places, ``name`` keeps its own or comes
    last, and a value of None leaves it out."""
    keys = [key for key in request.GET if key != "page"]
    if name in keys:
        at = keys.index(name)
        before, after = keys[:at], keys[at + 1 :]
    else:
        before, after = keys, []

    def encoded(part):
        return "&".join(_pair(k, v) for k in part for v in request.GET.getlist(k))

    head, tail = encoded(before), encoded(after)

    def link(value) -> str:
        middle = "" if value in (None, "") else _pair(name, value)
        return "?" + "&".join(p for p in (head, middle, tail) if p)

    return link


@lru_cache(maxsize=1024)
def _count_label(language: str, count: int) -> str:
    """A facet value's count in the language's parentheses. Counts repeat across values
    and searches (1, 2, 3, ...): each is formatted once per process and language, the
    language being the active one (a key of the memo, never read here)."""
    return in_parentheses(count)


def _pair(key, value) -> str:
    return f"{_quoted(key)}={_quoted(str(value))}"


#: Parameter names and facet values (slugs, kinds) repeat from search to search: each
#: is quoted once per process (a search page quotes some eighty).
_quoted = lru_cache(maxsize=4096)(quote_plus)
