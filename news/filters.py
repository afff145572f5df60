"""Filters for the news list: country, topic and month, in the URL."""

import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.filters import ListFilterSet, topic_filter
from mechanisms.filters import country_filter
from news.models import Brief

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class BriefFilter(ListFilterSet):
    country = country_filter("countries")
    topic = topic_filter()
    month = django_filters.CharFilter(label=_("Month (YYYY-MM)"), method="filter_month")

    class Meta:
        model = Brief
        fields = ["country", "topic", "month"]

    def filter_month(self, queryset, name, value):
        if not _MONTH.match(value):
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2021-01."))
        return queryset.filter(when__startswith=value)

    def filter_queryset(self, queryset):
        try:
            queryset = super().filter_queryset(queryset)
        except forms.ValidationError as error:
            self.form.add_error("month", error)
        data = self.form.cleaned_data
        return queryset.distinct() if data.get("country") or data.get("topic") else queryset
