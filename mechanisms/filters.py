"""Filters over mechanisms' records that lists in the layers above share."""

import django_filters
from django.utils.translation import gettext_lazy as _

from mechanisms.models import Country


def country_filter(field_name="country"):
    """A filter by country slug, shared by the meeting, document and news lists."""
    return django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name=field_name,
        queryset=Country.objects.published(),
        to_field_name="slug",
        empty_label=_("All countries"),
    )
