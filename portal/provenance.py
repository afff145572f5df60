"""Provenance: checking that official texts in the content occur in their source texts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from modeltranslation.translator import NotRegistered, translator

from portal import i18n
from portal.models import Record, TextState

#: Where the source texts live beside a checkout (read-only, not committed).
SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"

#: Fields that are the portal's own words, never copied from a source. A glossary term's
#: official text is its name (and abbreviation): its definition is the portal's, and its
#: aliases and accepted forms are spellings readers type or inflections, not source text.
EDITORIAL_FIELDS = {"editorial_note", "definition", "aliases", "accepted_forms"}

_WHITESPACE = re.compile(r"\s+")
_CJK = "\u3400-\u9fff"
# The extraction put a stray English "and" between Chinese words where the original has 和.
_STRAY_AND = re.compile(rf"(?<=[{_CJK}])\s*and\s*(?=[{_CJK}])")
_LIST_MARKER = re.compile(r"^\s*(?:[-•▶■]\s*)+")
# A table's number column rendered as "1. title" (seed 003's key projects).
_ROW_NUMBER = re.compile(r"^\d{1,3}\.\s+")


def normalise(text: str) -> str:
    """Fold a text for comparison: stray 'and' to 和, markup and all whitespace removed."""
    text = _STRAY_AND.sub("和", text)
    text = text.replace("**", "").replace("*", "")
    return _WHITESPACE.sub("", text)


@dataclass(frozen=True)
class Mismatch:
    record: str
    field: str
    line: str


def source_text(file_name: str) -> str:
    return normalise((SEEDS_DIR / file_name).read_text(encoding="utf-8"))


def _checked_lines(value: str) -> Iterator[str]:
    for line in value.splitlines():
        line = _ROW_NUMBER.sub("", _LIST_MARKER.sub("", line)).strip()
        if line:
            yield line


def translated_fields(model) -> tuple[str, ...]:
    """The names of a model's translated fields (django-modeltranslation)."""
    options = translator.get_options_for_model(model)
    return tuple(options.fields)  # type: ignore[attr-defined]


def official_texts(record: Record) -> Iterator[tuple[str, str]]:
    """Yield ``(field, text)`` for every official text of a record."""
    try:
        fields = translated_fields(type(record))
    except NotRegistered:
        return
    for language in i18n.SOURCE_LANGUAGES:
        if record.text_state(language) != TextState.OFFICIAL:
            continue
        for name in fields:
            if name in EDITORIAL_FIELDS:
                continue
            column = i18n.localized_field(name, language)
            value = getattr(record, column, "") or ""
            if value.strip():
                yield column, value


#: The shortest piece of a line that may stand elsewhere in the source (see ``occurs_in``).
MIN_PIECE = 4


def occurs_in(line: str, source: str) -> bool:
    """Whether a normalised line occurs in the normalised source.

    The two-column layout of some PDFs split a sentence across distant lines (seed 001's
    Bishkek plan, measure 3), so a line also counts when it is two pieces of at least
    MIN_PIECE characters that each occur in the source.
    """
    if line in source:
        return True
    return any(
        line[:i] in source and line[i:] in source
        for i in range(MIN_PIECE, len(line) - MIN_PIECE + 1)
    )


def mismatches() -> list[Mismatch]:
    """Return every line of official text in the database that its source does not contain."""
    cache: dict[str, str] = {}
    found = []
    for model in apps.get_models():
        if not issubclass(model, Record):
            continue
        for record in model.objects.select_related("source"):
            text = _text_of_sources(record, cache)
            for column, value in official_texts(record):
                for line in _checked_lines(value):
                    if not occurs_in(normalise(line), text):
                        found.append(Mismatch(f"{model.__name__}:{record.slug}", column, line))
    found.extend(_part_mismatches(cache))
    return found


