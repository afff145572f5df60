"""Staff bulk entry: spreadsheet import and export of records in the admin (django-import-export).

What a spreadsheet row may do, and how it is held to the portal's rules:

- Linked records are named by slug (``mechanism``, ``country``, topics separated by
  commas); an unknown slug is a message on that row, never a silently dropped link.
- Translated fields have one column per language (``title_zh_hans``, ``title_en``...).
- Dates are partial dates written as the portal stores them (``2014``, ``2014-06``,
  ``2014-06-10``, ranges ``2021/2025``); anything else is a message on the row
  (``portal.partial_dates``). A spreadsheet cell holding a number (2014) counts as text.
- Every row is validated like an admin form (``full_clean``): the preview lists each bad
  row with its messages in the editor's language, and nothing is written until the
  editor confirms an import without errors.
- The ``version`` column carries the record's version (``updated_at``, empty for a record
  nobody edited since the fixtures loaded it) as exported. A row for an existing record
  needs that column and is imported only when its version is still the stored one
  (``portal.concurrency``): a sheet exported before someone else's save never overwrites
  it; the row says who changed the record, and the editor exports again and merges.
- Each written record gets its own history entry (django-reversion), "imported from a
  spreadsheet", by the editor; translation states follow the same rule as the admin
  form (``portal.services.record_translation_states``).
- Translators may not import (``has_import_permission``, refused with 403 even for a
  crafted POST; the role guard in ``portal.roles`` would refuse the writes anyway).
  Export needs the view permission and exports what the change list shows.
- The preview shows what a row changes as bare ``<ins>``/``<del>`` (:class:`PreviewDiff`),
  coloured by ``portal/admin/import-preview.css``: the library writes inline styles, which
  the Content-Security-Policy refuses.
"""

from __future__ import annotations

import os
import re
import tempfile

import reversion
from diff_match_patch import diff_match_patch
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.template.defaultfilters import linebreaksbr
from django.utils.encoding import force_str
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from import_export.tmp_storages import TempFolderStorage

from portal import i18n, roles, services
from portal.concurrency import _changes_since, token_of

REVISION_COMMENT = "imported from a spreadsheet"
VERSION_COLUMN = "version"


class SlugWidget(widgets.ForeignKeyWidget):
    """A linked record named by its slug; an unknown slug is a message, not a crash."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s has the slug “%(slug)s”.")
                % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Linked records named by slugs separated by commas; every slug must exist."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", separator=",", **kwargs)

    def clean(self, value, row=None, **kwargs):
        slugs = [s.strip() for s in str(value or "").split(",") if s.strip()]
        found = self.model._default_manager.filter(slug__in=slugs)
        missing = sorted(set(slugs) - {record.slug for record in found})
        if missing:
            raise ValueError(
                _("No %(model)s has the slug “%(slug)s”.")
                % {"model": self.model._meta.verbose_name, "slug": ", ".join(missing)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return ",".join(sorted(record.slug for record in value.all())) if value else ""


class TextWidget(widgets.CharWidget):
    """Text as written: a number in a spreadsheet cell (a year) is read as its digits."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()


def slug_field(name: str, model) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=SlugWidget(model))


def slugs_field(name: str, model) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=SlugsWidget(model))


def text_field(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=TextWidget())


def translated_columns(*names: str) -> tuple[str, ...]:
    """One column per language for each translated field."""
    return tuple(column for name in names for column in i18n.columns(name))


class PreviewDiff(resources.Diff):
    """A row's change, cell by cell, as the preview shows it: the library's ``Diff`` but
    with no inline style (``diff_prettyHtml`` writes ``style="background:..."``, which the
    CSP refuses); the admin's import stylesheet colours ``ins`` and ``del``."""

    TAGS = {diff_match_patch.DIFF_DELETE: "del", diff_match_patch.DIFF_EQUAL: "span",
            diff_match_patch.DIFF_INSERT: "ins"}  # fmt: skip

    def as_html(self) -> list[SafeString]:
        dmp = diff_match_patch()
        cells = []
        for before, after in zip(self.left, self.right, strict=False):
            if before != after and self.new:
                before = ""
            diff = dmp.diff_main(force_str(before), force_str(after))
            dmp.diff_cleanupSemantic(diff)
            pieces = ((self.TAGS[op], linebreaksbr(text)) for op, text in diff)
            cells.append(format_html_join("", "<{0}>{1}</{0}>", pieces))
        return cells


