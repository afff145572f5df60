"""Reads for the project-level pages."""

import functools
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from cooperation.models import Document, Meeting
from mechanisms.models import Country, CountryKind
from mechanisms.selectors import mechanisms_with_counts
from news.models import Brief
from portal import caching, i18n
from portal.models import Record, Term, TermKind, TermUse, TermUseCount, TextState
from portal.search import backends, parsing, variants
from portal.search.facets import facets as count_facets
from portal.search.forms import DATED_AS_RANGE, Filters
from portal.search.models import EntryKind, FacetCount, FacetSet, SearchEntry

#: Rows in each of the home page's "latest" columns.
LATEST = 5


def published_count(*, kind, mechanism_id, country_id, topic_id, year_from, year_to, q="") -> int:
    """Published records of a kind the filters and words allow, from the maintained counts."""
    filters = Filters(
        kind=kind,
        mechanism_id=mechanism_id,
        country_id=country_id,
        topic_id=topic_id,
        year_from=year_from,
        year_to=year_to,
    )
    if q:
        return _matching_count(filters, q)
    sets = filters.facet_sets().values("id")
    if filters.year_from is None and filters.year_to is None:
        counts = FacetCount.objects.filter(facet_set__in=sets)
        return counts.aggregate(total=Sum("entries"))["total"] or 0
    # A year range keeps the records that overlap it (``DatedQuerySet.in_years``), as the
    # search does: those starting in it, plus the ranges of years reaching into it.
    entries = SearchEntry.objects.filter(DATED_AS_RANGE, published=True, facet_set__in=sets)
    sql, params = filters.listing_counts_sql(entries, FacetCount.objects.filter(facet_set__in=sets))
    with connection.cursor() as cursor:
        # Django's own compiled SQL (Filters.listing_counts_sql), summed.
        cursor.execute(f"SELECT SUM(n) FROM ({sql}) counted", params)  # noqa: S608
        return int(cursor.fetchone()[0] or 0)


def _matching_count(filters: Filters, q: str) -> int:
    """Published records the words match, counted as the search counts its results.

    The words match what ``text_match.records_matching`` finds (the same parser, index
    and publication rule), and a year range keeps what overlaps it on both sides. The
    search's facet counts sum the maintained per-word counts (``TermFacetCount``, and
    ``TermYearCount`` with years) for one word, and keep a pass over the matches per
    content generation for several words, instead of a ``COUNT(*)`` over every matching
    record on every page (86,235 meetings for 合作 at 100k).
    """
    parsed = parsing.parse(q, variants.current())
    if not parsed:
        return 0  # only punctuation: the list matches nothing
    backend = backends.current()
    # Built only if counted by a pass: one word is counted from its maintained counts.
    matches = functools.partial(backend.published_matches, parsed, filters.indexed_years())
    # Under the search's planner settings: several words are counted by a pass over their
    # matches, which must read them through the full-text index (``backend.tuned``).
    with transaction.atomic(), backend.tuned(True):
        facets = count_facets(matches, filters, i18n.DEFAULT_LANGUAGE, {}, parsed)
    return facets[1]


#: The kinds a mechanism's cards and timeline count, by the names its pages use.
MECHANISM_RECORDS = {EntryKind.MEETING: "meetings", EntryKind.DOCUMENT: "documents"}


def published_per_mechanism() -> dict[int | None, dict[str, int]]:
    """Published meetings and documents per mechanism id (None: of no mechanism).

    From the maintained counts: a sum over facet sets and start years (a few hundred
    rows), whatever the number of records; counting them per mechanism was a pass over
    every meeting and document.
    """
    rows = (
        FacetCount.objects.filter(facet_set__kind__in=MECHANISM_RECORDS)
        .values_list("facet_set__mechanism_id", "facet_set__kind")
        .annotate(total=Sum("entries"))
        .order_by()
    )
    counted: dict[int | None, dict[str, int]] = {}
    for mechanism_id, kind, total in rows:
        records = counted.setdefault(mechanism_id, dict.fromkeys(MECHANISM_RECORDS.values(), 0))
        records[MECHANISM_RECORDS[kind]] += total
    return counted


