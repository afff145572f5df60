"""Filters over mechanisms' records that lists in the layers above share."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from mechanisms.models import Country
from portal import i18n


class _InReadersOrder(forms.models.ModelChoiceIterator):
    """The choices by their names in the reader's order (``i18n.sort_key``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: i18n.sort_key(choice[1]))


class _CountryField(forms.ModelChoiceField):
    iterator = _InReadersOrder


class _CountryFilter(django_filters.ModelChoiceFilter):
    field_class = _CountryField


def country_filter(field_name="country"):
    """A filter by country slug, shared by the meeting, document and news lists."""
    return _CountryFilter(
        label=_("Country"),
        field_name=field_name,
        queryset=Country.objects.published(),
        to_field_name="slug",
        empty_label=_("All countries"),
    )
