"""Admin building blocks shared by the content apps."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from portal import i18n, roles, services
from portal.concurrency import ConflictCheckedForm
from portal.models import Source, Term
from portal.partial_dates import PartialDate, years_overlap_filter

# The portal's name on every admin page, in the editor's language.
if TYPE_CHECKING:
    # What the mixin is mixed into: model admins and inlines alike.
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object

admin.site.site_header = _("Environmental Cooperation Portal")
admin.site.site_title = _("Environmental Cooperation Portal")
admin.site.index_title = _("Content administration")


class YearFilter(admin.SimpleListFilter):
    """Filter records by the years their partial date (``when``) spans, as the public lists
    do: a plan dated ``2021/2025`` is listed under 2023 too."""

    title = _("year")
    parameter_name = "year"
    field = "when"

    def lookups(self, request, model_admin):
        values = model_admin.model._default_manager.exclude(**{self.field: ""}).values_list(
            self.field, flat=True
        )
        years: set[int] = set()
        for value in values.order_by().distinct():
            try:
                date = PartialDate.parse(value)
            except ValueError:  # not canonical (saving refuses it): not offered
                continue
            years.update(range(date.year, date.end_year + 1))
        return [(str(year), str(year)) for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        # str.isdigit() also accepts "²⁰¹⁹", which int() refuses: ASCII digits only.
        if value.isascii() and value.isdigit() and len(value) == 4:
            return queryset.filter(years_overlap_filter(self.field, int(value), int(value)))
        messages.error(
            request,
            _("“%(value)s” is not a year: write four digits, e.g. 2019. Showing all years.")
            % {"value": value},
        )
        return queryset


class RoleAwareAdminMixin(_AdminBase):
    """Render what a translator may not change read-only (forms and inlines alike).

    Rendering is a courtesy: ``portal.roles`` holds the same fields on save, server-side.
    """

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if roles.is_translator_only(request.user):
            fields += [
                name for name in roles.translator_readonly_fields(self.model) if name not in fields
            ]
        return fields

    def get_actions(self, request):
        # Django's only action deletes; translators have no action on content.
        if roles.is_translator_only(request.user):
            return {}
        # Only model admins have actions (and Django asks only them), not the shared base.
        return super().get_actions(request)  # type: ignore[misc]


class RecordAdmin(RoleAwareAdminMixin, VersionAdmin, TabbedTranslationAdmin):
    """Admin for a content record: translation tabs, provenance, publication and history.

    Every save is a revision (who, when, which fields changed) that can be reverted from
    the record's history page (django-reversion). Translators see every field but may
    change only the English and Russian ones.
    """

    form = ConflictCheckedForm  # a stale form never overwrites a newer save
    list_filter = ("publication", "source", *i18n.columns("text_state", i18n.TRANSLATED_LANGUAGES))
    readonly_fields = ("updated_at",)

    class Media:
        # After modeltranslation's tabs script (a Media of the base class): label the tabs.
        js = ("portal/admin/translation-tabs.js",)
        css = {"all": ("portal/admin/translation-tabs.css",)}

    prepopulated_fields = {}
    save_on_top = True
    view_on_site = True

    def save_model(self, request, obj, form, change):
        services.record_translation_states(record=obj, changed_fields=form.changed_data)
        super().save_model(request, obj, form, change)


@admin.register(Source)
class SourceAdmin(RoleAwareAdminMixin, TabbedTranslationAdmin):
    list_display = ("file_name", "title", "published", "order")
    search_fields = ("file_name", *i18n.columns("title"))


@admin.register(Term)
class TermAdmin(RecordAdmin):
    list_display = ("name", "kind", "abbreviation", "publication")
    list_filter = ("kind", *RecordAdmin.list_filter)
    search_fields = (
        "slug",
        *i18n.columns("name"),
        *i18n.columns("abbreviation"),
        *i18n.columns("aliases"),
    )
    filter_horizontal = ("sources",)
