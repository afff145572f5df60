"""Translated fields (django-modeltranslation): one column per language."""

from modeltranslation.translator import TranslationOptions, register

from cooperation.models import (
    Document,
    DocumentSection,
    KeyProject,
    Meeting,
    PlannedActivity,
    Quote,
    Topic,
)
from mechanisms.translation import RECORD_FIELDS


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "city", "theme", "description", "priority_area", *RECORD_FIELDS)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "city", "issuing_body", "summary", *RECORD_FIELDS)


@register(DocumentSection)
class DocumentSectionTranslation(TranslationOptions):
    fields = ("number", "heading", "body")


@register(Quote)
class QuoteTranslation(TranslationOptions):
    fields = ("text", "speaker", "occasion", "city", *RECORD_FIELDS)


@register(KeyProject)
class KeyProjectTranslation(TranslationOptions):
    fields = ("title", "description", *RECORD_FIELDS)


@register(PlannedActivity)
class PlannedActivityTranslation(TranslationOptions):
    fields = ("strategic_direction", "action", "title", *RECORD_FIELDS)
