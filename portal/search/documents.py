"""What each indexed model contributes to the search, declared in one place.

Like Kitsune's search documents: per model, the extractor that says which of its fields
are names, titles, summaries and texts (scored with the weights of
``portal.search.scoring.FIELDS``: names 10, titles 4, summaries 2, texts 1), what its
queryset must fetch for that, and which other records show something of it (a document's
sections, key projects and planned activities). ``portal.search.index`` keeps the index
in step from these declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.utils import translation

from cooperation import reader
from portal import i18n
from portal.models import Publication
from portal.search import extras
from portal.search.models import EntryKind


@dataclass
class Indexable:
    """What one record contributes to the index."""

    kind: str
    url: str
    titles: dict[str, str]
    texts: dict[str, str]
    when: str = ""
    mechanism_id: int | None = None
    country_ids: list[int] = field(default_factory=list)
    topic_ids: list[int] = field(default_factory=list)
    published: bool = True
    #: Other names (short names, glossary abbreviations and aliases): weighed as names.
    names: list[str] = field(default_factory=list)
    #: Summaries per language: weighed between titles and texts.
    summaries: dict[str, str] = field(default_factory=dict)
    #: Searchable words not shown as text (countries, topics, quotations, notes, dates).
    extra: str = ""


def _values(obj, *names) -> dict[str, str]:
    """Join the given translated fields of obj, per language."""
    out = {}
    for language in i18n.LANGUAGE_CODES:
        parts = [getattr(obj, i18n.localized_field(n, language), "") or "" for n in names]
        out[language] = "\n".join(p for p in parts if p.strip())
    return out


def _join(*dicts) -> dict[str, str]:
    return {lang: "\n".join(d[lang] for d in dicts if d.get(lang)) for lang in i18n.LANGUAGE_CODES}


def _url(obj) -> str:
    with translation.override(i18n.DEFAULT_LANGUAGE):
        return i18n.neutral_path(obj.get_absolute_url())


def _published(obj) -> bool:
    return obj.publication == Publication.PUBLISHED


def _names(obj, name="name"):
    """A related record's names; none when it is a draft (the public may not see them)."""
    return _values(obj, name) if obj is not None and obj.is_published else {}


def _place(obj) -> dict[str, str]:
    """ "City, Country" per language, as the record's page shows it (``{% place %}``): a
    result whose text is its place reads "Astana, Kazakhstan", not "Astana Kazakhstan"."""
    cities, countries = _values(obj, "city"), _names(obj.country)
    out = {}
    for language in i18n.LANGUAGE_CODES:
        with translation.override(language):
            separator = translation.pgettext("list separator", ", ")
        parts = [cities.get(language, ""), countries.get(language, "")]
        out[language] = separator.join(p for p in parts if p)
    return out


def _glossary(ctx):
    return ctx if ctx is not None else extras.Glossary()


def _extra(ctx, when, country=None, topics=(), quotes=(), notes=()):
    glossary = _glossary(ctx)
    return "\n".join(
        p
        for p in (
            extras.country_words(country, glossary),
            extras.topic_words(topics),
            extras.quote_words(quotes),
            extras.note_words(notes),
            extras.date_words(when),
        )
        if p
    )


def _own_names(obj, ctx, *fields):
    names = [v for f in fields for v in _values(obj, f).values() if v]
    return list(dict.fromkeys([*names, *_glossary(ctx).names(obj)]))


def mechanism(obj, ctx=None):
    return Indexable(
        EntryKind.MECHANISM,
        _url(obj),
        _values(obj, "name"),
        _values(obj, "background", "responsibilities", "achievements", "next_steps"),
        obj.established,
        obj.pk,
        published=_published(obj),
        names=_own_names(obj, ctx, "name", "short_name"),
        summaries=_values(obj, "summary"),
        extra=_extra(ctx, obj.established, quotes=obj.quotes.filter(meeting=None, document=None)),
    )


def body(obj, ctx=None):
    return Indexable(
        EntryKind.BODY,
        _url(obj),
        _values(obj, "name"),
        {},
        obj.launched,
        obj.mechanism_id,
        published=_published(obj),
        names=_own_names(obj, ctx, "name", "short_name"),
        summaries=_values(obj, "description"),
        extra=_extra(ctx, obj.launched),
    )


def _placed_record(kind, obj, ctx, texts, summary):
    """A meeting or document: dated, placed in a city and country, tagged with topics;
    its text is ``texts`` with the place after the first of them."""
    topics = list(obj.topics.all())
    first, *rest = texts
    return Indexable(
        kind,
        _url(obj),
        _values(obj, "title"),
        _join(_values(obj, first), _place(obj), _values(obj, *rest)),
        obj.when,
        obj.mechanism_id,
        [obj.country_id] if obj.country_id else [],
        [t.pk for t in topics],
        _published(obj),
        names=_own_names(obj, ctx),
        summaries=_values(obj, summary),
        extra=_extra(ctx, obj.when, obj.country, topics, obj.quotes.all()),
    )


