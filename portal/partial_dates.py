"""Partial dates: a year, a month, a day, or a range of them; never an invented day.

Values are stored as canonical strings that sort and filter correctly as plain text:
``2014``, ``2014-06``, ``2014-06-10``, and ranges ``2021/2025`` or ``2019-09-02/2019-09-04``.
A string prefix is a coarser date, so ``"2014" < "2014-06" < "2014-06-10"``, and a year
filter is a string comparison (``when >= "2014"`` and ``when < "2016"``). Recurrence
("annually") is a separate field on the records that have one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.db.models.functions import StrIndex, Substr
from django.db.models.lookups import GreaterThanOrEqual
from django.dispatch import receiver
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from portal import i18n

_POINT = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class DatePoint:
    """One end of a partial date: a year with an optional month and day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> DatePoint:
        match = _POINT.match(text.strip())
        if not match:
            raise ValueError(f"not a partial date: {text!r}")
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"no month {month} in {text!r}")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
            raise ValueError(f"no day {day} in {text!r}")
        return cls(year, month, day)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def format(self, genitive: bool = False) -> str:
        """Format in the active language: ``2014年6月``, ``June 2014``, ``июнь 2014 г.``.

        ``genitive``: the date follows «с» or «до» («с июня 2014 г.»); Russian then names
        the month in the genitive (Django's ``E``), other languages are unchanged.
        """
        if self.precision == "year":
            return _year_format() % self.year
        date = dt.date(self.year, self.month or 1, self.day or 1)
        if self.precision == "day":
            return formats.date_format(date, "DATE_FORMAT")
        if genitive and _is_russian():
            return formats.date_format(date, "E Y г.")
        text = formats.date_format(date, "YEAR_MONTH_FORMAT")
        # Russian writes a month name in running text in lower case: "июнь 2014 г.".
        return text[:1].lower() + text[1:] if _is_russian() else text


def _is_russian() -> bool:
    return i18n.is_russian(i18n.current_language())


def _year_format() -> str:
    language = i18n.current_language()
    if i18n.is_chinese(language):
        return "%d年"
    if i18n.is_russian(language):
        return "%d г."
    return "%d"


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as its source: one point or a range of two points."""

    start: DatePoint
    end: DatePoint | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse the canonical form; raise ValueError with a reason when it is not one."""
        if not text or not text.strip():
            raise ValueError("empty partial date")
        first, sep, second = text.strip().partition("/")
        start = DatePoint.parse(first)
        if not sep:
            return cls(start)
        end = DatePoint.parse(second)
        if _upper_bound(end) < _lower_bound(start):
            raise ValueError(f"the end of {text!r} comes before its start")
        return cls(start, end)

    def __str__(self) -> str:
        return f"{self.start}/{self.end}" if self.end else str(self.start)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def end_year(self) -> int:
        return (self.end or self.start).year

    def format(self, genitive: bool = False) -> str:
        """Format the date or range naturally in the active language (``genitive``: see
        ``DatePoint.format``); what both ends share is written once, as each language
        writes a span: "September 2–4, 2019", «2–4 сентября 2019 г.», "2019年9月2日至4日";
        "September–October 2019"; "September 30 – October 2, 2019"; "2021–2025",
        «2021–2025 гг.», "2021—2025年"."""
        if self.end is None:
            return self.start.format(genitive)
        start, end = self.start, self.end
        language = i18n.current_language()
        chinese, russian = i18n.is_chinese(language), i18n.is_russian(language)
        precision = start.precision if start.precision == end.precision else ""
        if precision == "year":
            if chinese:
                return f"{start.year}—{end.year}年"
            return f"{start.year}–{end.year} гг." if russian else f"{start.year}–{end.year}"
        if precision == "month" and start.year == end.year:
            if chinese:
                return f"{start.year}年{start.month}月至{end.month}月"
            return f"{_month_name(start, genitive)}–{end.format(genitive)}"
        if precision == "day" and (start.year, start.month) == (end.year, end.month):
            if chinese:
                return f"{start.format()}至{end.day}日"
            if russian:
                return f"{start.day}–{end.format()}"
            return f"{_month_name(start)} {start.day}–{end.day}, {start.year}"
        if precision == "day" and start.year == end.year:
            if chinese:
                return f"{start.format()}至{end.format().removeprefix(f'{end.year}年')}"
            if russian:
                return f"{start.day} {_month_name(start, genitive=True)} – {end.format()}"
            return f"{_month_name(start)} {start.day} – {end.format()}"
        joiner = "至" if chinese else " – "
        return f"{start.format(genitive)}{joiner}{end.format(genitive)}"


