"""Template tags of the open-data layer: download and feed links, JSON-LD, citation meta."""

import functools
import json

from django import template
from django.http import QueryDict
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal import i18n
from portal.api import jsonld
from portal.api.citations import citation_for, citation_links

register = template.Library()


@register.simple_tag(takes_context=True)
def filtered_url(context, name, **extra):
    """The URL named ``name`` with the list's filters (not its page number) and ``extra``.

    A list page passes on its own query string. A record's page (a mechanism, a country, a
    topic) sets ``list_filters`` (from ``{% list_filters %}``) to the one filter that its
    lists of meetings and documents are about. A page asks for six or seven of these
    links: the filters are copied and encoded once per page (``_filters``).
    """
    query, encoded = _filters(context)
    if any(key in query for key in extra):
        query = query.copy()
        for key, value in extra.items():
            query[key] = value
        encoded = query.urlencode()
    elif extra:
        added = QueryDict(mutable=True)
        added.update(extra)
        encoded = "&".join(filter(None, (encoded, added.urlencode())))
    return _path(name) + (f"?{encoded}" if encoded else "")


def _path(name: str) -> str:
    """``reverse(name)``, worked out once per name, language, script prefix and URL
    patterns in this process: a list or search page links six or seven of them."""
    return _reversed(
        name, translation.get_language(), get_script_prefix(), get_resolver(get_urlconf())
    )


@functools.lru_cache(maxsize=256)
def _reversed(name: str, language, prefix, resolver) -> str:
    return reverse(name)


def _filters(context) -> tuple[QueryDict, str]:
    """The page's filters without its page number, and their encoding (kept on the
    request for the page's other links)."""
    chosen = context.get("list_filters")
    request = context["request"]
    kept = getattr(request, "_portal_filters", None)
    if kept is not None and kept[0] is chosen:
        return kept[1], kept[2]
    query = chosen.copy() if chosen is not None else request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    request._portal_filters = (chosen, query, encoded)
    return query, encoded


@register.simple_tag
def list_filters(key: str, value: str) -> QueryDict:
    """The filter for the download and feed links of a record's page, by the lists' name.

    ``{% list_filters "mechanism" mechanism.slug as list_filters %}``: the links then ask
    for that mechanism's meetings and documents, as ``/meetings/?mechanism=...`` shows them.
    """
    query = QueryDict(mutable=True)
    query[key] = value
    return query


#: What a JSON string must not contain inside <script> (as django.utils.html.json_script).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
#: The API's name for each cited kind of record (URL names ``api:<name>-citation-bib``).
CITED = {"Document": "documents", "Meeting": "meetings", "Brief": "news"}


@register.simple_tag(takes_context=True)
def record_metadata(context, record):
    """JSON-LD, and for cited records the citation_* meta tags that Zotero reads."""
    request, language = context["request"], i18n.current_language()
    data = jsonld.json_ld(record, language, request.build_absolute_uri)
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_SCRIPT_ESCAPES)
    tags = [format_html('<script type="application/ld+json">{}</script>', mark_safe(text))]  # noqa: S308 - escaped above
    if type(record).__name__ in CITED:
        citation = citation_for(record, language, request.build_absolute_uri)
        tags += [
            format_html('<meta name="{}" content="{}">', name, value)
            for name, value in citation_meta(citation)
        ]
    return mark_safe("\n".join(tags))  # noqa: S308 - every piece built by format_html


def citation_meta(citation) -> list[tuple[str, str]]:
    """Highwire Press tags, which reference managers read (Zotero, Mendeley)."""
    meta = [("citation_title", citation.title)]
    if citation.author:
        meta.append(("citation_author", citation.author))
    if citation.date:
        start = citation.date.start
        date = "/".join(
            f"{part:02d}" if i else str(part)
            for i, part in enumerate((start.year, start.month, start.day))
            if part is not None
        )
        meta += [("citation_publication_date", date), ("citation_date", date)]
    if citation.kind == "news" and citation.container:
        meta.append(("citation_journal_title", citation.container))
    if citation.kind == "document" and citation.author:
        meta.append(("citation_publisher", citation.author))
    if citation.kind == "meeting":
        meta.append(("citation_conference_title", citation.title))
    meta += [("citation_language", citation.language), ("citation_abstract_html_url", citation.url)]
    return meta


@register.inclusion_tag("api/citation.html", takes_context=True)
def cite(context, record, heading):
    """The record's citation in the page's language and its BibTeX, RIS, CSL-JSON downloads."""
    request, language = context["request"], i18n.current_language()
    citation = citation_for(record, language, request.build_absolute_uri)
    return {
        "heading": heading,
        "citation": citation,
        "links": citation_links(CITED[type(record).__name__], record.slug, language),
    }
