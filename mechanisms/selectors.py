"""Reads that gather what a mechanism or country page shows.

Meetings, documents and quotes live in the layer above (cooperation); they are reached
through their reverse relations, so this app never imports it.
"""

from itertools import groupby

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from mechanisms.models import ROLE_PLURALS, Body, Country, Mechanism, Membership, Role
from portal import caching, counts, i18n

#: How many meetings and documents a mechanism page lists before linking to the full list.
LATEST = 10


def memberships_by_role(memberships):
    """Group memberships by role in the order of ``Role``, each group in source order.

    Each group names the sources it was read from, so the page can say "as of" their dates.
    """
    order = {role: i for i, role in enumerate(Role.values)}
    ordered = sorted(memberships, key=lambda m: (order[m.role], m.order, m.pk))
    groups = []
    for role, group in groupby(ordered, key=lambda m: m.role):
        members = list(group)
        sources = list({m.source_id: m.source for m in members}.values())
        label = Role(role).label if len(members) == 1 else ROLE_PLURALS.get(role, Role(role).label)
        groups.append({"role": role, "label": label, "memberships": members, "sources": sources})
    return groups


def mechanism_page(mechanism: Mechanism) -> dict:
    """Everything a mechanism page shows, bounded: the latest records, counts, a timeline.

    However many meetings a mechanism has, the page fetches at most ``LATEST`` of each kind
    and aggregates the rest by year in the database. The answer is kept per content
    generation (nine queries were 40% of the page's CPU), so a page rendered again in
    another language, for another host or query string reads it from the cache.
    """
    return caching.remember(f"mechanism-page:{mechanism.pk}", lambda: _mechanism_page(mechanism))


def _mechanism_page(mechanism: Mechanism) -> dict:
    memberships = (
        Membership.objects.published()
        .for_mechanism(mechanism)
        .select_related("country", "source")
        .order_by("role", "order", "pk")
    )
    bodies = list(
        Body.objects.published()
        .filter(mechanism=mechanism)
        .select_related("parent")
        .order_by("order", "pk")
    )
    meetings = mechanism.meetings.published()
    documents = mechanism.documents.published()
    quotes = mechanism.quotes.published().select_related("country")
    timeline = year_timeline(_dates(mechanism, meetings, documents))
    return {
        "membership_groups": memberships_by_role(memberships),
        "bodies": bodies,
        "contacts": [body for body in bodies if body.has_contact],
        "timeline": timeline,
        # Undated records too: the totals link to the lists, which show them.
        "meeting_count": timeline["totals"]["meetings"],
        "document_count": timeline["totals"]["documents"],
        # Only the columns a list row shows: a row read with select_related carried the
        # mechanism's own long texts ten times over (most of the page's time).
        "latest_meetings": list(meetings.for_listing().newest_first()[:LATEST]),
        "latest_documents": list(documents.for_listing().newest_first()[:LATEST]),
        "quotes": list(quotes.order_by("order", "pk")),
    }


def _dates(mechanism, meetings, documents) -> dict[str, list[dict]]:
    """The mechanism's meetings and documents per first and last year of their date.

    From the search index's maintained counts (a few hundred rows, whatever the number
    of records), else grouped over the records.
    """
    dates = counts.maintained("mechanism_dates", mechanism_id=mechanism.pk)
    if dates is not None:
        return dates
    return {"meetings": _years(meetings), "documents": _years(documents)}


def _years(queryset):
    """Count records per (first year, last year) of their partial date (None when undated).

    The database groups by the stored date (few distinct values, read from the index on
    mechanism, publication and date); the years are taken from them here.
    """
    rows = queryset.order_by().values("when").annotate(n=Count("*"))
    counts: dict[tuple[int, int] | None, int] = {}
    for row in rows:
        key = None
        if row["when"]:
            first, _slash, last = row["when"].partition("/")
            key = (int(first[:4]), int((last or first)[:4]))
        counts[key] = counts.get(key, 0) + row["n"]
    return [
        {"first": key[0] if key else None, "last": key[1] if key else None, "n": n}
        for key, n in counts.items()
    ]


