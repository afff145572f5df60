"""Languages of the portal: codes, field suffixes, fallbacks and per-language URLs.

Every other module asks this one rather than spelling language codes itself.
"""

import functools
import re

from django.urls import get_resolver, get_urlconf, translate_url
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language_from_path, pgettext_lazy
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

CHINESE = "zh-hans"
ENGLISH = "en"
RUSSIAN = "ru"

#: Interface and content languages, in display order. The first is the default.
LANGUAGE_CODES: tuple[str, ...] = (CHINESE, ENGLISH, RUSSIAN)
DEFAULT_LANGUAGE = CHINESE

#: The languages the source texts print: a text in one of them can be official.
SOURCE_LANGUAGES: tuple[str, ...] = (CHINESE, ENGLISH)

#: The languages the portal translates into (editorial translations, the Translator role).
TRANSLATED_LANGUAGES: tuple[str, ...] = (ENGLISH, RUSSIAN)

#: How each language is called in the interface's language (settings.LANGUAGES).
LANGUAGE_LABELS = {
    CHINESE: _("Simplified Chinese"),
    ENGLISH: _("English"),
    RUSSIAN: _("Russian"),
}

#: A language's name after "in" ("the authoritative text is in English"): Russian declines
#: it («на английском языке»), where the name alone would need «на языке: английский».
LANGUAGE_AFTER_IN = {
    CHINESE: pgettext_lazy("language after 'in'", "Simplified Chinese"),
    ENGLISH: pgettext_lazy("language after 'in'", "English"),
    RUSSIAN: pgettext_lazy("language after 'in'", "Russian"),
}

#: Django's own message for a cut text ("truncatechars"), here so that this project's
#: catalogues hold it: Django's Chinese one ends it with "...", not "…".
TRUNCATED = pgettext_lazy("String to return when truncating text", "%(truncated_text)s…")

#: How each language names itself in the switcher (never translated).
NATIVE_NAMES = {CHINESE: "简体中文", ENGLISH: "English", RUSSIAN: "Русский"}

#: Order in which a missing text falls back to another language.
FALLBACKS = {CHINESE: (ENGLISH,), ENGLISH: (CHINESE,), RUSSIAN: (ENGLISH, CHINESE)}


def django_languages() -> list[tuple[str, StrOrPromise]]:
    """Return ``settings.LANGUAGES``: every code with its translatable label."""
    return [(code, LANGUAGE_LABELS[code]) for code in LANGUAGE_CODES]


def modeltranslation_fallbacks() -> dict[str, tuple[str, ...]]:
    """Return ``MODELTRANSLATION_FALLBACK_LANGUAGES``, derived from FALLBACKS."""
    return {"default": (DEFAULT_LANGUAGE,), **FALLBACKS}


def is_chinese(language: str) -> bool:
    """Whether a language code (``zh-hans``, ``zh-hans-cn``) is Chinese."""
    return language.split("-")[0] == CHINESE.split("-")[0]


def is_russian(language: str) -> bool:
    """Whether a language code (``ru``, ``ru-ru``) is Russian."""
    return language.split("-")[0] == RUSSIAN


def field_suffix(language: str) -> str:
    """Return the django-modeltranslation column suffix for a language code."""
    return language.replace("-", "_")


def localized_field(name: str, language: str) -> str:
    """Return the column name of a translated field in a language (``title_zh_hans``)."""
    return f"{name}_{field_suffix(language)}"


def columns(name: str, languages: tuple[str, ...] = LANGUAGE_CODES) -> tuple[str, ...]:
    """Return the columns of a translated field in the given languages (default: all)."""
    return tuple(localized_field(name, code) for code in languages)


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


def sort_key(name: str, language: str | None = None) -> tuple:
    """How a reader of the language expects names ordered: by pinyin in Chinese (syllable,
    then tone: 阿富汗 a1 before 巴基斯坦 ba1), by the alphabet otherwise (ё as е)."""
    return _sort_key(str(name), language or current_language())


@functools.lru_cache(maxsize=2048)
def _sort_key(name: str, language: str) -> tuple:
    # Kept: a list's country filter sorts its forty names on every uncached render, and
    # their pinyin cost 1.3 ms a sort.
    if is_chinese(language):
        from pypinyin import Style, lazy_pinyin

        syllables = lazy_pinyin(name, style=Style.TONE3)
        return (tuple((s.rstrip("12345").casefold(), s[-1:]) for s in syllables), name)
    return ((name.casefold().replace("ё", "е"),), name)


def url_in_language(path: str, language: str) -> str:
    """Return the same page's path in another language (or the path if it has none).

    The path is resolved in the language of its own prefix, whatever language is active.
    """
    with translation.override(get_language_from_path(path) or current_language()):
        return translate_url(path, language)


def alternates(path: str) -> tuple[dict[str, str], ...]:
    """Return the page's versions in every language, for hreflang links and the switcher.

    Every page asks for them (three resolves and three reverses: 0.4 ms); they depend only
    on the path, the active language and the URL patterns, so each process keeps them.
    The answer is shared by every request for the path: read it, never change it.
    """
    resolver = get_resolver(get_urlconf())  # a new one when the URL patterns change
    return _alternates(path, current_language(), resolver)


@functools.lru_cache(maxsize=4096)
def _alternates(path: str, language: str, resolver: object) -> tuple[dict[str, str], ...]:
    with translation.override(language):
        return tuple(
            {"code": code, "name": NATIVE_NAMES[code], "path": url_in_language(path, code)}
            for code in LANGUAGE_CODES
        )


def neutral_path(path: str) -> str:
    """Strip the language prefix from a path: ``/en/meetings/x/`` -> ``/meetings/x/``."""
    language = get_language_from_path(path)
    return path[len(language) + 1 :] if language else path


def prefixed_path(path: str, language: str | None = None) -> str:
    """Put a language prefix on a neutral path."""
    return f"/{language or current_language()}{path}"


#: How the sources table writes a language ("zh, en, ru"; "zh (en title)").
_SOURCE_TEXT_CODES = {"zh": CHINESE, "en": ENGLISH, "ru": RUSSIAN}
_SOURCE_TEXT_PART = re.compile(r"^(\w+)(?:\s*\((\w+) title\))?$")


def source_text_languages(text: str) -> list[str]:
    """The languages a source text is printed in, named in the active language.

    ``"zh, en, ru"`` -> ``["Simplified Chinese", "English", "Russian"]``; ``"zh (en title)"``
    -> ``["Simplified Chinese (title also in English)"]``. A part not understood is kept.
    """
    names = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        match = _SOURCE_TEXT_PART.match(part)
        if not match or match[1] not in _SOURCE_TEXT_CODES:
            names.append(part)
            continue
        name = str(LANGUAGE_LABELS[_SOURCE_TEXT_CODES[match[1]]])
        if match[2] in _SOURCE_TEXT_CODES:
            title = str(LANGUAGE_AFTER_IN[_SOURCE_TEXT_CODES[match[2]]])
            name = _("%(language)s (title also in %(title_language)s)") % {
                "language": name,
                "title_language": title,
            }
        names.append(str(name))
    if is_russian(current_language()):  # a list in running text: «упрощённый китайский, русский»
        names = names[:1] + [name[:1].lower() + name[1:] for name in names[1:]]
    return names
