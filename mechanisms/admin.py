from django.contrib import admin

from mechanisms.models import Body, Country, Mechanism, Membership
from portal import i18n
from portal.admin import RecordAdmin, RoleAwareAdminMixin
from portal.concurrency import ConflictCheckedForm


class MembershipInline(RoleAwareAdminMixin, admin.TabularInline):
    model = Membership
    form = ConflictCheckedForm
    extra = 0
    fields = (
        "country",
        "role",
        "since",
        "order",
        "slug",
        "source",
        "locator",
        "publication",
        "edit_token",
    )
    autocomplete_fields = ("country",)
    show_change_link = True


class BodyInline(RoleAwareAdminMixin, admin.TabularInline):
    model = Body
    fk_name = "mechanism"
    form = ConflictCheckedForm
    extra = 0
    fields = (
        i18n.localized_field("name", i18n.DEFAULT_LANGUAGE),
        "kind",
        "launched",
        "sessions_held",
        "order",
        "publication",
        "edit_token",
    )
    show_change_link = True


@admin.register(Mechanism)
class MechanismAdmin(RecordAdmin):
    list_display = ("name", "short_name", "slug", "established", "publication", "order")
    search_fields = ("slug", *i18n.columns("name"))
    inlines = [MembershipInline, BodyInline]


@admin.register(Country)
class CountryAdmin(RecordAdmin):
    list_display = ("name", "official_name", "kind", "slug", "publication")
    list_filter = ("kind", *RecordAdmin.list_filter)
    search_fields = ("slug", *i18n.columns("name"))


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ("country", "mechanism", "role", "since", "order", "publication")
    list_filter = ("mechanism", "role", *RecordAdmin.list_filter)
    autocomplete_fields = ("mechanism", "country")
    search_fields = ("slug", *i18n.columns("country__name"))
    list_select_related = ("country", "mechanism")


@admin.register(Body)
class BodyAdmin(RecordAdmin):
    list_display = ("name", "kind", "mechanism", "launched", "sessions_held", "publication")
    list_filter = ("mechanism", "kind", *RecordAdmin.list_filter)
    autocomplete_fields = ("mechanism", "parent")
    search_fields = ("slug", *i18n.columns("name"))
    list_select_related = ("mechanism",)