def _text_of_sources(record: Record, cache: dict[str, str]) -> str:
    """The normalised text a record's official lines must occur in.

    A record's own source; a record that names a thing several sources print (a glossary
    term, with its ``sources``) may take its text from any of them.
    """
    names = [record.source.file_name]
    also = getattr(record, "sources", None)
    if also is not None:
        names += [source.file_name for source in also.all()]
    for name in names:
        if name not in cache:
            cache[name] = source_text(name)
    return "\x00".join(cache[name] for name in dict.fromkeys(names))


def _part_mismatches(cache: dict[str, str]) -> list[Mismatch]:
    """Parts of a record (a document's sections) are official where the record is.

    A part declares ``provenance_parent``, the name of its link to the record that holds
    the source and the text states; this module finds such models without importing them.
    """
    found = []
    for model in apps.get_models():
        parent_name = getattr(model, "provenance_parent", None)
        if not parent_name:
            continue
        fields = translated_fields(model)
        for part in model._default_manager.select_related(f"{parent_name}__source"):
            parent = getattr(part, parent_name)
            file_name = parent.source.file_name
            if file_name not in cache:
                cache[file_name] = source_text(file_name)
            for language in i18n.SOURCE_LANGUAGES:
                if parent.text_state(language) != TextState.OFFICIAL:
                    continue
                for name in fields:
                    column = i18n.localized_field(name, language)
                    for line in _checked_lines(getattr(part, column, "") or ""):
                        if not occurs_in(normalise(line), cache[file_name]):
                            label = (
                                f"{model.__name__}:{parent.slug}#{getattr(part, 'anchor', part.pk)}"
                            )
                            found.append(Mismatch(label, column, line))
    return found


# Where a record sits in its source, for people: the heading path of the locator without
# line numbers (those stay in the admin and in data attributes).
_LINE_REF = re.compile(r"\s*[(（]?\b(?:lines?|en lines?|en)\s+[\d\s,\-–]+[)）]?", re.IGNORECASE)
_PARENTHESES_WITH_LINES = re.compile(r"\s*\([^()]*\blines?\b[^()]*\)")
_FIRST_LINE = re.compile(r"\blines?\s+(\d+)")
_ROW_NUMBER_SEGMENT = re.compile(r"\s*>\s*\d+$")


def passage_path(locator: str) -> str:
    """The heading path of a locator's first place, without line numbers or row numbers.

    ``"■ 上海合作组织环境合作 > 合作成果 Achievements (lines 109-110); quote 2 (lines 38-46)"``
    -> ``"上海合作组织环境合作 > 合作成果 Achievements"``.
    """
    first = _first_place(locator)
    first = _PARENTHESES_WITH_LINES.sub("", first)
    first = _LINE_REF.sub("", first)
    first = _LIST_MARKER.sub("", first).strip(" ,")
    return _ROW_NUMBER_SEGMENT.sub("", first).strip()


def _first_place(locator: str) -> str:
    """A locator's first place: up to the first ";" outside parentheses ("规划 (title line
    3, date line 5; preamble lines 35-37)" is one place with its lines)."""
    depth = 0
    for i, char in enumerate(locator):
        depth += char in "(（"
        depth -= char in ")）" and depth > 0
        if char == ";" and depth == 0:
            return locator[:i]
    return locator


def passage_heading(locator: str) -> str:
    """The innermost heading of a locator's first place (what "section ..." names)."""
    return passage_path(locator).rsplit(" > ", 1)[-1].strip()


def first_line(locator: str) -> int:
    """The first line number a locator cites (0 when it cites none): the source's order."""
    match = _FIRST_LINE.search(locator)
    return int(match.group(1)) if match else 0


def passage_anchor(record) -> str:
    """The anchor of a record's passage on its source page."""
    return f"passage-{record._meta.model_name}-{record.slug}"