class RecordResource(resources.ModelResource):
    """A content record as one spreadsheet row, identified by its slug."""

    version = fields.Field(column_name=VERSION_COLUMN, readonly=True)

    #: Columns shared by every record: provenance, translation states, publication.
    RECORD_COLUMNS = (
        "source",
        "locator",
        *i18n.columns("editorial_note"),
        *i18n.columns("text_state"),
        "publication",
    )

    class Meta:
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_diff_class(self):
        return PreviewDiff

    def before_import_row(self, row, **kwargs):
        # An empty XLSX cell reads as None, an empty CSV cell as "": the same blank.
        for column, value in row.items():
            if value is None:
                row[column] = ""

    def dehydrate_version(self, record) -> str:
        return token_of(getattr(record, "updated_at", None))

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.pk is not None:
            self._check_version(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def _check_version(self, instance, row, errors: dict) -> None:
        """A row may change a record only at the version it was exported with."""
        stored = (
            type(instance)
            ._base_manager.select_for_update()
            .filter(pk=instance.pk)
            .values_list("updated_at", flat=True)
            .order_by()
            .first()
        )
        sent = str(row.get(VERSION_COLUMN) or "").strip()
        if VERSION_COLUMN in row and sent == token_of(stored):
            return
        errors.setdefault(VERSION_COLUMN, []).append(
            _(
                "This record was changed after the spreadsheet was exported (%(changes)s). "
                "Nothing was imported from this row: export the records again and merge "
                "your changes into the new sheet."
            )
            % {"changes": _changes_since(instance, sent)}
            if VERSION_COLUMN in row
            else _(
                "This record already exists: export it first and edit the exported row, "
                "which carries its version."
            )
        )

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            return
        stored = type(instance)._base_manager.get(pk=instance.pk)
        changed = [
            f.name
            for f in instance._meta.concrete_fields
            if getattr(stored, f.attname) != getattr(instance, f.attname)
        ]
        services.record_translation_states(record=instance, changed_fields=changed)

    def import_row(self, row, instance_loader, **kwargs):
        if kwargs.get("dry_run"):
            return super().import_row(row, instance_loader, **kwargs)
        with reversion.create_revision(atomic=False):
            result = super().import_row(row, instance_loader, **kwargs)
            reversion.set_comment(REVISION_COMMENT)
            user = kwargs.get("user")
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
        return result


class UploadStorage(TempFolderStorage):
    """The uploaded sheet between preview and confirmation, in the temporary folder.

    The library's storage trusts the file name the confirmation form posts back (a full
    path: a crafted POST could read, then delete, any file the server may write). This
    one names its files itself and opens no other name.
    """

    name: str | None  # set by TempFolderStorage
    PREFIX = "portal-import-"
    NAME = re.compile(r"^portal-import-[A-Za-z0-9_]{4,64}$")

    @classmethod
    def is_valid_name(cls, name: str | None) -> bool:
        return bool(cls.NAME.match(name or ""))

    def get_full_path(self):
        name = self.name
        if name is None or not self.is_valid_name(name):
            raise ValueError(f"not an uploaded sheet: {name!r}")
        return os.path.join(tempfile.gettempdir(), name)

    def _open(self, mode="r"):
        if not self.name:
            # Returned open: the library writes to it and closes it (TempFolderStorage.save).
            upload = tempfile.NamedTemporaryFile(prefix=self.PREFIX, delete=False)  # noqa: SIM115
            self.name = os.path.basename(upload.name)
            return upload
        return open(self.get_full_path(), mode, encoding=self.encoding)


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import and export in the admin; a translator may export but never import."""

    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    tmp_storage_class = UploadStorage
    # Every column, always (a re-import needs them all); the library's column picker uses
    # inline script and styles, which the Content-Security-Policy refuses.
    export_form_class = ExportForm

    def process_import(self, request, **kwargs):
        """Refuse a confirmation naming a file or format the preview never gave (400)."""
        if request.method == "POST" and self.has_import_permission(request):
            name, chosen = request.POST.get("import_file_name"), request.POST.get("format")
            formats = range(len(self.get_import_formats()))
            offered = UploadStorage.is_valid_name(name) and os.path.exists(
                UploadStorage(name=name).get_full_path()
            )
            if not offered or chosen not in map(str, formats):
                return HttpResponseBadRequest(_("This import is not one the preview offered."))
        return super().process_import(request, **kwargs)

    def has_import_permission(self, request):
        if roles.is_translator_only(request.user):
            return False
        return request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")

    def has_export_permission(self, request):
        return self.has_view_permission(request)
