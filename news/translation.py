"""Translated fields (django-modeltranslation): one column per language."""

from modeltranslation.translator import TranslationOptions, register

from mechanisms.translation import RECORD_FIELDS
from news.models import Brief, BulletinIssue, EditorNote


@register(BulletinIssue)
class BulletinIssueTranslation(TranslationOptions):
    fields = ("title", "issue_label", "description", *RECORD_FIELDS)


@register(Brief)
class BriefTranslation(TranslationOptions):
    fields = ("title", "outlet", "body", *RECORD_FIELDS)


@register(EditorNote)
class EditorNoteTranslation(TranslationOptions):
    fields = ("body", *RECORD_FIELDS)
