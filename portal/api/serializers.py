"""The API's resources: one serializer per model, built from the shared field shapes."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.models import (
    Document,
    DocumentSection,
    KeyProject,
    Meeting,
    PlannedActivity,
    Quote,
    Topic,
)
from mechanisms.models import Body, Country, Mechanism, Membership
from news.models import Brief, BulletinIssue, EditorNote
from portal.api.fields import (
    PageUrlsField,
    PartialDateField,
    PublishedSlugField,
    PublishedSlugsField,
    SourceField,
    TextStatesField,
    TranslatedField,
)
from portal.models import Source, Term


def record_serializer(
    model, *, plain=(), translated=(), dates=(), one=(), many=(), record=True, extra=None
):
    """Build a read-only serializer: slug, page URLs, fields by shape, then provenance."""
    attrs: dict[str, object] = {"urls": PageUrlsField()}
    attrs.update({name: TranslatedField() for name in translated})
    attrs.update({name: PartialDateField() for name in dates})
    attrs.update({name: PublishedSlugField() for name in one})
    attrs.update({name: PublishedSlugsField() for name in many})
    attrs.update(extra or {})
    names = ["slug", "urls", *plain, *translated, *dates, *one, *many, *(extra or {})]
    if record:
        attrs.update(
            source=SourceField(), text_states=TextStatesField(), editorial_note=TranslatedField()
        )
        names += ["source", "text_states", "editorial_note", "updated_at"]
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": names, "read_only_fields": names})
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


MechanismSerializer = record_serializer(
    Mechanism,
    plain=("order",),
    translated=(
        "name",
        "short_name",
        "summary",
        "background",
        "responsibilities",
        "achievements",
        "next_steps",
    ),
    dates=("established",),
)
CountrySerializer = record_serializer(
    Country, plain=("kind",), translated=("name", "official_name")
)
MembershipSerializer = record_serializer(
    Membership, plain=("role", "order"), dates=("since",), one=("mechanism", "country")
)
BodySerializer = record_serializer(
    Body,
    plain=("kind", "sessions_held", "postcode", "phone", "fax", "email", "website", "order"),
    translated=("name", "short_name", "description", "address"),
    dates=("launched", "sessions_as_of"),
    one=("mechanism", "parent"),
)
MeetingSerializer = record_serializer(
    Meeting,
    plain=("kind", "session_number"),
    translated=("title", "city", "theme", "description", "priority_area"),
    dates=("when",),
    one=("mechanism", "body", "country"),
    many=("topics",),
)
_DOCUMENT = {
    "plain": ("kind", "authoritative_language"),
    "translated": ("title", "city", "issuing_body", "summary"),
    "dates": ("when",),
    "one": ("mechanism", "country", "adopted_at"),
    "many": ("related", "topics"),
}
DocumentSerializer = record_serializer(Document, **_DOCUMENT)


class SectionSerializer(serializers.ModelSerializer):
    """A section of a document's full text, in the document's text states."""

    number = TranslatedField()
    heading = TranslatedField()
    body = TranslatedField()

    class Meta:
        model = DocumentSection
        fields = ["order", "level", "anchor", "number", "heading", "body", "locator"]
        read_only_fields = fields


DocumentDetailSerializer = record_serializer(
    Document, **_DOCUMENT, extra={"sections": SectionSerializer(many=True, read_only=True)}
)
DocumentDetailSerializer.__name__ = "DocumentDetailSerializer"

QuoteSerializer = record_serializer(
    Quote,
    plain=("order",),
    translated=("text", "speaker", "occasion", "city"),
    dates=("when",),
    one=("mechanism", "meeting", "document", "country"),
)
IssueSerializer = record_serializer(
    BulletinIssue,
    translated=("title", "issue_label", "description"),
    dates=("when",),
    one=("publisher",),
)
BriefSerializer = record_serializer(
    Brief,
    plain=("order",),
    translated=("title", "outlet", "body"),
    dates=("when",),
    one=("issue", "mechanism"),
    many=("countries", "topics"),
)
EditorNoteSerializer = record_serializer(
    EditorNote, plain=("order",), translated=("body",), one=("issue",), many=("briefs",)
)
TopicSerializer = record_serializer(
    Topic, plain=("order",), translated=("name", "description"), record=False
)
KeyProjectSerializer = record_serializer(
    KeyProject,
    plain=("number", "category"),
    translated=("title", "description"),
    one=("document",),
    many=("topics",),
)
ActivitySerializer = record_serializer(
    PlannedActivity,
    plain=("number", "recurrence", "schedule_as_printed", "order"),
    translated=("strategic_direction", "action", "title"),
    dates=("schedule",),
    one=("document",),
    many=("topics",),
)
SourceSerializer = record_serializer(
    Source,
    plain=("file_name", "published", "languages", "order"),
    translated=("title", "publisher", "description", "contribution"),
    record=False,
)


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {"type": {"type": "string"}, "slug": {"type": "string"}},
    }
)
class TermTargetField(serializers.Field):
    """What a glossary term names: ``{"type": "mechanism", "slug": "sco"}`` or null."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, term):
        if not (term.target_type_id and term.target_slug):
            return None
        return {"type": term.target_type.model, "slug": term.target_slug}


TermSerializer = record_serializer(
    Term,
    plain=("kind",),
    translated=("name", "abbreviation", "aliases", "accepted_forms", "definition"),
    many=("sources",),
    extra={"target": TermTargetField()},
)
