"""The glossary: a term's forms per language, the records that use it, the consistency check.

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
from portal.models import Publication, Record, Term, TextState

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
    name = getattr(term, i18n.localized_field("name", i18n.CHINESE))
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


def _translated_fields(model) -> list[str]:
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


def translated_texts(*, published: bool = False) -> Iterator[TranslatedText]:
    """Every Chinese text of the content with its editorial English and Russian.

    ``published`` keeps to what the public sees (for the glossary page); the check
    reads drafts too.
    """
    for model in apps.get_models():
        parent_name = getattr(model, "provenance_parent", None)
        if parent_name:
            # A part of a record (a document's section) has its record's text states.
            fields = _translated_fields(model)
            parts = model._default_manager.select_related(parent_name)
            if published:
                parts = parts.filter(**{f"{parent_name}__publication": Publication.PUBLISHED})
            for part in parts:
                parent = getattr(part, parent_name)
                label = f"{model.__name__}:{parent.slug}#{getattr(part, 'anchor', part.pk)}"
                yield from _texts_of(part, label, fields, parent)
        elif issubclass(model, Record) and model is not Term:
            fields = _translated_fields(model)
            records = model._default_manager.all()
            if published:
                records = records.filter(publication=Publication.PUBLISHED)
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
    return _mentioned(chinese, [(term, chinese_forms(term)) for term in terms])


def _mentioned(chinese: str, checked: list[tuple[Term, list[str]]]) -> list[Term]:
    spans = [
        (match.start(), match.end(), term)
        for term, forms in checked
        for form in forms
        if form in chinese
        for match in re.finditer(re.escape(form), chinese)
    ]
    found: dict[str, Term] = {}
    for start, end, term in spans:
        inside_other = any(
            other.kind == term.kind
            and other.slug != term.slug
            and o_start <= start
            and end <= o_end
            and o_end - o_start > end - start
            for o_start, o_end, other in spans
        )
        if not inside_other:
            found.setdefault(term.slug, term)
    return list(found.values())


def _uses(translation: str, forms: list[str], language: str) -> bool:
    """Whether a translation uses one of the forms; English capitalisation is not a rendering."""
    if language == i18n.ENGLISH:
        translation = translation.casefold()
        return any(form.casefold() in translation for form in forms)
    return any(form in translation for form in forms)


def offences(terms: Iterable[Term], texts: Iterable[TranslatedText]) -> list[Offence]:
    """Every editorial translation of a Chinese text with a term that misses its renderings."""
    checked = [(term, chinese_forms(term)) for term in terms]
    forms = {
        (term.slug, language): renderings(term, language)
        for term, _ in checked
        for language in i18n.TRANSLATED_LANGUAGES
    }
    found = []
    for text in texts:
        for term in _mentioned(text.chinese, checked):
            for language, translation in text.translations.items():
                if not _uses(translation, forms[term.slug, language], language):
                    found.append(Offence(term.slug, text.label, text.field, language))
    return found


def records_using(terms: Iterable[Term], texts: Iterable[TranslatedText]) -> dict[str, list]:
    """For each term slug, the records with a page whose Chinese text uses the term, in order.

    A record without a page of its own (a document section, a key project, a planned
    activity) counts as its document.
    """
    checked = [(term, chinese_forms(term)) for term in terms]
    found: dict[str, dict] = {term.slug: {} for term, _ in checked}
    for text in texts:
        record: Model | None = text.record
        parent_name = getattr(type(record), "provenance_parent", None)
        if parent_name:
            record = getattr(record, parent_name)
        if not hasattr(record, "get_absolute_url"):
            record = getattr(record, "document", None)  # a planned activity: its plan
        if record is None:
            continue
        for term in _mentioned(text.chinese, checked):
            found[term.slug].setdefault((type(record).__name__, record.pk), record)
    return {slug: list(records.values()) for slug, records in found.items()}
