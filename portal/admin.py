"""Admin building blocks shared by the content apps."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from portal.models import Source


class RecordAdmin(TabbedTranslationAdmin):
    """Admin for a content record: translation tabs, provenance and publication."""

    list_filter = ("publication", "source", "text_state_en", "text_state_ru")
    readonly_fields = ("updated_at",)
    prepopulated_fields = {}
    save_on_top = True


@admin.register(Source)
class SourceAdmin(TabbedTranslationAdmin):
    list_display = ("file_name", "title", "published", "order")
    search_fields = ("file_name", "title_zh_hans", "title_en", "title_ru")
