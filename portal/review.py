"""The admin's "translations to review": outdated editorial translations, with the diff.

Editing a Chinese text marks the record's editorial translations outdated
(``portal.services.record_translation_states``). This page lists every record with an
outdated English or Russian text and shows the Chinese change that outdated it: the
difference between the Chinese fields of the last two saved versions in its history.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import i18n
from portal.models import Record, TextState

CHINESE_SUFFIX = "_" + i18n.field_suffix(i18n.DEFAULT_LANGUAGE)


@dataclass
class TranslationToReview:
    record: Record
    kind: str
    change_url: str
    languages: list[str]
    diff: list[str]


def _chinese(fields: dict) -> dict[str, str]:
    return {
        name: str(value or "")
        for name, value in fields.items()
        if name.endswith(CHINESE_SUFFIX) and not name.startswith("text_state")
    }


def chinese_change(record) -> list[str]:
    """The last change of the record's Chinese fields, as unified-diff lines."""
    from reversion.models import Version

    versions = list(Version.objects.get_for_object(record).order_by("-pk")[:2])
    if len(versions) < 2:
        return []
    new, old = _chinese(versions[0].field_dict), _chinese(versions[1].field_dict)
    lines = []
    for name in sorted(new):
        if new[name] != old.get(name, ""):
            lines += list(
                difflib.unified_diff(
                    old.get(name, "").splitlines(),
                    new[name].splitlines(),
                    fromfile=name,
                    tofile=name,
                    lineterm="",
                )
            )
    return lines


def translations_to_review(user) -> list[TranslationToReview]:
    """Records with an outdated English or Russian text that ``user`` may change."""
    outdated = Q(text_state_en=TextState.OUTDATED) | Q(text_state_ru=TextState.OUTDATED)
    out = []
    for model in admin.site._registry:
        if not issubclass(model, Record) or not user.has_perm(
            f"{model._meta.app_label}.change_{model._meta.model_name}"
        ):
            continue
        for record in model._default_manager.filter(outdated).order_by("pk"):
            languages = [
                str(label)
                for code, label in settings.LANGUAGES
                if code != i18n.DEFAULT_LANGUAGE and record.text_state(code) == TextState.OUTDATED
            ]
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk]
            )
            kind = str(model._meta.verbose_name)
            out.append(TranslationToReview(record, kind, url, languages, chinese_change(record)))
    return out


def review_view(request):
    context = {
        **admin.site.each_context(request),
        "title": _("Translations to review"),
        "items": translations_to_review(request.user),
    }
    return TemplateResponse(request, "portal/admin/translations_to_review.html", context)
