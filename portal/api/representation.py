"""How open data shows what every record shares: texts, dates, page URLs and provenance.

One place for the documented forms, used by the API, the exports and the citations:

- a translated field is ``{"zh-hans": {"text": ..., "state": ...}, "en": ..., "ru": ...}``
  where ``state`` is the record's text state in that language (official, editorial,
  outdated) or ``missing`` when the text is empty;
- a partial date is ``{"value": "2014-06", "precision": "month", "start": "2014-06",
  "end": null, "sort": "2014-06", "display": {"zh-hans": "2014年6月", ...}}``: ``value``
  is the canonical string of ``portal.partial_dates``, which sorts as plain text;
- page URLs are absolute, one per language.
"""

from __future__ import annotations

import functools

from django.urls import NoReverseMatch, reverse
from django.utils import translation

from portal import i18n
from portal.models import Publication, TextState
from portal.partial_dates import PartialDate

_RANK = {"year": 0, "month": 1, "day": 2}


def text_state(obj, language: str) -> str:
    """The text state of a record in a language; a section shares its document's."""
    if hasattr(obj, "text_state"):
        return obj.text_state(language)
    document = getattr(obj, "document", None)
    if document is not None and hasattr(document, "text_state"):
        return document.text_state(language)
    # Topics and source descriptions are the portal's own words in every language.
    return TextState.EDITORIAL


def translated(obj, name: str) -> dict[str, dict[str, str]]:
    """Return a translated field in every language with its state."""
    out = {}
    for code in i18n.LANGUAGE_CODES:
        text = getattr(obj, i18n.localized_field(name, code), "") or ""
        state = text_state(obj, code) if text.strip() else TextState.MISSING
        out[code] = {"text": text, "state": str(state)}
    return out


def text_states(obj) -> dict[str, str]:
    return {code: str(text_state(obj, code)) for code in i18n.LANGUAGE_CODES}


def partial_date(value: str) -> dict | None:
    """Return a stored partial date in its documented form (None when there is none)."""
    if not value:
        return None
    return _partial_date(value)


@functools.lru_cache(maxsize=4096)
def _partial_date(value: str) -> dict:
    # Cached: a page of meetings formats the same few dates in three languages. Callers
    # only serialise the result; they never change it.
    parsed = PartialDate.parse(value)
    ends = [parsed.start, parsed.end] if parsed.end else [parsed.start]
    precision = min((p.precision for p in ends), key=_RANK.__getitem__)
    display = {}
    for code in i18n.LANGUAGE_CODES:
        with translation.override(code):
            display[code] = parsed.format()
    return {
        "value": value,
        "precision": precision,
        "start": str(parsed.start),
        "end": str(parsed.end) if parsed.end else None,
        "sort": value,
        "display": display,
    }


def is_published(obj) -> bool:
    return getattr(obj, "publication", Publication.PUBLISHED) == Publication.PUBLISHED


def page_holder(obj):
    """The record whose page shows ``obj`` (itself, another record, a path function) or None."""
    if hasattr(obj, "get_absolute_url"):
        return obj
    return _page_holder(obj)


def page_path(holder) -> str | None:
    """The path of a page holder's page in the active language, or None."""
    if holder is None:
        return None
    try:
        return holder() if callable(holder) else holder.get_absolute_url()
    except NoReverseMatch:
        return None


def _page_holder(obj):
    """Records without a page of their own appear on another record's page."""
    name = type(obj).__name__
    if name == "Membership":
        return obj.mechanism
    if name == "Quote":
        return next(
            (r for r in (obj.meeting, obj.document, obj.mechanism) if r and is_published(r)),
            None,
        )
    if name == "EditorNote":
        return obj.issue
    if name == "PlannedActivity":
        return obj.document
    if name == "KeyProject":
        return lambda: reverse("cooperation:projects")
    if name == "Source":
        return lambda: reverse("about")
    if name == "Term":
        target = obj.target
        return target if target is not None and is_published(target) else None
    return None


def page_urls(obj, request=None) -> dict[str, str] | None:
    """Absolute URLs of a record's page in every language.

    The portal's URL patterns are the same in every language but for the prefix, so the
    path is reversed once and given each language's prefix.
    """
    path = page_path(page_holder(obj))
    if path is None:
        return None
    neutral = i18n.neutral_path(path)
    paths = {code: i18n.prefixed_path(neutral, code) for code in i18n.LANGUAGE_CODES}
    if request is None:
        return paths
    root = request.build_absolute_uri("/")[:-1]
    return {code: root + p for code, p in paths.items()}


def source(obj) -> dict:
    """The record's source text and the place in it."""
    src = obj.source
    return {"slug": src.slug, "file_name": src.file_name, "locator": obj.locator}