def _month_name(point: DatePoint, genitive: bool = False) -> str:
    """The month's name alone: "September", «сентябрь» (after «с»: «сентября»)."""
    date = dt.date(point.year, point.month or 1, 1)
    if not _is_russian():
        return formats.date_format(date, "F")
    return formats.date_format(date, "E" if genitive else "F").lower()


def _lower_bound(point: DatePoint) -> dt.date:
    return dt.date(point.year, point.month or 1, point.day or 1)


def _upper_bound(point: DatePoint) -> dt.date:
    month = point.month or 12
    return dt.date(point.year, month, point.day or calendar.monthrange(point.year, month)[1])


def validate_partial_date(value: str) -> None:
    """Reject a string that is not a canonical partial date, with a reason."""
    if value in (None, ""):
        return
    try:
        parsed = PartialDate.parse(value)
    except ValueError as error:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid partial date: use YYYY, YYYY-MM or YYYY-MM-DD "
                "with a real month and day, or a range such as 2021/2025 whose end is not "
                "before its start."
            ),
            code="invalid_partial_date",
            params={"value": value},
        ) from error
    if str(parsed) != value:
        raise ValidationError(
            _("Write the date as %(canonical)s."),
            code="non_canonical_partial_date",
            params={"canonical": str(parsed)},
        )


def format_partial_date(value: str, genitive: bool = False) -> str:
    """Format a stored partial date in the active language ('' for none).

    ``genitive`` for a date after «с» or «до» in Russian: «с июня 2014 г.», not «с июнь»."""
    if not value:
        return ""
    return _formatted(value, genitive, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(value: str, genitive: bool, language: str | None) -> str:
    """The formatting, kept per value and language: parsing and Django's date formats
    were a fifth of a search result's rendering (twenty dates a page)."""
    try:
        return PartialDate.parse(value).format(genitive)
    except ValueError:
        return value


@receiver(setting_changed)
def _forget_formatted(**kwargs):
    """Tests that change the languages or formats get fresh formatting."""
    _formatted.cache_clear()


class PartialDateField(models.CharField):
    """A partial date stored as its canonical, sortable string."""

    description = _("Partial date (year, month, day or range)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 23)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_partial_date)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 23:
            del kwargs["max_length"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs


def year_range_filter(field: str, year_from: int | None, year_to: int | None) -> models.Q:
    """Return a Q selecting partial dates whose start year lies within [year_from, year_to]."""
    q = models.Q()
    if year_from is not None:
        q &= models.Q(**{f"{field}__gte": f"{year_from:04d}"})
    if year_to is not None:
        q &= models.Q(**{f"{field}__lt": f"{year_to + 1:04d}"})
    return q


def last_year(field: str) -> models.Case:
    """The last year of the partial date in ``field``, as four digits: the year after "/"
    in a range (``2021/2025``: ``2025``), else its start year."""
    after_slash = StrIndex(field, models.Value("/")) + 1
    return models.Case(
        models.When(**{f"{field}__contains": "/"}, then=Substr(field, after_slash, 4)),
        default=Substr(field, 1, 4),
    )


def years_overlap_filter(field: str, year_from: int | None, year_to: int | None) -> models.Q:
    """Return a Q selecting partial dates whose span of years overlaps [year_from, year_to].

    A date overlaps the range when it starts no later than the range ends and ends no
    earlier than it starts: ``2021/2025`` is in 2022-2023. Undated records never are. The
    start is compared as a string (the date indexes serve it); the end is read only for
    ranges that start before ``year_from``.
    """
    q = models.Q(**{f"{field}__gt": ""})
    if year_to is not None:
        q &= models.Q(**{f"{field}__lt": f"{year_to + 1:04d}"})
    if year_from is not None:
        start = f"{year_from:04d}"
        reaching = models.Q(**{f"{field}__contains": "/"}) & models.Q(
            GreaterThanOrEqual(last_year(field), start)
        )
        q &= models.Q(**{f"{field}__gte": start}) | reaching
    return q


#: The years a filter accepts: wide enough for any record, narrow enough to reject typos.
MIN_YEAR, MAX_YEAR = 1900, 2100


def year_field(label) -> dict:
    """Keyword arguments of a year form field: its label and the accepted bounds."""
    return {"label": label, "required": False, "min_value": MIN_YEAR, "max_value": MAX_YEAR}


def check_year_range(year_from: int | None, year_to: int | None) -> None:
    """Raise ValidationError when a year range ends before it starts (one message everywhere)."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ValidationError(
            _("“From year” (%(start)s) is after “To year” (%(end)s)."),
            code="year_range",
            params={"start": int(year_from), "end": int(year_to)},
        )
