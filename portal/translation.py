"""Translated fields of the portal app (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from portal.models import Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "publisher", "description", "contribution")
