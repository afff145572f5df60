"""The glossary: a term's forms per language, which terms a text mentions, the consistency check.

A term's Chinese forms are its name and abbreviations as the sources print them. An
editorial English or Russian text that translates a Chinese text containing one of them
must use one of the term's renderings in its language: the name, an abbreviation, or a
declared accepted form (an inflection, or a stem that covers a declension). Aliases are
what readers may type; search reads them, the check does not accept them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from modeltranslation.translator import NotRegistered, translator

from portal import i18n
from portal.models import Record, Term, TextState

#: Fields in every language that are the portal's own words, not a translation.
OWN_WORDS = {"editorial_note"}

_WHITESPACE = re.compile(r"\s+")
_DASHES = str.maketrans({c: "-" for c in "－—–‐‑"})


def fold_zh(text: str) -> str:
    """Fold Chinese text for matching: no whitespace, one kind of dash."""
    return _WHITESPACE.sub("", text).translate(_DASHES)


def _split(value: str, separator: str) -> list[str]:
    return [part.strip() for part in (value or "").split(separator) if part.strip()]


def chinese_forms(term: Term) -> list[str]:
    """The name and abbreviations a Chinese text uses for the term, folded."""
    name = getattr(term, i18n.localized_field("name", i18n.CHINESE)) or ""
    abbreviations = getattr(term, i18n.localized_field("abbreviation", i18n.CHINESE))
    forms = [name, *_split(abbreviations, ",")]
    return [fold_zh(form) for form in forms if len(fold_zh(form)) >= 2]


def renderings(term: Term, language: str) -> list[str]:
    """The forms an editorial text in ``language`` may use for the term."""
    name = getattr(term, i18n.localized_field("name", language)) or ""
    abbreviations = getattr(term, i18n.localized_field("abbreviation", language)) or ""
    accepted = getattr(term, i18n.localized_field("accepted_forms", language)) or ""
    forms = [name, *_split(abbreviations, ","), *_split(accepted, "\n")]
    return [form for form in forms if form.strip()]


@dataclass(frozen=True)
class TranslatedText:
    """One field of one record: its Chinese text and the editorial translations of it."""

    record: Model
    label: str
    field: str
    chinese: str
    translations: dict[str, str]


def translated_fields(model) -> list[str]:
    """The model's translated fields that translate a source text (not the portal's own words)."""
    try:
        # Each registered options class declares fields; the base class the stubs see does not.
        fields = translator.get_options_for_model(model).fields  # type: ignore[attr-defined]
    except NotRegistered:
        return []
    return [name for name in fields if name not in OWN_WORDS]


def _texts_of(record, label: str, fields: Iterable[str], states) -> Iterator[TranslatedText]:
    for name in fields:
        chinese = getattr(record, i18n.localized_field(name, i18n.CHINESE)) or ""
        if not chinese.strip():
            continue
        translations = {
            language: getattr(record, i18n.localized_field(name, language)) or ""
            for language in i18n.TRANSLATED_LANGUAGES
            if states.text_state(language) == TextState.EDITORIAL
        }
        yield TranslatedText(record, label, name, fold_zh(chinese), translations)


def translated_texts() -> Iterator[TranslatedText]:
    """Every Chinese text of the content, drafts included, with its editorial translations."""
    for model in apps.get_models():
        parent_name = getattr(model, "provenance_parent", None)
        if parent_name:
            # A part of a record (a document's section) has its record's text states.
            fields = translated_fields(model)
            for part in model._default_manager.select_related(parent_name):
                parent = getattr(part, parent_name)
                label = f"{model.__name__}:{parent.slug}#{getattr(part, 'anchor', part.pk)}"
                yield from _texts_of(part, label, fields, parent)
        elif issubclass(model, Record) and model is not Term:
            fields = translated_fields(model)
            records = model._default_manager.all()
            if any(field.name == "document" for field in model._meta.fields):
                records = records.select_related("document")
            for record in records:
                yield from _texts_of(record, f"{model.__name__}:{record.slug}", fields, record)


@dataclass(frozen=True)
class Offence:
    term: str
    record: str
    field: str
    language: str

    def __str__(self):
        return f"{self.record}.{self.field}_{self.language}: no rendering of term {self.term!r}"


def mentioned(chinese: str, terms: Iterable[Term]) -> list[Term]:
    """The terms a (folded) Chinese text mentions.

    An occurrence inside a longer name of the same kind is that other name, not a mention:
    俄罗斯 in 白俄罗斯 and 印度 in 印度尼西亚 are not Russia and India.
    """
    return mentioned_in(chinese, prepared(terms))


def prepared(terms: Iterable[Term]) -> list[tuple[Term, list[str]]]:
    """The terms with their folded Chinese forms, worked out once for many texts."""
    return [(term, chinese_forms(term)) for term in terms]


def mentioned_in(chinese: str, checked: list[tuple[Term, list[str]]]) -> list[Term]:
    """``mentioned`` with the terms already ``prepared``."""
    spans = [
        (start, start + len(form), term)
        for term, forms in checked
        for form in forms
        if form in chinese
        for start in _occurrences(form, chinese)
    ]
    found: dict[str, Term] = {}
    for start, end, term in spans:
        if term.slug in found:
            continue  # one occurrence that is the term's own is enough
        inside_other = any(
            other.kind == term.kind
            and other.slug != term.slug
            and o_start <= start
            and end <= o_end
            and o_end - o_start > end - start
            for o_start, o_end, other in spans
        )
        if not inside_other:
            found[term.slug] = term
    return list(found.values())


def _occurrences(form: str, text: str) -> Iterator[int]:
    """Where the form starts in the text, without overlaps (as ``re.finditer`` would)."""
    start = text.find(form)
    while start != -1:
        yield start
        start = text.find(form, start + len(form))


def _uses(translation: str, forms: list[str], language: str) -> bool:
    """Whether a translation uses one of the forms; English capitalisation is not a rendering."""
    if language == i18n.ENGLISH:
        translation = translation.casefold()
        return any(form.casefold() in translation for form in forms)
    return any(form in translation for form in forms)


def offences(terms: Iterable[Term], texts: Iterable[TranslatedText]) -> list[Offence]:
    """Every editorial translation of a Chinese text with a term that misses its renderings."""
    checked = prepared(terms)
    forms = {
        (term.slug, language): renderings(term, language)
        for term, _ in checked
        for language in i18n.TRANSLATED_LANGUAGES
    }
    found = []
    for text in texts:
        for term in mentioned_in(text.chinese, checked):
            for language, translation in text.translations.items():
                if not _uses(translation, forms[term.slug, language], language):
                    found.append(Offence(term.slug, text.label, text.field, language))
    return found