# Line references in editorial notes, in the three languages the notes are written in:
# "line 42", "lines 193-199, 145-159 and 228-248", "第369-387行", "第 148 行、第 115 行",
# "строки 369–387", "в строке 42".
_LINE_NUMBERS = r"\d+(?:\s*[-–—]\s*\d+)?(?:\s*(?:,|、|，|and|и)\s*\d+(?:\s*[-–—]\s*\d+)?)*"
_LINE_REFERENCE = (
    rf"(?:(?:\b(?:at|on|in|from)\s+)?(?:the\s+)?\blines?\s+{_LINE_NUMBERS}"
    rf"|(?:\bв\s+)?\bстрок(?:а|и|е|ах|ам|у)?\s+{_LINE_NUMBERS}"
    rf"|第\s*{_LINE_NUMBERS}\s*行(?:\s*[、，,]\s*第\s*{_LINE_NUMBERS}\s*行)*)"
)
_CLAUSE_START = r"(?:^|(?<=[。；，：.;:]))[ \t]*"
_NOTE_REWRITES = (
    # "Name as on line 83", "名称见第 83 行", "Название по строке 83": as the source prints it.
    (re.compile(rf"\bas\s+(?:on|at|in)\s+lines?\s+{_LINE_NUMBERS}", re.I | re.M), "as printed"),
    (re.compile(rf"见\s*第\s*{_LINE_NUMBERS}\s*行", re.I | re.M), "见来源"),
    (re.compile(rf"\bпо\s+строк(?:е|ам)\s+{_LINE_NUMBERS}", re.I | re.M), "по источнику"),
    # A reference that opens a clause names a place in the source: say so without it.
    (
        re.compile(rf"{_CLAUSE_START}\blines?\s+{_LINE_NUMBERS}\s+says?\b", re.I | re.M),
        " the source says",
    ),
    (
        re.compile(rf"{_CLAUSE_START}(?:в\s+)?строк(?:а|и|е|ах)?\s+{_LINE_NUMBERS}", re.I | re.M),
        " в другом месте",
    ),
    (
        re.compile(rf"{_CLAUSE_START}第\s*{_LINE_NUMBERS}\s*行(?=[^\s、，。；）)])", re.I | re.M),
        "来源一处",
    ),
    # "(line 42)", "（第42行）", "(строки 369–387)": the whole parenthesis goes.
    (re.compile(rf"\s*[（(]\s*{_LINE_REFERENCE}\s*[)）]", re.I | re.M), ""),
    # "(line 148 and the contents)", "（第 148 行、目录）": the reference goes, the rest stays.
    (
        re.compile(
            rf"(?<=[（(])\s*{_LINE_REFERENCE}\s*(?:,|、|，|;|；|:|：|and|и)?\s*", re.I | re.M
        ),
        "",
    ),
    (re.compile(rf"\s*(?:,|、|，|and|и)\s*{_LINE_REFERENCE}\s*(?=[)）])", re.I | re.M), ""),
    # Running text: "printed at line 487", "来源第98行", "в строке 42".
    (re.compile(_LINE_REFERENCE), ""),
    (re.compile(r"[（(]\s*[)）]", re.I | re.M), ""),
    (re.compile(r"[ \t]+([,.;:)])", re.I | re.M), r"\1"),
    (re.compile(r"[ \t]{2,}", re.I | re.M), " "),
)


def without_line_numbers(text: str) -> str:
    """An editorial note as the public reads it: the source's line numbers left out.

    Line numbers locate a passage in the seed file, which only editors have; the stored
    note keeps them (the admin and the API show it whole), and each record's source line
    links to its passage on the source page.
    """
    for pattern, replacement in _NOTE_REWRITES:
        text = pattern.sub(replacement, text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _SENTENCE_START_PHRASE.sub(lambda m: m[1] + m[2][:1].upper() + m[2][1:], text)


_SENTENCE_START_PHRASE = re.compile(r"(^|[.!?]\s+|\n)(the source says|в другом месте)", re.M)
