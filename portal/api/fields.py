"""Serializer fields for the shapes of ``portal.api.representation``, with their schemas."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal import i18n
from portal.api import representation
from portal.models import TextState

_STATES = [str(s) for s in TextState.values]
_PER_LANGUAGE = {"type": "object", "required": list(i18n.LANGUAGE_CODES)}

TRANSLATED_SCHEMA = {
    **_PER_LANGUAGE,
    "description": "The field in every language with the record's text state there.",
    "properties": {
        code: {
            "type": "object",
            "properties": {
                "text": {"type": "string"},
                "state": {"type": "string", "enum": _STATES},
            },
            "required": ["text", "state"],
        }
        for code in i18n.LANGUAGE_CODES
    },
}
STATES_SCHEMA = {
    **_PER_LANGUAGE,
    "properties": {c: {"type": "string", "enum": _STATES} for c in i18n.LANGUAGE_CODES},
}
URLS_SCHEMA = {
    **_PER_LANGUAGE,
    "nullable": True,
    "description": "Absolute URL of the record's page in each language.",
    "properties": {c: {"type": "string", "format": "uri"} for c in i18n.LANGUAGE_CODES},
}
DATE_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "A partial date: as precise as its source, never an invented day.",
    "properties": {
        "value": {"type": "string", "example": "2019-09-02/2019-09-04"},
        "precision": {"type": "string", "enum": ["year", "month", "day"]},
        "start": {"type": "string", "example": "2019-09-02"},
        "end": {"type": "string", "nullable": True},
        "sort": {"type": "string", "description": "Sorts correctly as plain text."},
        "display": {
            **_PER_LANGUAGE,
            "properties": {c: {"type": "string"} for c in i18n.LANGUAGE_CODES},
        },
    },
    "required": ["value", "precision", "start", "end", "sort", "display"],
}
SOURCE_SCHEMA = {
    "type": "object",
    "properties": {
        "slug": {"type": "string"},
        "file_name": {"type": "string"},
        "locator": {"type": "string", "description": "Where in the source text."},
    },
    "required": ["slug", "file_name", "locator"],
}


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """A translated model field (``title`` -> ``title_zh_hans``, ``title_en``, ``title_ru``)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return representation.translated(value, self.field_name)


@extend_schema_field(DATE_SCHEMA)
class PartialDateField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return representation.partial_date(value)


@extend_schema_field(STATES_SCHEMA)
class TextStatesField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return representation.text_states(value)


@extend_schema_field(URLS_SCHEMA)
class PageUrlsField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return representation.page_urls(value, self.context.get("request"))


@extend_schema_field(SOURCE_SCHEMA)
class SourceField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return representation.source(value)


@extend_schema_field({"type": "string", "nullable": True, "description": "Slug"})
class PublishedSlugField(serializers.Field):
    """The slug of a related record, or null when there is none or it is not published."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        try:
            return super().get_attribute(instance)
        except (AttributeError, KeyError):
            return None

    def to_representation(self, value):
        return value.slug if representation.is_published(value) else None


@extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "Slugs"})
class PublishedSlugsField(serializers.Field):
    """Slugs of the published records of a many-to-many relation (prefetch it)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return [r.slug for r in value.all() if representation.is_published(r)]
