"""Template helpers: localized text with fallback and editorial notices, dates, plain text."""

import re

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

from portal import i18n
from portal.models import Publication, TextState
from portal.partial_dates import format_partial_date

register = template.Library()


class LocalizedText(str):
    """A field's text in the active language, knowing whether it fell back to another."""

    language: str
    requested: str

    def __new__(cls, text, language, requested):
        obj = super().__new__(cls, text)
        obj.language, obj.requested = language, requested
        return obj

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested


@register.simple_tag
def localized(obj, field):
    """Return ``obj.<field>`` in the active language, or its fallback, as LocalizedText.

    Whether the record's text is an editorial translation is shown once per page by
    ``translation_notice``, not per field.
    """
    requested = i18n.current_language()
    text, language = i18n.localized_value(obj, field, requested)
    return LocalizedText(text, language, requested)


@register.filter
def partial_date(value):
    """Format a stored partial date in the active language."""
    return format_partial_date(value or "")


@register.filter
def language_name(code):
    return i18n.NATIVE_NAMES.get(code, code)


_LIST_ITEM = re.compile(r"^\s*[-•▶]\s*")


@register.filter(needs_autoescape=False)
def plain_text(value):
    """Render plain text: blank-line paragraphs, and lines starting "- " as a list. Escapes."""
    if not value:
        return ""
    blocks = []
    for block in re.split(r"\n\s*\n", str(value).strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(_LIST_ITEM.match(line) for line in lines):
            items = format_html_join("", "<li>{}</li>", ((_LIST_ITEM.sub("", x),) for x in lines))
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(escape(line.strip()) for line in lines) + "</p>")
    return mark_safe("".join(blocks))  # noqa: S308 - every piece above is escaped


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """Return the current query string with some parameters changed (None removes)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("includes/translation_notice.html")
def translation_notice(record):
    """Show, once per record page, that its text here is an editorial translation."""
    language = i18n.current_language()
    state = record.text_state(language)
    authoritative = getattr(record, "authoritative_language", i18n.DEFAULT_LANGUAGE)
    return {
        "draft": getattr(record, "publication", "") == Publication.DRAFT,
        "editorial": state == TextState.EDITORIAL,
        "missing": state in (TextState.MISSING, TextState.OUTDATED),
        "outdated": state == TextState.OUTDATED,
        "authoritative": authoritative,
    }


@register.inclusion_tag("includes/source.html")
def source_note(record):
    """Name the record's source text and where in it."""
    return {"record": record, "source": record.source}


@register.simple_tag(takes_context=True)
def url_with_key(context, key, value, **changes):
    """Like url_with, for a parameter whose name is itself a variable."""
    changes[key] = value
    return url_with(context, **changes)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def split(value):
    return str(value).split()


@register.filter
def public(record):
    """The related record if the public may see it, else None (``Record.is_published``)."""
    if record is None or not getattr(record, "is_published", True):
        return None
    return record


@register.simple_tag
def language_names_json():
    """The languages' names in the active language, for scripts (the admin's tabs)."""
    from django.conf import settings
    from django.utils.html import json_script

    names = {code: str(name) for code, name in settings.LANGUAGES}
    return json_script(names, "portal-language-names")
