"""Reads for the project-level pages."""

from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from cooperation.models import Document, Meeting
from mechanisms.models import Country, CountryKind
from mechanisms.selectors import mechanisms_with_counts
from news.models import Brief
from portal import glossary, i18n
from portal.models import Term, TermKind, TextState


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


#: How many records that use a term the glossary page lists before pointing to search.
USES_SHOWN = 8

#: The glossary page's section headings, one per kind of term, in the order of TermKind.
GLOSSARY_HEADINGS = {
    TermKind.MECHANISM: _("Cooperation mechanisms"),
    TermKind.ORGANISATION: _("Organizations and bodies"),
    TermKind.COUNTRY: _("Countries"),
    TermKind.DOCUMENT: _("Documents"),
    TermKind.PROGRAMME: _("Programmes and initiatives"),
    TermKind.CONCEPT: _("Concepts"),
    TermKind.PLACE: _("Places"),
}


def glossary_page(language: str) -> dict:
    """The published terms by kind, each with the record it names and the records using it."""
    terms = list(Term.objects.published().select_related("source").prefetch_related("sources"))
    wanted: dict[int, set[str]] = {}
    for term in terms:
        if term.target_type_id and term.target_slug:
            wanted.setdefault(term.target_type_id, set()).add(term.target_slug)
    targets = {}
    for type_id, slugs in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for record in model.objects.published().filter(slug__in=slugs):
            targets[type_id, record.slug] = record
    uses = glossary.records_using(terms, glossary.translated_texts(published=True))
    name = i18n.localized_field("name", language)
    for term in terms:
        named = targets.get((term.target_type_id, term.target_slug))
        term.named_record = _link(named) if named else None
        used = [r for r in uses[term.slug] if not (type(r) is type(named) and r.pk == named.pk)]
        term.uses = [_link(record) for record in used[:USES_SHOWN]]
        term.uses_count = len(used)
        term.renderings = _renderings(term)
        term.other_names = [
            (code, alias)
            for code in i18n.LANGUAGE_CODES
            for alias in (getattr(term, i18n.localized_field("aliases", code)) or "").splitlines()
            if alias.strip()
        ]
    order = {kind: i for i, kind in enumerate(GLOSSARY_HEADINGS)}
    terms.sort(key=lambda t: (order[t.kind], (getattr(t, name) or t.name_en).casefold()))
    return {
        "groups": [
            {"kind": kind, "heading": GLOSSARY_HEADINGS[kind], "terms": list(group)}
            for kind, group in groupby(terms, key=lambda t: t.kind)
        ],
        "term_count": len(terms),
    }


def _link(record) -> dict:
    """A record's page and its title in the active language (or its fallback)."""
    field = "name" if hasattr(record, "name_en") else "title"
    text, language = i18n.localized_value(record, field)
    return {"url": record.get_absolute_url(), "text": text, "language": language}


def _renderings(term: Term) -> list[dict]:
    """The term's name in every language, with its abbreviation and text state."""
    return [
        {
            "language": code,
            "name": getattr(term, i18n.localized_field("name", code)),
            "abbreviation": getattr(term, i18n.localized_field("abbreviation", code)),
            "official": term.text_state(code) == TextState.OFFICIAL,
        }
        for code in i18n.LANGUAGE_CODES
    ]
