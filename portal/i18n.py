"""Languages of the portal: codes, field suffixes, fallbacks and per-language URLs.

Every other module asks this one rather than spelling language codes itself.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path

#: Interface and content languages, in display order. The first is the default.
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE

#: How each language names itself in the switcher (never translated).
NATIVE_NAMES = {"zh-hans": "简体中文", "en": "English", "ru": "Русский"}

#: Order in which a missing text falls back to another language.
FALLBACKS = {"zh-hans": ("en",), "en": ("zh-hans",), "ru": ("en", "zh-hans")}


def field_suffix(language: str) -> str:
    """Return the django-modeltranslation column suffix for a language code."""
    return language.replace("-", "_")


def localized_field(name: str, language: str) -> str:
    """Return the column name of a translated field in a language (``title_zh_hans``)."""
    return f"{name}_{field_suffix(language)}"


def current_language() -> str:
    """Return the active language, normalised to one of LANGUAGE_CODES."""
    code = translation.get_language() or DEFAULT_LANGUAGE
    return code if code in LANGUAGE_CODES else DEFAULT_LANGUAGE


def fallback_chain(language: str) -> tuple[str, ...]:
    """Return the language followed by the languages it falls back to."""
    return (language, *FALLBACKS.get(language, (DEFAULT_LANGUAGE,)))


def localized_value(obj, name: str, language: str | None = None) -> tuple[str, str]:
    """Return ``(text, language)``: the field's text in the language or its first fallback."""
    language = language or current_language()
    for code in fallback_chain(language):
        value = getattr(obj, localized_field(name, code), "") or ""
        if value.strip():
            return value, code
    return "", language


def url_in_language(path: str, language: str) -> str:
    """Return the same page's path in another language (or the path if it has none).

    The path is resolved in the language of its own prefix, whatever language is active.
    """
    with translation.override(get_language_from_path(path) or current_language()):
        return translate_url(path, language)


def alternates(path: str) -> list[dict[str, str]]:
    """Return the page's versions in every language, for hreflang links and the switcher."""
    return [
        {"code": code, "name": NATIVE_NAMES[code], "path": url_in_language(path, code)}
        for code in LANGUAGE_CODES
    ]


def neutral_path(path: str) -> str:
    """Strip the language prefix from a path: ``/en/meetings/x/`` -> ``/meetings/x/``."""
    language = get_language_from_path(path)
    return path[len(language) + 1 :] if language else path


def prefixed_path(path: str, language: str | None = None) -> str:
    """Put a language prefix on a neutral path."""
    return f"/{language or current_language()}{path}"
