"""Conflict-safe editing: a second editor's stale form never silently overwrites the first.

Optimistic locking on ``Record.updated_at`` (set on every save, so it already is a version
number; no new column): the admin form carries the value it was opened with, and saving
checks it against the stored row, locked for the rest of the save. On a mismatch the save
is refused with a message naming who changed the record, when, and what (from the
django-reversion history); the editor's input stays in the form, now carrying the current
version, so saving again after merging keeps it. Inline rows that are records carry their
own token; a parent save also changes the parent's token, so rows edited through one
parent form are covered by the parent.
"""

from __future__ import annotations

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

VERSION_FIELD = "edit_token"


def token_of(value) -> str:
    return value.isoformat() if value else ""


def _changes_since(instance, token: str) -> str:
    """Who changed the record after ``token``, when, and which fields (newest first)."""
    from reversion.models import Version

    since = parse_datetime(token) if token else None
    versions = Version.objects.get_for_object(instance).select_related("revision__user")
    if since is not None:
        versions = versions.filter(revision__date_created__gte=since)
    parts = []
    for version in versions.order_by("-revision__date_created")[:3]:
        revision = version.revision
        who = revision.user.get_username() if revision.user else _("the fixture loader")
        when = localize(localtime(revision.date_created))
        parts.append(f"{who}, {when}: {revision.get_comment() or '—'}")
    return "; ".join(parts) or _("no history recorded")


class ConflictCheckedForm(forms.ModelForm):
    """A model form that refuses to save over a version it was not opened with."""

    edit_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = token_of(getattr(self.instance, "updated_at", None))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk is None or not self.is_bound:
            return cleaned
        stored = (
            type(self.instance)
            ._base_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            # No ordering: a model ordered by a nullable link would join it, and PostgreSQL
            # refuses FOR UPDATE on the nullable side of an outer join.
            .order_by()
            .first()
        )
        sent = cleaned.get(VERSION_FIELD) or ""
        current = token_of(stored)
        if sent != current:
            # Keep what the editor typed, with the current version, so a second save
            # (after merging) goes through.
            # A bound form's data is a QueryDict; the stubs know it only as a Mapping.
            data = self.data.copy()  # type: ignore[attr-defined]
            data[self.add_prefix(VERSION_FIELD)] = current
            self.data = data
            raise forms.ValidationError(
                _(
                    "Someone else saved this record after you opened it (%(changes)s). "
                    "Nothing was saved; your input is kept below. Compare it with the "
                    "current version (open the record in a new tab or its history), merge, "
                    "and save again."
                )
                % {"changes": _changes_since(self.instance, sent)},
                code="edit_conflict",
            )
        return cleaned
