"""The search a view runs: validate input, match, filter, facet, rank, paginate, snippet."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cooperation.models import Topic
from mechanisms.models import Country, Mechanism
from portal import i18n
from portal.partial_dates import check_year_range, year_field, year_range_filter
from portal.search import analyzer, backends
from portal.search.models import EntryKind, FacetCount, FacetSet, SearchEntry
from portal.search.ranking import Ranking, page_ids, ranked_ids

PER_PAGE = 20
MAX_INDEXED_YEARS = 40
SNIPPET_CHARS = 220


class SearchForm(forms.Form):
    """The query string of a search; invalid filter values are reported, never fatal."""

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

    def _clean_slug(self, name, queryset):
        """Check a slug names a public record, and keep its primary key for filtering."""
        value = self.cleaned_data.get(name)
        if value:
            pk = queryset.filter(slug=value).values_list("pk", flat=True).first()
            if pk is None:
                raise forms.ValidationError(
                    _("Unknown value “%(value)s”."), code="unknown", params={"value": value}
                )
            self.ids[name] = pk
        return value

    def clean_mechanism(self):
        return self._clean_slug("mechanism", Mechanism.objects.published())

    def clean_country(self):
        return self._clean_slug("country", Country.objects.published())

    def clean_topic(self):
        return self._clean_slug("topic", Topic.objects.all())

    def clean(self):
        cleaned = super().clean()
        try:
            check_year_range(cleaned.get("year_from"), cleaned.get("year_to"))
        except forms.ValidationError as error:
            self.add_error("year_to", error)
        return cleaned


@dataclass
class Result:
    kind: str
    kind_label: str
    title: str
    title_language: str
    url: str
    when: str
    mechanism: str
    snippet: str
    title_html: str = ""


@dataclass
class SearchOutcome:
    query: str
    tokens: list[str]
    count: int
    page: object
    results: list[Result]
    facets: dict[str, list[dict]]
    errors: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    #: (field label, message) for the page: the errors named as the reader sees them.
    error_messages: list[tuple[str, str]] = field(default_factory=list)


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
        """Keep entries whose (start) year lies within the range; undated ones never do.

        A listing compares dates (``search_pub_when`` serves it). A text query compares
        the year part, an expression no index covers (statistics on it keep estimates
        right): the planner then reads the matches through the full-text index rather
        than walking the date index and testing each entry's out-of-line vector.
        """
        if self._years() == (None, None):
            return qs
        if not text_query:
            return qs.exclude(when="").filter(
                year_range_filter("when", self.year_from, self.year_to)
            )
        return self._in_years(qs.alias(year=Substr("when", 1, 4)), "year")

    def counts_in_years(self, counts):
        """The FacetCount rows of the year range (the same range as ``apply_years``)."""
        if self._years() == (None, None):
            return counts
        return self._in_years(counts, "year")

    def indexed_years(self) -> list[str]:
        """The years of the range that have entries, for the full-text index to match.

        Empty without a range, or when the range spans more than ``MAX_INDEXED_YEARS``
        years with entries (a long alternative costs the index more than it saves).
        """
        start, end = self._years()
        if start is None and end is None:
            return []
        years = list(
            self.counts_in_years(FacetCount.objects.filter(entries__gt=0))
            .order_by("year")
            .values_list("year", flat=True)
            .distinct()
        )
        return years if len(years) <= MAX_INDEXED_YEARS else []

    def apply(self, qs, text_query: bool = False):
        sets = self.facet_sets()
        if sets is not None:
            qs = qs.filter(facet_set__in=sets.values("id"))
        return self.apply_years(qs, text_query)


_FACET_SQL = """
WITH g AS MATERIALIZED ({grouped}),
f AS MATERIALIZED (
 SELECT s.id, s.kind, s.mechanism_id, g.n FROM g JOIN search_facetset s ON s.id = g.facet_set_id
)
SELECT 'grid', f.kind, f.mechanism_id, CAST(SUM(f.n) AS BIGINT), NULL, NULL FROM f
 WHERE {grid_where} GROUP BY f.kind, f.mechanism_id
UNION ALL
SELECT 'country', NULL, l.country_id, CAST(SUM(f.n) AS BIGINT), c.slug, {country_label} FROM f
 JOIN search_facetset_countries l ON l.facetset_id = f.id
 JOIN {country_table} c ON c.id = l.country_id AND c.publication = 'published'
 WHERE {country_where}
 GROUP BY l.country_id, c.slug, {country_label}
