from django.contrib import admin

from news.models import Brief, BulletinIssue, EditorNote
from portal.admin import RecordAdmin, RoleAwareAdminMixin, YearFilter
from portal.concurrency import ConflictCheckedForm


class EditorNoteInline(RoleAwareAdminMixin, admin.StackedInline):
    model = EditorNote
    form = ConflictCheckedForm
    extra = 0
    fields = (
        "order",
        "body_zh_hans",
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
    search_fields = ("slug", "title_zh_hans", "title_en")
    autocomplete_fields = ("publisher",)


@admin.register(Brief)
class BriefAdmin(RecordAdmin):
    list_display = ("title", "outlet", "when", "issue", "order", "publication")
    list_filter = ("issue", YearFilter, *RecordAdmin.list_filter)
    search_fields = ("slug", "title_zh_hans", "title_en", "title_ru")
    autocomplete_fields = ("issue", "countries", "topics", "mechanism")


@admin.register(EditorNote)
class EditorNoteAdmin(RecordAdmin):
    list_display = ("__str__", "issue", "order", "publication")
    search_fields = ("slug", "body_zh_hans")
    autocomplete_fields = ("issue", "briefs")
