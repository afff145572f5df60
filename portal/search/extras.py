"""What a record contributes to the search beyond its own fields: names, dates, places.

Everything a reader can see about a record is findable: its names from the glossary
(``portal.models.Term``: abbreviations and other names), its country and topics in the
three languages, quotations said at a meeting or about a document, editor's notes on a
brief, and its date as words (``2014``, ``2014年6月``, ``June 2014``, ``июнь 2014``).
"""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType

from portal import i18n

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_RU = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")
MAX_SPAN_YEARS = 30


def date_words(when: str) -> str:
    """A partial date (or range) as the words readers type for it."""
    matches = (_YEAR_MONTH.match(part) for part in (when or "").split("/"))
    points = [p for p in matches if p]
    if not points:
        return ""
    words = []
    first, last = int(points[0].group(1)), int(points[-1].group(1))
    years = range(first, min(last, first + MAX_SPAN_YEARS) + 1)
    words += [f"{y} {y}年" for y in years]
    for point in points:
        year, month = point.group(1), point.group(2)
        if month and 1 <= int(month) <= 12:
            m = int(month)
            words.append(f"{year}年{m}月 {MONTHS_EN[m - 1]} {year} {MONTHS_RU[m - 1]} {year}")
    return " ".join(words)


class Glossary:
    """The names the glossary gives each record (loaded once per rebuild or save)."""

    def __init__(self):
        from portal.models import Term
        from portal.search.variants import term_forms

        self._names: dict[tuple[int | None, str], list[str]] = {}
        for term in Term.objects.exclude(target_slug="").exclude(target_type=None):
            key = (term.target_type_id, term.target_slug)
            self._names.setdefault(key, []).extend(term_forms(term))

    def names(self, obj) -> list[str]:
        slug = getattr(obj, "slug", None)
        if not slug:
            return []
        content_type = ContentType.objects.get_for_model(type(obj))
        return self._names.get((content_type.pk, slug), [])


def all_languages(obj, *names) -> str:
    """The given translated fields of obj in every language, one per line."""
    values = []
    for language in i18n.LANGUAGE_CODES:
        for name in names:
            value = getattr(obj, i18n.localized_field(name, language), "") or ""
            if value.strip():
                values.append(value)
    return "\n".join(dict.fromkeys(values))


def country_words(country, glossary: Glossary) -> str:
    """A country's names, for the record it is named on; none while it is a draft."""
    if country is None or not country.is_published:
        return ""
    return "\n".join(
        p for p in (all_languages(country, "name", "official_name"), *glossary.names(country)) if p
    )


def topic_words(topics) -> str:
    return "\n".join(all_languages(t, "name") for t in topics)


def quote_words(quotes) -> str:
    return "\n".join(all_languages(q, "text", "speaker", "occasion", "city") for q in quotes)


def note_words(notes) -> str:
    return "\n".join(all_languages(n, "body") for n in notes)
