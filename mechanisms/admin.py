from django.contrib import admin

from mechanisms.models import Body, Country, Mechanism, Membership
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
        "name_zh_hans",
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
    search_fields = ("slug", "name_zh_hans", "name_en", "name_ru")
    inlines = [MembershipInline, BodyInline]


@admin.register(Country)
class CountryAdmin(RecordAdmin):
    list_display = ("name", "official_name", "kind", "slug", "publication")
    list_filter = ("kind", *RecordAdmin.list_filter)
    search_fields = ("slug", "name_zh_hans", "name_en", "name_ru")


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ("country", "mechanism", "role", "since", "order", "publication")
    list_filter = ("mechanism", "role", *RecordAdmin.list_filter)
    autocomplete_fields = ("mechanism", "country")
    search_fields = ("slug", "country__name_en", "country__name_zh_hans")
    list_select_related = ("country", "mechanism")


@admin.register(Body)
class BodyAdmin(RecordAdmin):
    list_display = ("name", "kind", "mechanism", "launched", "sessions_held", "publication")
    list_filter = ("mechanism", "kind", *RecordAdmin.list_filter)
    autocomplete_fields = ("mechanism", "parent")
    search_fields = ("slug", "name_zh_hans", "name_en", "name_ru")
    list_select_related = ("mechanism",)
