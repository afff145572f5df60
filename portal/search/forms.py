"""The search's input: the form of its query string and the filters it resolves to."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import BooleanField, Count, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from cooperation.models import Topic
from mechanisms.models import Country, Mechanism
from portal.partial_dates import check_year_range, last_year, year_field, year_range_filter
from portal.search.models import EntryKind, FacetCount, FacetSet

MAX_INDEXED_YEARS = 40
#: An entry's last year: the year after "/" in a range, else its start year.
_LAST_YEAR = last_year("when")
#: The condition of the index of ranges (``search_spanning``) spelled as SQL: SQLite uses
#: a partial index only when the query repeats its condition literally, and Django would
#: pass the pattern of ``when__contains`` as a parameter (a scan of every entry instead).
DATED_AS_RANGE = RawSQL(
    """"search_searchentry"."when" LIKE '%%/%%' ESCAPE '\\'""", [], output_field=BooleanField()
)


class _SharedFields(dict):
    """A form's fields that each instance shares rather than copies.

    Django deep-copies a form's fields for every instance, so that one request's form
    may change its own (a widget's attributes, ``required``). The search form never
    renders and never changes them: copying its eight fields cost every search 0.15 ms.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class SearchForm(forms.Form):
    """The query string of a search; invalid filter values are reported, never fatal.

    Never rendered (the pages write their own inputs), so its fields are shared by every
    instance (``_SharedFields``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids: dict[str, int] = {}

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", ""), *EntryKind.choices]
    )
    mechanism = forms.SlugField(label=_("Mechanism"), required=False)
    country = forms.SlugField(label=_("Country"), required=False)
    topic = forms.SlugField(label=_("Topic"), required=False)
    year_from = forms.IntegerField(**year_field(_("From year")))
    year_to = forms.IntegerField(**year_field(_("To year")))
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("", ""), ("relevance", "relevance"), ("newest", "newest"), ("oldest", "oldest")],
    )

    def _clean_slug(self, name, records):
        """Check a slug names a public record, and keep its primary key for filtering.

        ``records`` makes the queryset only when there is a slug to look up: building the
        published mechanisms' and countries' querysets cost every search 0.2 ms unasked.
        """
        value = self.cleaned_data.get(name)
        if value:
            pk = records().filter(slug=value).values_list("pk", flat=True).first()
            if pk is None:
                raise forms.ValidationError(
                    _("Unknown value “%(value)s”."), code="unknown", params={"value": value}
                )
            self.ids[name] = pk
        return value

    def clean_mechanism(self):
        return self._clean_slug("mechanism", Mechanism.objects.published)

    def clean_country(self):
        return self._clean_slug("country", Country.objects.published)

    def clean_topic(self):
        return self._clean_slug("topic", Topic.objects.all)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        try:
            check_year_range(cleaned.get("year_from"), cleaned.get("year_to"))
        except forms.ValidationError as error:
            self.add_error("year_to", error)
        return cleaned


SearchForm.base_fields = _SharedFields(SearchForm.base_fields)


@dataclass
class Filters:
    """The valid filters of a search, resolved to ids (invalid ones are left out)."""

    kind: str | None = None
    mechanism_id: int | None = None
    country_id: int | None = None
    topic_id: int | None = None
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_form(cls, form):
        data, errors = form.cleaned_data, form.errors

        def valid(name):
            return data.get(name) if name not in errors else None

        years_ok = "year_to" not in errors and "year_from" not in errors
        return cls(
            kind=valid("type") or None,
            mechanism_id=form.ids.get("mechanism") if valid("mechanism") else None,
            country_id=form.ids.get("country") if valid("country") else None,
            topic_id=form.ids.get("topic") if valid("topic") else None,
            year_from=data.get("year_from") if years_ok else None,
            year_to=data.get("year_to") if years_ok else None,
        )

    def narrows(self) -> bool:
        """Whether any filter is set (a type, mechanism, country, topic or year)."""
        return any(
            value is not None and value != ""
            for value in (
                self.kind,
                self.mechanism_id,
                self.country_id,
                self.topic_id,
                self.year_from,
                self.year_to,
            )
        )

    def facet_sets(self, skip=()):
        """The facet sets allowed by the type, mechanism, country and topic filters."""
        sets, used = FacetSet.objects.all(), False
        for name, lookup, value in (
            ("type", "kind", self.kind),
            ("mechanism", "mechanism_id", self.mechanism_id),
            ("country", "countries", self.country_id),
            ("topic", "topics", self.topic_id),
        ):
            if value and name not in skip:
                sets, used = sets.filter(**{lookup: value}), True
        return sets if used else None

    def _years(self):
        start = f"{self.year_from:04d}" if self.year_from is not None else None
        end = f"{self.year_to:04d}" if self.year_to is not None else None
        return start, end

    def _in_years(self, qs, year_field: str):
        """Keep rows whose ``year_field`` (a four-digit year, "" when undated) is in range."""
        start, end = self._years()
        qs = qs.exclude(**{year_field: ""})
        if start is not None:
            qs = qs.filter(**{f"{year_field}__gte": start})
        if end is not None:
            qs = qs.filter(**{f"{year_field}__lte": end})
        return qs

    def apply_years(self, qs, text_query: bool = False):
        """Keep entries whose span of years overlaps the range; undated ones never do.

        An entry starts no later than the range ends and ends no earlier than it starts
        (``2021/2025`` overlaps 2022-2023). A listing compares start dates
        (``search_pub_when`` serves it). A text query compares the year part, an
        expression no index covers (statistics on it keep estimates right): the planner
        then reads the matches through the full-text index rather than walking the date
        index and testing each entry's out-of-line vector.
        """
        start, end = self._years()
        if (start, end) == (None, None):
            return qs
        qs = qs.exclude(when="").alias(last_year=_LAST_YEAR)
        if start is not None:
            qs = qs.filter(last_year__gte=start)
        if not text_query:
            return qs.filter(year_range_filter("when", None, self.year_to))
        qs = qs.alias(year=Substr("when", 1, 4))
        return qs.filter(year__lte=end) if end is not None else qs

    def counts_in_years(self, counts):
        """The FacetCount rows of the year range (the same range as ``apply_years``)."""
        if self._years() == (None, None):
            return counts
        return self._in_years(counts, "year")

    def listing_counts_sql(self, entries, counts=None) -> tuple[str, list]:
        """SQL of (facet_set_id, n): the ``entries`` (published) in the range.

        The same entries as ``apply_years``, without reading them: an entry that does not
        span years overlaps the range when it starts in it, which the maintained
        ``counts`` say per facet set and start year (``FacetCount`` rows for a listing, a
        word's ``TermYearCount`` rows for the matches of that word); the few ranges
        (``2021/2025``) that start before the range and reach into it are counted on top,
        through an index of their own (``search_spanning``).
        """
        start, _end = self._years()
        counted = (
            self.counts_in_years(FacetCount.objects.all() if counts is None else counts)
            .order_by()
            .values("facet_set_id")
            .annotate(n=Sum("entries"))
        )
        sql, params = counted.query.sql_with_params()
        if start is None:
            return sql, list(params)
        reaching = (
            entries.filter(DATED_AS_RANGE)
            .alias(start_year=Substr("when", 1, 4), last_year=_LAST_YEAR)
            .filter(start_year__lt=start, last_year__gte=start)
            .order_by()
            .values("facet_set_id")
            .annotate(n=Count("*"))
        )
        reaching_sql, reaching_params = reaching.query.sql_with_params()
        # Both are Django's own compiled SQL.
        return (
            f"SELECT u.facet_set_id, SUM(u.n) AS n FROM ({sql} UNION ALL {reaching_sql}) u "  # noqa: S608
            "GROUP BY u.facet_set_id",
            [*params, *reaching_params],
        )

    def indexed_years(self) -> list[str]:
        """The years of the range, for the full-text index to match (PostgreSQL vectors
        hold a lexeme for every year an entry spans).

        Bounded by the years entries start in, when the range is open. Empty without a
        range, or when it spans more than ``MAX_INDEXED_YEARS`` years (a long alternative
        costs the index more than it saves).
        """
        start, end = self._years()
        if start is None and end is None:
            return []
        known = list(
            FacetCount.objects.filter(entries__gt=0)
            .exclude(year="")
            .order_by("year")
            .values_list("year", flat=True)
            .distinct()
        )
        if not known:
            return []
        low = int(start) if start is not None else int(known[0])
        high = int(end) if end is not None else int(known[-1])
        if high < low or high - low + 1 > MAX_INDEXED_YEARS:
            return []
        return [f"{y:04d}" for y in range(low, high + 1)]

    def apply(self, qs, text_query: bool = False):
        sets = self.facet_sets()
        if sets is not None:
            qs = qs.filter(facet_set__in=sets.values("id"))
        return self.apply_years(qs, text_query)
