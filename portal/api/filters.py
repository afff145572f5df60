"""Filters of the API lists that have no page of their own.

Meetings, documents and news use the pages' own FilterSets, so a filter gives the same
records and counts in both.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

from cooperation.filters import topic_filter
from cooperation.models import Document, KeyProject, PlannedActivity, ProjectCategory, Quote
from mechanisms.models import Body, BodyKind, Country, CountryKind, Mechanism, Membership, Role
from news.models import BulletinIssue, EditorNote
from portal.models import Term, TermKind


class KeptFilterBackend(DjangoFilterBackend):
    """django-filter's backend, which leaves the view its filterset (for maintained counts)."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


def _published(model, label, field_name=None):
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        label=label,
        queryset=model.objects.published(),
        to_field_name="slug",
    )


class CountryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CountryKind.choices)

    class Meta:
        model = Country
        fields = ["kind"]


class MembershipFilter(django_filters.FilterSet):
    mechanism = _published(Mechanism, "Mechanism")
    country = _published(Country, "Country")
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["mechanism", "country", "role"]


class BodyFilter(django_filters.FilterSet):
    mechanism = _published(Mechanism, "Mechanism")
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices)

    class Meta:
        model = Body
        fields = ["mechanism", "kind"]


class QuoteFilter(django_filters.FilterSet):
    mechanism = _published(Mechanism, "Mechanism")

    class Meta:
        model = Quote
        fields = ["mechanism"]


class EditorNoteFilter(django_filters.FilterSet):
    issue = _published(BulletinIssue, "Bulletin issue")

    class Meta:
        model = EditorNote
        fields = ["issue"]


class KeyProjectFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=ProjectCategory.choices)
    topic = topic_filter()

    class Meta:
        model = KeyProject
        fields = ["category", "topic"]


class ActivityFilter(django_filters.FilterSet):
    document = _published(Document, "Plan")
    topic = topic_filter()

    class Meta:
        model = PlannedActivity
        fields = ["document", "topic"]


class TermFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=TermKind.choices)

    class Meta:
        model = Term
        fields = ["kind"]