UNION ALL
SELECT 'topic', NULL, l.topic_id, CAST(SUM(f.n) AS BIGINT), t.slug, {topic_label} FROM f
 JOIN search_facetset_topics l ON l.facetset_id = f.id
 JOIN {topic_table} t ON t.id = l.topic_id WHERE {topic_where}
 GROUP BY l.topic_id, t.slug, {topic_label}
{candidates}"""

# With words: how many entries the filters allow, whatever their text (from the counts).
_CANDIDATES_SQL = """UNION ALL
SELECT 'candidates', NULL, NULL, CAST(SUM(f.n) AS BIGINT), NULL, NULL FROM (
 SELECT s.id, s.kind, s.mechanism_id, k.n FROM ({counted}) k
 JOIN search_facetset s ON s.id = k.facet_set_id
) f WHERE {all_where}
"""


def _label(alias: str, language: str) -> str:
    """SQL for a country's or topic's name in a language, else in English."""
    suffix = i18n.field_suffix(language)
    if suffix not in {i18n.field_suffix(code) for code in i18n.LANGUAGE_CODES}:
        raise ValueError(f"not a portal language: {language}")
    return f"COALESCE(NULLIF({alias}.name_{suffix}, ''), {alias}.name_en)"


def _facet_rows(qs, filters: Filters, text_query: bool, language: str):
    """Count the matches by (kind, mechanism), by country and by topic in one query.

    The matches of a text query (words, publication, years) are read once and grouped by
    facet set, the only per-match work; without words, the maintained ``FacetCount``
    rows give the same groups. Each facet then applies every filter but its own to the
    (few) facet sets, so a reader sees what choosing another value would give.
    """
    # Every published entry in the years: the maintained counts per facet set say it.
    counted = (
        filters.counts_in_years(FacetCount.objects.all())
        .order_by()
        .values("facet_set_id")
        .annotate(n=Sum("entries"))
    )
    if text_query:
        grouped = (
            filters.apply_years(qs, text_query=True)
            .order_by()
            .values("facet_set_id")
            .annotate(n=Count("*"))
        )
    else:
        grouped = counted
    grouped_sql, grouped_params = grouped.query.sql_with_params()
    conditions = {"kind": [], "mechanism": [], "country": [], "topic": []}
    params = {key: [] for key in conditions}
    if filters.kind:
        conditions["kind"].append("f.kind = %s")
        params["kind"].append(filters.kind)
    if filters.mechanism_id:
        conditions["mechanism"].append("f.mechanism_id = %s")
        params["mechanism"].append(filters.mechanism_id)
    for name, table, column, value in (
        ("country", "search_facetset_countries", "country_id", filters.country_id),
        ("topic", "search_facetset_topics", "topic_id", filters.topic_id),
    ):
        if value:
            conditions[name].append(
                # table and column are the constants above; the value is a parameter.
                f"EXISTS (SELECT 1 FROM {table} x WHERE x.facetset_id = f.id "  # noqa: S608
                f"AND x.{column} = %s)"
            )
            params[name].append(value)

    def where(*names):
        parts = [c for n in names for c in conditions[n]]
        return (" AND ".join(parts) or "1 = 1"), [p for n in names for p in params[n]]

    grid_where, grid_params = where("country", "topic")
    country_where, country_params = where("kind", "mechanism", "topic")
    topic_where, topic_params = where("kind", "mechanism", "country")
    candidates, candidates_params = "", []
    if text_query:
        counted_sql, counted_params = counted.query.sql_with_params()
        all_where, all_params = where("kind", "mechanism", "country", "topic")
        candidates = _CANDIDATES_SQL.format(counted=counted_sql, all_where=all_where)
        candidates_params = [*counted_params, *all_params]
    sql = _FACET_SQL.format(
        grouped=grouped_sql,
        grid_where=grid_where,
        country_where=country_where,
        topic_where=topic_where,
        candidates=candidates,
        country_table=Country._meta.db_table,
        country_label=_label("c", language),
        topic_table=Topic._meta.db_table,
        topic_label=_label("t", language),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                *grouped_params,
                *grid_params,
                *country_params,
                *topic_params,
                *candidates_params,
            ],
        )
        return cursor.fetchall()


def _facets(qs, filters: Filters, language: str, mechanisms: dict, text_query: bool):
    """Return the facet counts, the number of results and of entries the filters allow.

    The last is only counted for a text query (ranking uses it), else it is None.
    """
    kinds, by_mechanism, by_link, total = {}, {}, {"country": {}, "topic": {}}, 0
    candidates = None
    rows = [] if qs.query.is_empty() else _facet_rows(qs, filters, text_query, language)
    labels = {"country": {}, "topic": {}}
    for facet, kind, key, n, slug, label in rows:
        if facet == "candidates":
            candidates = n or 0
            continue
        if facet != "grid":
            by_link[facet][key] = n
            labels[facet][key] = (slug, label)
            continue
        kind_ok = filters.kind in (None, kind)
        mechanism_ok = filters.mechanism_id in (None, key)
        if mechanism_ok:
            kinds[kind] = kinds.get(kind, 0) + n
        if kind_ok and key in mechanisms:
            by_mechanism[key] = by_mechanism.get(key, 0) + n
        if kind_ok and mechanism_ok:
            total += n
    kind_labels = dict(EntryKind.choices)
    facets = {
        "type": [
            {"value": k, "label": str(kind_labels[k]), "count": n}
            for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "mechanism": [
            {"value": mechanisms[m]["slug"], "label": mechanisms[m]["label"], "count": n}
            for m, n in sorted(
                by_mechanism.items(), key=lambda kv: (-kv[1], mechanisms[kv[0]]["slug"])
            )
        ],
    }
    for name in ("country", "topic"):
        names = labels[name]
        facets[name] = [
            {"value": names[pk][0], "label": names[pk][1], "count": n}
            for pk, n in sorted(by_link[name].items(), key=lambda kv: (-kv[1], names[kv[0]][0]))
        ]
    return facets, total, candidates


_SPLIT_TERMS = re.compile(r"\s+")


def _is_cyrillic(term: str) -> bool:
    return all("\u0400" <= ch <= "\u04ff" for ch in term)


def snippet(text: str, terms: list[str], length: int = SNIPPET_CHARS) -> str:
    """Return an escaped excerpt of text around the first term, with terms in <mark>."""
    text = _SPLIT_TERMS.sub(" ", text or "").strip()
    if not text:
        return ""
    folded = text.lower().replace("ё", "е")
    pattern = None
    if terms:
        # A stem highlights the whole word it begins ("declar" marks "declarations").
        parts = [
            rf"\b{re.escape(t)}\w*"
            if (t.isalpha() and t.isascii()) or _is_cyrillic(t)
            else re.escape(t)
            for t in sorted(terms, key=len, reverse=True)
        ]
        pattern = re.compile("|".join(parts))
    first = pattern.search(folded) if pattern else None
    start = 0 if len(text) <= length else max(0, (first.start() if first else 0) - length // 3)
    end = min(len(text), start + length)
    excerpt, folded_excerpt = text[start:end], folded[start:end]
    out, last = [], 0
    if pattern:
        for match in pattern.finditer(folded_excerpt):
            out.append(escape(excerpt[last : match.start()]))
            out.append(f"<mark>{escape(excerpt[match.start() : match.end()])}</mark>")
            last = match.end()
    out.append(escape(excerpt[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - pieces escaped above


def _result(entry, terms, language, mechanisms) -> Result:
    text, facet_set = entry.text, entry.facet_set
    title, title_language = i18n.localized_value(text, "title", language)
    texts = [getattr(text, f"text_{i18n.field_suffix(c)}") for c in i18n.fallback_chain(language)]
    texts += [getattr(text, f"text_{i18n.field_suffix(c)}") for c in i18n.LANGUAGE_CODES]
    # Prefer the interface language's text where it contains a term, else any that does.
    chosen = next((t for t in texts if t and any(term in t.lower() for term in terms)), None)
    chosen = chosen or next((t for t in texts if t), "")
    return Result(
        kind=facet_set.kind,
        kind_label=str(EntryKind(facet_set.kind).label),
        title=title,
        title_language=title_language,
        url=i18n.prefixed_path(text.url, language),
        when=entry.when,
        mechanism=mechanisms.get(facet_set.mechanism_id, ""),
        snippet=snippet(chosen, terms),
        title_html=snippet(title, terms, length=len(title) + 1),
    )


class Results:
    """Results whose total is already known (from the facet query); fetches one page.

    In relevance order ``ranked_ids`` ranks only the page's slice. By date, the matches of
    a text query are read through the full-text index and then sorted (``_page_ids``); a
    listing without words walks the date index. Either way the page's texts are fetched
    by id afterwards.
    """

    def __init__(self, queryset, total, ranking=None, order=(), text_query=False):
        self.queryset, self.total, self.ranking, self.order = queryset, total, ranking, order
        self.text_query = text_query

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, page):
        offset, limit = page.start, page.stop - page.start
        if self.ranking:
            ids = ranked_ids(self.ranking, offset, limit)
        elif self.text_query:
            ids = page_ids(self.queryset.values("id", "when"), self.order, offset, limit)
        else:
            # The narrow rows first (the date index), then the page's texts: sorting the
            # rows joined to their texts would carry every text through the sort.
            ids = list(self.queryset.order_by(*self.order).values_list("id", flat=True)[page])
        found = (
            SearchEntry.objects.select_related("text", "facet_set")
            .defer("text__title_tokens", "text__tokens")
            .in_bulk(ids)
        )
        return [found[i] for i in ids if i in found]


def search(params, language: str) -> SearchOutcome:
    """Run a search from query parameters (a QueryDict or dict) in an interface language."""
    backend = backends.current()
    form = SearchForm(params)
    form.is_valid()
    query = (form.cleaned_data.get("q") or "")[: analyzer.MAX_QUERY_CHARS]
    tokens = analyzer.query_tokens(query)
    with transaction.atomic(), backend.tuned(tokens):
        return _search(params, language, backend, form, query, tokens)


def _search(params, language, backend, form, query, tokens) -> SearchOutcome:
    filters = Filters.from_form(form)
    candidates = SearchEntry.objects.filter(published=True)
    matched = candidates
    years = filters.indexed_years() if tokens else []
    if tokens:
        matched = candidates.filter(backend.condition(tokens, years))
    elif query:
        # Only punctuation or symbols: nothing can match.
        matched = candidates.none()
    suffix = i18n.field_suffix(language)
    mechanisms = {
        m["id"]: {
            "slug": m["slug"],
            "label": m[f"short_name_{suffix}"] or m[f"name_{suffix}"] or m["name_en"],
        }
        for m in Mechanism.objects.published().values(
            "id", "slug", f"short_name_{suffix}", f"name_{suffix}", "name_en"
        )
    }
    facets, total, allowed = _facets(matched, filters, language, mechanisms, bool(tokens))
    sort = ("" if "sort" in form.errors else form.cleaned_data.get("sort")) or (
        "relevance" if tokens else "newest"
    )
    if sort == "relevance" and tokens:
        filtered = filters.apply(candidates, text_query=True)
        ranking = Ranking(filtered, tokens, backend, total, allowed or 0, years)
        results = Results(filtered, total, ranking=ranking)
    else:
        sort = "oldest" if sort == "oldest" else "newest"
        results = Results(
            filters.apply(matched, bool(tokens)),
            total,
            order=("when", "id") if sort == "oldest" else ("-when", "-id"),
            text_query=bool(tokens),
        )
    paginator = Paginator(results, PER_PAGE, orphans=3)
    page = paginator.get_page(params.get("page"))
    labels = {pk: m["label"] for pk, m in mechanisms.items()}
    terms = analyzer.highlight_terms(query)
    entries = [_result(entry, terms, language, labels) for entry in page.object_list]
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    messages = [
        (str(form.fields[name].label) if name in form.fields else name, message)
        for name, errs in errors.items()
        for message in errs
    ]
    return SearchOutcome(query, tokens, total, page, entries, facets, errors, sort, messages)


@contextmanager
def planned_for_words(query: str):
    """Run a page's queries that filter by ``records_matching`` under the search's planner
    settings (on PostgreSQL: read matches through the full-text index, not by a scan)."""
    tokens = analyzer.query_tokens(query or "")
    if not tokens:
        yield
        return
    backend = backends.current()
    with transaction.atomic(), backend.tuned(tokens):
        yield


def records_matching(queryset, query: str):
    """Restrict a queryset of an indexed model to the records the site search finds.

    The same analyzer and index as the search page, so the meetings and documents lists
    match ``峰会``, ``декларации`` or ``climate`` exactly as it does.
    """
    tokens = analyzer.query_tokens(query)
    if not tokens:
        return queryset.none() if query.strip() else queryset
    content_type = ContentType.objects.get_for_model(queryset.model)
    return queryset.filter(pk__in=backends.current().object_ids(content_type.pk, tokens))
