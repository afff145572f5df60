from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from cooperation.admin_import import DocumentResource, MeetingResource
from cooperation.models import (
    Document,
    DocumentSection,
    KeyProject,
    Meeting,
    PlannedActivity,
    Quote,
    Topic,
)
from portal import i18n
from portal.admin import RecordAdmin, RoleAwareAdminMixin, YearFilter
from portal.admin_import import SpreadsheetAdminMixin


@admin.register(Topic)
class TopicAdmin(RoleAwareAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    search_fields = ("slug", *i18n.columns("name"))


@admin.register(Meeting)
class MeetingAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_classes = [MeetingResource]
    list_display = ("title", "kind", "mechanism", "when", "city", "country", "publication")
    list_filter = ("mechanism", "kind", YearFilter, *RecordAdmin.list_filter)
    search_fields = ("slug", *i18n.columns("title"))
    autocomplete_fields = ("mechanism", "body", "country", "topics")
    list_select_related = ("mechanism", "country")
    date_hierarchy = None


class SectionInline(RoleAwareAdminMixin, TranslationStackedInline):
    model = DocumentSection
    extra = 0
    fields = ("order", "level", "anchor", "number", "heading", "body")


@admin.register(Document)
class DocumentAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_classes = [DocumentResource]
    list_display = ("title", "kind", "mechanism", "when", "publication")
    list_filter = ("mechanism", "kind", YearFilter, *RecordAdmin.list_filter)
    search_fields = ("slug", *i18n.columns("title"))
    autocomplete_fields = ("mechanism", "country", "adopted_at", "related", "topics")
    list_select_related = ("mechanism",)
    inlines = [SectionInline]


@admin.register(Quote)
class QuoteAdmin(RecordAdmin):
    list_display = ("__str__", "mechanism", "when", "publication")
    list_filter = ("mechanism", *RecordAdmin.list_filter)
    autocomplete_fields = ("mechanism", "meeting", "document", "country")
    search_fields = ("slug", *i18n.columns("text", i18n.SOURCE_LANGUAGES))


@admin.register(KeyProject)
class KeyProjectAdmin(RecordAdmin):
    list_display = ("number", "title", "category", "document", "publication")
    list_filter = ("category", *RecordAdmin.list_filter)
    search_fields = ("slug", *i18n.columns("title"))
    autocomplete_fields = ("document", "topics")


@admin.register(PlannedActivity)
class PlannedActivityAdmin(RecordAdmin):
    list_display = ("number", "title", "schedule", "recurrence", "document", "publication")
    list_filter = ("recurrence", *RecordAdmin.list_filter)
    search_fields = ("slug", "number", *i18n.columns("title", i18n.SOURCE_LANGUAGES))
    autocomplete_fields = ("document", "topics")
