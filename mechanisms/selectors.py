"""Reads that gather what a mechanism or country page shows.

Meetings, documents and quotes live in the layer above (cooperation); they are reached
through their reverse relations, so this app never imports it.
"""

from itertools import groupby

from django.db.models import Count, Prefetch, Q

from mechanisms.models import Body, Country, Mechanism, Membership, Role
from portal import counts, i18n


def memberships_by_role(memberships):
    """Group memberships by role in the order of ``Role``, each group in source order."""
    order = {role: i for i, role in enumerate(Role.values)}
    ordered = sorted(memberships, key=lambda m: (order[m.role], m.order, m.pk))
    return [
        {"role": role, "label": Role(role).label, "memberships": list(group)}
        for role, group in groupby(ordered, key=lambda m: m.role)
    ]


def meetings_by_year(meetings):
    """Group meetings (already ordered) by the year they start."""
    return [
        {"year": year, "meetings": list(group)}
        for year, group in groupby(meetings, key=lambda m: m.when[:4] or "")
    ]


def mechanism_page(mechanism: Mechanism) -> dict:
    """Everything a mechanism page shows, in a constant number of queries."""
    memberships = (
        Membership.objects.published()
        .for_mechanism(mechanism)
        .select_related("country")
        .order_by("role", "order", "pk")
    )
    bodies = list(
        Body.objects.published()
        .filter(mechanism=mechanism)
        .select_related("parent")
        .order_by("order", "pk")
    )
    meetings = list(
        mechanism.meetings.published().select_related("country", "body", "mechanism").oldest_first()
    )
    documents = (
        mechanism.documents.published()
        .select_related("country", "adopted_at", "mechanism")
        .newest_first()
    )
    quotes = mechanism.quotes.published().select_related("country")
    return {
        "membership_groups": memberships_by_role(memberships),
        "bodies": bodies,
        "contacts": [body for body in bodies if body.has_contact],
        "timeline": meetings_by_year(meetings),
        "meeting_count": len(meetings),
        "documents": list(documents),
        "quotes": list(quotes.order_by("order", "pk")),
    }


def mechanisms_with_counts():
    return Mechanism.objects.published().annotate(
        meeting_count=Count("meetings", filter=Q(meetings__publication="published"), distinct=True),
        document_count=Count(
            "documents", filter=Q(documents__publication="published"), distinct=True
        ),
        member_count=Count(
            "memberships",
            filter=Q(memberships__publication="published", memberships__role=Role.MEMBER),
            distinct=True,
        ),
    )


def countries_with_memberships():
    """Published countries with their memberships and how many meetings each hosted.

    The hosted counts come from the search index's maintained counts (a sum over facet
    sets, whatever the number of meetings), not from counting every meeting per page.
    """
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
