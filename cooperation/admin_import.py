"""Spreadsheet rows of meetings and documents (see ``portal.admin_import`` for the rules)."""

from cooperation.models import Document, Meeting, Topic
from mechanisms.models import Body, Country, Mechanism
from portal.admin_import import (
    RecordResource,
    slug_field,
    slugs_field,
    text_field,
    translated_columns,
)
from portal.models import Source


class DatedRecordResource(RecordResource):
    """Links and date shared by meetings and documents."""

    mechanism = slug_field("mechanism", Mechanism)
    country = slug_field("country", Country)
    source = slug_field("source", Source)
    topics = slugs_field("topics", Topic)
    when = text_field("when")


class MeetingResource(DatedRecordResource):
    body = slug_field("body", Body)

    class Meta(RecordResource.Meta):
        model = Meeting
        fields = (
            "slug",
            "kind",
            "mechanism",
            "body",
            "session_number",
            "when",
            "country",
            *translated_columns("title", "city", "theme", "description", "priority_area"),
            "topics",
            *RecordResource.RECORD_COLUMNS,
            "version",
        )
        export_order = fields


class DocumentResource(DatedRecordResource):
    adopted_at = slug_field("adopted_at", Meeting)
    related = slugs_field("related", Document)

    class Meta(RecordResource.Meta):
        model = Document
        fields = (
            "slug",
            "kind",
            "mechanism",
            "when",
            "country",
            "adopted_at",
            "authoritative_language",
            *translated_columns("title", "city", "issuing_body", "summary"),
            "topics",
            "related",
            *RecordResource.RECORD_COLUMNS,
            "version",
        )
        export_order = fields