def mechanism_dates(*, mechanism_id: int) -> dict[str, list[dict]]:
    """A mechanism's published meetings and documents per first and last year of their
    date (None when undated), from the maintained counts.

    ``FacetCount`` says how many start in each year; of those, the few dated as a range
    of years (``2021/2025``) are read on their own through the index of ranges
    (``search_spanning``) and moved from their start year to their span.
    """
    # The mechanism's facet sets as a sub-select: PostgreSQL then reads the counts through
    # their index on the facet set, and the ranges once; with the filters on the joined
    # facet set it scanned every facet set once per range (40 x 130 rows at 10k meetings).
    sets = FacetSet.objects.filter(mechanism_id=mechanism_id, kind__in=MECHANISM_RECORDS)
    started = (
        FacetCount.objects.filter(facet_set__in=sets.values("id"))
        .values_list("facet_set__kind", "year")
        .annotate(n=Sum("entries"))
        .order_by()
    )
    ranges = (
        SearchEntry.objects.filter(DATED_AS_RANGE, published=True, facet_set__in=sets.values("id"))
        .values_list("facet_set__kind", "when")
        .annotate(n=Count("*"))
        .order_by()
    )
    counted: dict[tuple[str, int | None, int | None], int] = {}

    def add(kind, first, last, n):
        key = (MECHANISM_RECORDS[kind], first, last)
        counted[key] = counted.get(key, 0) + n

    for kind, year, n in started:
        add(kind, int(year) if year else None, int(year) if year else None, n)
    for kind, when, n in ranges:
        first, _slash, last = when.partition("/")
        if first[:4] != last[:4]:
            add(kind, int(first[:4]), int(first[:4]), -n)
            add(kind, int(first[:4]), int(last[:4]), n)
    dates: dict[str, list[dict]] = {name: [] for name in MECHANISM_RECORDS.values()}
    for (name, first, last), n in counted.items():
        if n:
            dates[name].append({"first": first, "last": last, "n": n})
    return dates


def meetings_hosted() -> dict[int, int]:
    """Published meetings per host country id, from the maintained counts."""
    rows = (
        FacetCount.objects.filter(facet_set__kind=EntryKind.MEETING)
        .values("facet_set__countries")
        .annotate(total=Sum("entries"))
    )
    return {row["facet_set__countries"]: row["total"] for row in rows}


def home_page() -> dict:
    """The mechanisms, key figures and latest records shown on the home page.

    Kept per content generation and language (``caching.remember``): its six reads were
    a third of the page's CPU, and they change only when content does.
    """
    return caching.remember("home-page", _home_page)


def _home_page() -> dict:
    # One read of the maintained counts gives the cards' counts and the key figures.
    counted = published_per_mechanism()
    return {
        "mechanisms": mechanisms_with_counts(counted),
        "figures": {
            "countries": Country.objects.published().filter(kind=CountryKind.STATE).count(),
            **{
                name: sum(records[name] for records in counted.values())
                for name in MECHANISM_RECORDS.values()
            },
        },
        "latest_meetings": list(Meeting.objects.published().for_listing().newest_first()[:LATEST]),
        "latest_documents": list(
            Document.objects.published().for_listing().newest_first()[:LATEST]
        ),
        "latest_news": list(Brief.objects.published().order_by("-when", "order")[:LATEST]),
    }


#: The glossary page's section headings, one per kind of term, in the order of TermKind.
GLOSSARY_HEADINGS = {
    TermKind.MECHANISM: _("Cooperation mechanisms"),
    TermKind.ORGANISATION: _("Organizations and bodies"),
    TermKind.COUNTRY: _("Countries"),
    TermKind.DOCUMENT: _("Documents"),
    TermKind.PROGRAMME: _("Programs and initiatives"),
    TermKind.CONCEPT: _("Concepts"),
    TermKind.PLACE: _("Places"),
}


