"""The read-only API: one viewset per resource, published records only, filters as the pages."""

from django.db.models import Model, Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from cooperation.filters import DocumentFilter, MeetingFilter
from cooperation.models import (
    Document,
    KeyProject,
    Meeting,
    PlannedActivity,
    Quote,
    Topic,
)
from mechanisms.models import Body, Country, Mechanism, Membership
from news.filters import BriefFilter
from news.models import Brief, BulletinIssue, EditorNote
from portal.api import filters, serializers
from portal.api.calendar import CalendarMixin
from portal.api.citations import CitationMixin
from portal.api.exports import ExportMixin
from portal.api.http import with_last_modified
from portal.api.pagination import NarrowRows
from portal.models import Source, Term
from portal.search.query import planned_for_words

SORT = OpenApiParameter(
    "sort", OpenApiTypes.STR, enum=["newest", "oldest"], description="Date order (newest)."
)


class RecordViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    """Published records of one model, by slug; lists in the pages' order."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    model: type[Model]  # set by each viewset
    related: tuple[str, ...] = ()
    prefetch: tuple = ()
    order: tuple[str, ...] = ()

    def paginate_queryset(self, queryset):
        return super().paginate_queryset(NarrowRows(queryset))

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        return with_last_modified(response, page.object_list if page is not None else [])

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        response = Response(self.get_serializer(record).data)
        return with_last_modified(response, [record])

    def get_queryset(self):
        manager = self.model._default_manager
        queryset = manager.published() if hasattr(manager, "published") else manager.all()
        queryset = queryset.select_related(*self.related).prefetch_related(*self.prefetch)
        return queryset.order_by(*self.order) if self.order else queryset


class DatedViewSet(RecordViewSet):
    """Meetings and documents: newest first unless ``sort=oldest``; words as the pages."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.query_params.get("sort") == "oldest":
            return queryset.oldest_first()
        return queryset.newest_first()

    def planned(self):
        return planned_for_words(self.request.query_params.get("q", ""))

    def list(self, request, *args, **kwargs):
        with self.planned():
            return super().list(request, *args, **kwargs)


def viewset(model, serializer, *, mixins=(), **attrs):
    """Declare a resource's viewset: its model, serializer, joins, filters and order."""
    name = f"{model.__name__}ViewSet"
    attrs.setdefault("related", ("source",) if hasattr(model, "locator") else ())
    bases = (*mixins, RecordViewSet)
    return type(name, bases, {"model": model, "serializer_class": serializer, **attrs})


MechanismViewSet = viewset(Mechanism, serializers.MechanismSerializer)
CountryViewSet = viewset(
    Country, serializers.CountrySerializer, filterset_class=filters.CountryFilter
)
MembershipViewSet = viewset(
    Membership,
    serializers.MembershipSerializer,
    related=("source", "mechanism", "country"),
    filterset_class=filters.MembershipFilter,
)
BodyViewSet = viewset(
    Body,
    serializers.BodySerializer,
    related=("source", "mechanism", "parent"),
    filterset_class=filters.BodyFilter,
)


@extend_schema_view(list=extend_schema(parameters=[SORT]))
class MeetingViewSet(CitationMixin, CalendarMixin, DatedViewSet):
    model = Meeting
    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilter
    related = ("source", "mechanism", "body", "country")
    prefetch = ("topics",)


@extend_schema_view(list=extend_schema(parameters=[SORT]))
class DocumentViewSet(CitationMixin, DatedViewSet):
    model = Document
    filterset_class = DocumentFilter
    related = ("source", "mechanism", "country", "adopted_at")
    prefetch = ("topics", "related")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DocumentDetailSerializer
        return serializers.DocumentSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("sections") if self.action == "retrieve" else queryset


QuoteViewSet = viewset(
    Quote,
    serializers.QuoteSerializer,
    related=("source", "mechanism", "meeting", "document", "country"),
    filterset_class=filters.QuoteFilter,
)
IssueViewSet = viewset(BulletinIssue, serializers.IssueSerializer, related=("source", "publisher"))
BriefViewSet = viewset(
    Brief,
    serializers.BriefSerializer,
    mixins=(CitationMixin,),
    related=("source", "issue", "mechanism"),
    prefetch=("countries", "topics"),
    filterset_class=BriefFilter,
    order=("-when", "order", "-pk"),
)
EditorNoteViewSet = viewset(
    EditorNote,
    serializers.EditorNoteSerializer,
    related=("source", "issue"),
    prefetch=(Prefetch("briefs", queryset=Brief.objects.order_by("order")),),
    filterset_class=filters.EditorNoteFilter,
)
TopicViewSet = viewset(Topic, serializers.TopicSerializer)
KeyProjectViewSet = viewset(
    KeyProject,
    serializers.KeyProjectSerializer,
    related=("source", "document"),
    prefetch=("topics",),
    filterset_class=filters.KeyProjectFilter,
    order=("document", "number"),
)
ActivityViewSet = viewset(
    PlannedActivity,
    serializers.ActivitySerializer,
    related=("source", "document"),
    prefetch=("topics",),
    filterset_class=filters.ActivityFilter,
    order=("document", "order", "pk"),
)
SourceViewSet = viewset(Source, serializers.SourceSerializer)
TermViewSet = viewset(
    Term,
    serializers.TermSerializer,
    related=("source", "target_type"),
    prefetch=("sources",),
    filterset_class=filters.TermFilter,
)
