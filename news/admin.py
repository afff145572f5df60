from django.contrib import admin

from news.models import Brief, BulletinIssue, EditorNote
from portal import i18n
from portal.admin import RecordAdmin, RoleAwareAdminMixin, YearFilter
from portal.concurrency import ConflictCheckedForm


class EditorNoteInline(RoleAwareAdminMixin, admin.StackedInline):
    model = EditorNote
    form = ConflictCheckedForm
    extra = 0
    fields = (
        "order",
        i18n.localized_field("body", i18n.DEFAULT_LANGUAGE),
        "briefs",
        "slug",
        "source",
        "locator",
        "publication",
        "edit_token",
    )
    autocomplete_fields = ("briefs",)
    show_change_link = True


@admin.register(BulletinIssue)
class BulletinIssueAdmin(RecordAdmin):
    inlines = [EditorNoteInline]
    list_display = ("title", "issue_label", "when", "publication")
    search_fields = ("slug", *i18n.columns("title", i18n.SOURCE_LANGUAGES))
    autocomplete_fields = ("publisher",)


@admin.register(Brief)
class BriefAdmin(RecordAdmin):
    list_display = ("title", "outlet", "when", "issue", "order", "publication")
    list_filter = ("issue", YearFilter, *RecordAdmin.list_filter)
    search_fields = ("slug", *i18n.columns("title"))
    autocomplete_fields = ("issue", "countries", "topics", "mechanism")


@admin.register(EditorNote)
class EditorNoteAdmin(RecordAdmin):
    list_display = ("__str__", "issue", "order", "publication")
    search_fields = ("slug", i18n.localized_field("body", i18n.DEFAULT_LANGUAGE))
    autocomplete_fields = ("issue", "briefs")
