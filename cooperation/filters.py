"""Filters for the meeting and document lists; the filter state lives in the URL."""

import copy

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cooperation.models import Document, DocumentKind, Meeting, MeetingKind, Topic
from mechanisms.filters import country_filter
from mechanisms.models import Mechanism
from portal.partial_dates import MAX_YEAR, MIN_YEAR, check_year_range
from portal.text_match import records_matching


def topic_filter(field_name="topics", method=None):
    """A filter by topic slug, shared by the meeting, document and news lists."""
    return django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name=field_name,
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("All topics"),
        method=method,
    )


class ListFilterSet(django_filters.FilterSet):
    """A list page's filters, set up without copying the declared ones deeply.

    django-filter deep-copies every declared filter (with the querysets of its choices)
    and builds a new form class on every request: 7% of a list page's CPU. None of these
    filters depends on the request (no callable querysets), so each request gets shallow
    copies of them, and the form class is built once per filter set; its forms still copy
    their fields, as every Django form does.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # calls this copy's parent's method

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class


class DatedRecordFilter(ListFilterSet):
    """Words, mechanism, country, topic and a year range, shared by meetings and documents."""

    q = django_filters.CharFilter(label=_("Words"), method="filter_words", max_length=200)
    mechanism = django_filters.ModelChoiceFilter(
        label=_("Mechanism"),
        queryset=Mechanism.objects.published(),
        to_field_name="slug",
        empty_label=_("All mechanisms"),
    )
    country = country_filter()
    topic = topic_filter(method="filter_topic")
    year_from = django_filters.NumberFilter(
        label=_("From year"), method="filter_years", min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"), method="filter_years", min_value=MIN_YEAR, max_value=MAX_YEAR
    )

    #: The words as ``text_match.planned_for_words`` parsed them, set by a page that ran
    #: its queries under it (None: parsed here), and how many published records they
    #: match (None: not known).
    words = None
    matches = None

    def filter_words(self, queryset, name, value):
        # The site search's analyzer and index: Chinese bigrams, Russian and English stems.
        return records_matching(queryset, value, self.words, matches=self.matches)

    def filter_topic(self, queryset, name, value):
        # A semi-join, not a join + DISTINCT: the page is then read through the date
        # index (a DISTINCT over 100k joined rows took ~600 ms).
        link = queryset.model.topics.through
        column = f"{queryset.model._meta.model_name}_id"
        return queryset.filter(pk__in=link.objects.filter(topic=value).values(column))

    def filter_years(self, queryset, name, value):
        # Both bounds are applied together once, from the cleaned data.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from is not None or year_to is not None:
            queryset = queryset.in_years(
                int(year_from) if year_from is not None else None,
                int(year_to) if year_to is not None else None,
            )
        return queryset


class YearRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        check_year_range(cleaned.get("year_from"), cleaned.get("year_to"))
        return cleaned


def _options(choices):
    """Kinds as a select offers them: capitalised, as the topics and mechanisms are."""
    return [(value, capfirst(label)) for value, label in choices]


class MeetingFilter(DatedRecordFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=_options(MeetingKind.choices), empty_label=_("All kinds")
    )

    class Meta:
        model = Meeting
        fields = ["q", "mechanism", "kind", "country", "topic", "year_from", "year_to"]
        form = YearRangeForm


class DocumentFilter(DatedRecordFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=_options(DocumentKind.choices), empty_label=_("All kinds")
    )

    class Meta:
        model = Document
        fields = ["q", "mechanism", "kind", "country", "topic", "year_from", "year_to"]
        form = YearRangeForm
