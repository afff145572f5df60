"""Translated fields of the portal app (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from portal.models import Source, Term


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "publisher", "description", "contribution")


@register(Term)
class TermTranslation(TranslationOptions):
    fields = ("name", "abbreviation", "aliases", "accepted_forms", "definition", "editorial_note")