def glossary_page(language: str) -> dict:
    """The published terms by kind, each with the record it names and the records using it.

    Which records use each term is a maintained table (``portal.term_uses``): the page
    reads its first uses and count, not every text (13 s at 100k meetings). Kept per
    content generation and language (``caching.remember``): the terms' reads and shaping
    were a third of the page's CPU.
    """
    return caching.remember("glossary-page", lambda: _glossary_page(language))


def _glossary_page(language: str) -> dict:
    terms = list(Term.objects.published().select_related("source").prefetch_related("sources"))
    wanted: dict[int, set[str]] = {}
    for term in terms:
        if term.target_type_id and term.target_slug:
            wanted.setdefault(term.target_type_id, set()).add(term.target_slug)
    targets = {}
    for type_id, slugs in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not issubclass(model, Record):
            continue  # terms name records; a type whose model is gone names nothing
        for record in model.objects.published().filter(slug__in=slugs):
            targets[type_id, record.slug] = record
    uses = _term_uses(terms)
    name = i18n.localized_field("name", language)
    for term in terms:
        named = targets.get((term.target_type_id, term.target_slug))
        term.named_record = _link(named) if named else None
        term.uses, term.uses_count = uses[term.slug]
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


def _term_uses(terms) -> dict[str, tuple[list[dict], int]]:
    """For each term, the first records using it (as links) and how many use it.

    Reads the maintained uses (``portal.term_uses``): the rows marked shown (at most
    ``term_uses.SHOWN`` per published term) through their partial index, the counts, and
    the shown records of each kind. The rows are put in ``term_uses.ORDER`` here: asked
    of the database, the order (or a filter on the terms) lets a planner walk every use
    through the order's index instead.
    """
    ids = {term.pk for term in terms}
    fields = ("term", "kind_order", "when", "record_type", "record_id")
    rows = [row for row in TermUse.objects.filter(shown=True).values_list(*fields) if row[0] in ids]
    rows.sort(key=lambda row: row[4])
    rows.sort(key=lambda row: row[2], reverse=True)  # newest first, then by id (stable)
    rows.sort(key=lambda row: row[:2])
    counts = dict(TermUseCount.objects.filter(term__in=ids).values_list("term", "records"))
    wanted: dict[int, set[int]] = {}
    for row in rows:
        wanted.setdefault(row[3], set()).add(row[4])
    links = {}
    for type_id, pks in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for record in model._default_manager.filter(pk__in=pks):  # type: ignore[union-attr]
            links[type_id, record.pk] = _link(record)
    shown: dict[int, list[dict]] = {pk: [] for pk in ids}
    for term, _kind, _when, type_id, pk in rows:
        if (type_id, pk) in links:
            shown[term].append(links[type_id, pk])
    return {term.slug: (shown[term.pk], counts.get(term.pk, 0)) for term in terms}


def _link(record) -> dict:
    """A record's page, its kind and its title in the active language (or its fallback):
    the kind tells a mechanism from a body of the same name."""
    field = "name" if hasattr(record, "name_en") else "title"
    text, language = i18n.localized_value(record, field)
    kind = record._meta.verbose_name
    return {"url": record.get_absolute_url(), "text": text, "language": language, "kind": kind}


def _renderings(term: Term) -> list[dict]:
    """The term's name in every language, with its abbreviation and text state."""
    return [
        {
            "language": code,
            "name": getattr(term, i18n.localized_field("name", code)),
            "abbreviation": getattr(term, i18n.localized_field("abbreviation", code)),
            "official": term.text_state(code) == TextState.OFFICIAL,
            # A Chinese name's abbreviation takes full-width parentheses, with no space.
            "chinese": i18n.is_chinese(code),
        }
        for code in i18n.LANGUAGE_CODES
    ]