def meeting(obj, ctx=None):
    return _placed_record(EntryKind.MEETING, obj, ctx, ("description", "priority_area"), "theme")


def document(obj, ctx=None):
    return _placed_record(EntryKind.DOCUMENT, obj, ctx, ("issuing_body",), "summary")


def section(obj, ctx=None):
    doc = obj.document
    titles = {}
    for language in i18n.LANGUAGE_CODES:
        number = getattr(obj, i18n.localized_field("number", language), "") or ""
        heading = getattr(obj, i18n.localized_field("heading", language), "") or ""
        doc_title = getattr(doc, i18n.localized_field("title", language), "") or ""
        label = reader.join_label(number.strip(), heading.strip())
        titles[language] = " · ".join(p for p in (doc_title, label) if p)
    return Indexable(
        EntryKind.SECTION,
        f"{_url(doc)}#{obj.anchor}",
        titles,
        _values(obj, "body"),
        doc.when,
        doc.mechanism_id,
        [doc.country_id] if doc.country_id else [],
        [t.pk for t in doc.topics.all()],
        _published(doc),
    )


def key_project(obj, ctx=None):
    doc = obj.document
    topics = list(obj.topics.all())
    return Indexable(
        EntryKind.PROJECT,
        _url(obj),
        _values(obj, "title"),
        {},
        doc.when,
        doc.mechanism_id,
        topic_ids=[t.pk for t in topics],
        published=_published(obj) and _published(doc),
        summaries=_values(obj, "description"),
        extra=_extra(ctx, doc.when, topics=topics),
    )


def planned_activity(obj, ctx=None):
    doc = obj.document
    topics = list(obj.topics.all())
    return Indexable(
        EntryKind.ACTIVITY,
        _url(obj),
        _values(obj, "title"),
        _values(obj, "strategic_direction", "action"),
        obj.schedule,
        doc.mechanism_id,
        topic_ids=[t.pk for t in topics],
        published=_published(obj) and _published(doc),
        extra=_extra(ctx, obj.schedule, topics=topics),
    )


def brief(obj, ctx=None):
    countries, topics = list(obj.countries.all()), list(obj.topics.all())
    glossary = _glossary(ctx)
    return Indexable(
        EntryKind.NEWS,
        _url(obj),
        _values(obj, "title"),
        _values(obj, "body", "outlet"),
        obj.when,
        obj.mechanism_id,
        [c.pk for c in countries],
        [t.pk for t in topics],
        _published(obj),
        extra="\n".join(
            [
                *(extras.country_words(c, glossary) for c in countries),
                _extra(glossary, obj.when, topics=topics, notes=obj.editor_notes.all()),
            ]
        ),
    )


def _document_dependents(document):
    yield from document.sections.select_related("document")
    yield from document.key_projects.all()
    yield from document.activities.all()


@dataclass(frozen=True)
class SearchDocument:
    """One indexed model: its extractor, what to fetch with it, its dependents."""

    model: str
    extract: Callable
    select: tuple = ()
    prefetch: tuple = ()
    dependents: Callable | None = None


DOCUMENTS = (
    SearchDocument("mechanisms.Mechanism", mechanism, prefetch=("quotes",)),
    SearchDocument("mechanisms.Body", body),
    SearchDocument("cooperation.Meeting", meeting, ("country",), ("topics", "quotes")),
    SearchDocument(
        "cooperation.Document",
        document,
        ("country",),
        ("topics", "quotes"),
        dependents=_document_dependents,
    ),
    SearchDocument(
        "cooperation.DocumentSection", section, ("document__country",), ("document__topics",)
    ),
    SearchDocument("cooperation.KeyProject", key_project, ("document",), ("topics",)),
    SearchDocument("cooperation.PlannedActivity", planned_activity, ("document",), ("topics",)),
    SearchDocument("news.Brief", brief, (), ("countries", "topics", "editor_notes")),
)


@cache
def declarations() -> dict:
    """Each indexed model class with its declaration (apps must be ready)."""
    return {apps.get_model(d.model): d for d in DOCUMENTS}


def registry() -> dict:
    """Map each indexed model to its extractor."""
    return {model: d.extract for model, d in declarations().items()}


def prefetched(model):
    """The model's records with what its extractor reads, in a few queries."""
    declared = declarations()[model]
    return (
        model._default_manager.all()
        .select_related(*declared.select)
        .prefetch_related(*declared.prefetch)
    )