def year_timeline(dates: dict[str, list[dict]]) -> dict:
    """Meetings and documents by year, and the dates spanning years listed as spans.

    A year counts every record whose date overlaps it (a span in each of its years): the
    number links to the list for that year, which keeps what overlaps it. ``totals``
    counts every record of each kind, undated ones too (the timeline cannot place them).
    """
    per_year: dict[int, dict] = {}
    spans = []
    totals = {"meetings": 0, "documents": 0}
    for kind in totals:
        for row in dates[kind]:
            first, last = row["first"], row["last"]
            totals[kind] += row["n"]
            if first is None:
                continue
            if first == last:
                per_year.setdefault(first, {"meetings": 0, "documents": 0})[kind] += row["n"]
            else:
                spans.append({"kind": kind, "first": first, "last": last, "count": row["n"]})
    if not per_year and not spans:
        return {"years": [], "spans": [], "most": 0, "totals": totals}
    bounds = list(per_year) + [s["first"] for s in spans] + [s["last"] for s in spans]
    years = [
        {"year": year, **per_year.get(year, {"meetings": 0, "documents": 0})}
        for year in range(min(bounds), max(bounds) + 1)
    ]
    for span in spans:
        for year in years[span["first"] - years[0]["year"] : span["last"] - years[0]["year"] + 1]:
            year[span["kind"]] += span["count"]
    most = max((max(y["meetings"], y["documents"]) for y in years), default=0)
    for year in years:
        year["meeting_scale"] = _scale(year["meetings"], most)
        year["document_scale"] = _scale(year["documents"], most)
    spans.sort(key=lambda s: (s["first"], s["last"], s["kind"]))
    return {"years": years, "spans": spans, "most": most, "totals": totals}


def _scale(count: int, most: int) -> int:
    """A bar length in tenths of the largest count (0 only for none)."""
    if not count or not most:
        return 0
    return max(1, round(10 * count / most))


def _count(relation, field="pk", **filters):
    """A correlated subquery counting a mechanism's published records through a relation."""
    model = Mechanism._meta.get_field(relation).related_model
    counted = (
        model.objects.published()
        .filter(mechanism=OuterRef("pk"), **filters)
        .order_by()
        .values("mechanism")
        .annotate(n=Count(field, distinct=True) if field != "pk" else Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def mechanisms_with_counts(counted: dict | None = None) -> list[Mechanism]:
    """Published mechanisms with what each really has.

    Bodies and participants are counted by a subquery each (a mechanism has tens). The
    meetings and documents come from the search index's maintained counts (a sum over
    facet sets, whatever the number of records; ``counted`` when the caller read them
    already), else by a subquery each: a single query joining meetings, documents and
    memberships multiplied their rows (8.8 million at 100k meetings).
    """
    mechanisms = Mechanism.objects.published().annotate(
        body_count=_count("bodies"), participant_count=_count("memberships", "country")
    )
    if counted is None:
        counted = counts.maintained("published_per_mechanism")
    if counted is None:
        return list(
            mechanisms.annotate(
                document_count=_count("documents"), meeting_count=_count("meetings")
            )
        )
    found = list(mechanisms)
    for mechanism in found:
        records = counted.get(mechanism.pk, {})
        mechanism.document_count = records.get("documents", 0)
        mechanism.meeting_count = records.get("meetings", 0)
    return found


def countries_with_memberships():
    """Published countries with their memberships and how many meetings each hosted.

    The hosted counts come from the search index's maintained counts (a sum over facet
    sets, whatever the number of meetings), not from counting every meeting per page.
    Kept per content generation and language: the reads were 40% of the page's CPU.
    """
    return caching.remember("countries-with-memberships", _countries_with_memberships)


def _countries_with_memberships():
    countries = list(
        Country.objects.published().prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.published()
                .select_related("mechanism")
                .only(
                    "role",
                    "order",
                    "country",
                    "mechanism__slug",
                    *_in_every_language("mechanism__name", "mechanism__short_name"),
                ),
            )
        )
    )
    hosted = meetings_hosted()
    for country in countries:
        country.hosted = hosted.get(country.pk, 0)
    return countries


def meetings_hosted() -> dict[int, int]:
    """Published meetings per host country id: maintained counts, else a count per country."""
    hosted = counts.maintained("meetings_hosted")
    if hosted is not None:
        return hosted
    rows = (
        Country.objects.filter(meetings_hosted__publication="published")
        .values("pk")
        .annotate(total=Count("meetings_hosted"))
    )
    return {row["pk"]: row["total"] for row in rows}


def _in_every_language(*names):
    return [i18n.localized_field(name, code) for name in names for code in i18n.LANGUAGE_CODES]
