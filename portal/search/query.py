"""The search a view runs: validate input, match, filter, facet, rank, paginate, snippet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cooperation.models import Topic
from mechanisms.models import Country, Mechanism
from portal import i18n
from portal.partial_dates import year_range_filter
from portal.search import analyzer, backends
from portal.search.models import EntryKind, SearchEntry

PER_PAGE = 20
SNIPPET_CHARS = 220


class SearchForm(forms.Form):
    """The query string of a search; invalid filter values are reported, never fatal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids: dict[str, int] = {}

    q = forms.CharField(required=False, strip=True)
    type = forms.ChoiceField(required=False, choices=[("", ""), *EntryKind.choices])
    mechanism = forms.SlugField(required=False)
    country = forms.SlugField(required=False)
    topic = forms.SlugField(required=False)
    year_from = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    year_to = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    sort = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("relevance", "relevance"), ("newest", "newest"), ("oldest", "oldest")],
    )

    def _clean_slug(self, name, model):
        """Check a slug names a record, and keep its primary key for filtering."""
        value = self.cleaned_data.get(name)
        if value:
            pk = model.objects.filter(slug=value).values_list("pk", flat=True).first()
            if pk is None:
                raise forms.ValidationError(
                    _("Unknown value “%(value)s”."), code="unknown", params={"value": value}
                )
            self.ids[name] = pk
        return value

    def clean_mechanism(self):
        return self._clean_slug("mechanism", Mechanism)

    def clean_country(self):
        return self._clean_slug("country", Country)

    def clean_topic(self):
        return self._clean_slug("topic", Topic)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error(
                "year_to",
                forms.ValidationError(
                    _("“To year” (%(end)s) is before “From year” (%(start)s)."),
                    code="year_range",
                    params={"start": start, "end": end},
                ),
            )
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

    def apply(self, qs, skip=()):
        if self.kind and "type" not in skip:
            qs = qs.filter(kind=self.kind)
        if self.mechanism_id and "mechanism" not in skip:
            qs = qs.filter(mechanism_id=self.mechanism_id)
        if self.country_id and "country" not in skip:
            qs = qs.filter(countries=self.country_id)
        if self.topic_id and "topic" not in skip:
            qs = qs.filter(topics=self.topic_id)
        if self.year_from is not None or self.year_to is not None:
            qs = qs.filter(year_range_filter("when", self.year_from, self.year_to))
        return qs


_FACET_SQL = """
WITH m AS MATERIALIZED ({matched})
SELECT 'grid', m.kind, m.mechanism_id, COUNT(*) FROM m WHERE {grid_where}
 GROUP BY m.kind, m.mechanism_id
UNION ALL
SELECT 'country', NULL, l.country_id, COUNT(*) FROM m
 JOIN search_searchentry_countries l ON l.searchentry_id = m.id WHERE {country_where}
 GROUP BY l.country_id
UNION ALL
SELECT 'topic', NULL, l.topic_id, COUNT(*) FROM m
 JOIN search_searchentry_topics l ON l.searchentry_id = m.id WHERE {topic_where}
 GROUP BY l.topic_id
"""


def _facet_rows(qs, filters: Filters):
    """Count the matches by (kind, mechanism), by country and by topic in one query.

    The match set (query, publication, years) is computed once; each facet then applies
    every filter but its own, so a reader sees what choosing another value would give.
    """
    matched = filters.apply(qs, skip=("type", "mechanism", "country", "topic"))
    matched_sql, matched_params = matched.values(
        "id", "kind", "mechanism_id"
    ).query.sql_with_params()
    conditions = {"kind": [], "mechanism": [], "country": [], "topic": []}
    params = {key: [] for key in conditions}
    if filters.kind:
        conditions["kind"].append("m.kind = %s")
        params["kind"].append(filters.kind)
    if filters.mechanism_id:
        conditions["mechanism"].append("m.mechanism_id = %s")
        params["mechanism"].append(filters.mechanism_id)
    for name, table, column, value in (
        ("country", "search_searchentry_countries", "country_id", filters.country_id),
        ("topic", "search_searchentry_topics", "topic_id", filters.topic_id),
    ):
        if value:
            conditions[name].append(
                # table and column are the constants above; the value is a parameter.
                f"EXISTS (SELECT 1 FROM {table} x WHERE x.searchentry_id = m.id "  # noqa: S608
                f"AND x.{column} = %s)"
            )
            params[name].append(value)

    def where(*names):
        parts = [c for n in names for c in conditions[n]]
        return (" AND ".join(parts) or "1 = 1"), [p for n in names for p in params[n]]

    grid_where, grid_params = where("country", "topic")
    country_where, country_params = where("kind", "mechanism", "topic")
    topic_where, topic_params = where("kind", "mechanism", "country")
    sql = _FACET_SQL.format(
        matched=matched_sql,
        grid_where=grid_where,
        country_where=country_where,
        topic_where=topic_where,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*matched_params, *grid_params, *country_params, *topic_params])
        return cursor.fetchall()


def _facets(qs, filters: Filters, language: str, mechanisms: dict) -> tuple[dict, int]:
    """Return the facet counts and the total number of results."""
    kinds, by_mechanism, by_link, total = {}, {}, {"country": {}, "topic": {}}, 0
    rows = [] if qs.query.is_empty() else _facet_rows(qs, filters)
    for facet, kind, key, n in rows:
        if facet != "grid":
            if key is not None:
                by_link[facet][key] = n
            continue
        kind_ok = filters.kind in (None, kind)
        mechanism_ok = filters.mechanism_id in (None, key)
        if mechanism_ok:
            kinds[kind] = kinds.get(kind, 0) + n
        if kind_ok and key is not None:
            by_mechanism[key] = by_mechanism.get(key, 0) + n
        if kind_ok and mechanism_ok:
            total += n
    labels = dict(EntryKind.choices)
    facets = {
        "type": [
            {"value": k, "label": str(labels[k]), "count": n}
            for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "mechanism": [
            {"value": mechanisms[m]["slug"], "label": mechanisms[m]["label"], "count": n}
            for m, n in sorted(
                by_mechanism.items(), key=lambda kv: (-kv[1], mechanisms[kv[0]]["slug"])
            )
        ],
    }
    suffix = i18n.field_suffix(language)
    for name, model in (("country", Country), ("topic", Topic)):
        counts = by_link[name]
        names = {
            row["pk"]: (row["slug"], row[f"name_{suffix}"] or row["name_en"])
            for row in model.objects.filter(pk__in=counts).values(
                "pk", "slug", f"name_{suffix}", "name_en"
            )
        }
        facets[name] = [
            {"value": names[pk][0], "label": names[pk][1], "count": n}
            for pk, n in sorted(counts.items(), key=lambda kv: (-kv[1], names[kv[0]][0]))
        ]
    return facets, total


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
    text = entry.text
    title, title_language = i18n.localized_value(text, "title", language)
    texts = [getattr(text, f"text_{i18n.field_suffix(c)}") for c in i18n.fallback_chain(language)]
    texts += [getattr(text, f"text_{i18n.field_suffix(c)}") for c in i18n.LANGUAGE_CODES]
    # Prefer the interface language's text where it contains a term, else any that does.
    chosen = next((t for t in texts if t and any(term in t.lower() for term in terms)), None)
    chosen = chosen or next((t for t in texts if t), "")
    return Result(
        kind=entry.kind,
        kind_label=str(EntryKind(entry.kind).label),
        title=title,
        title_language=title_language,
        url=i18n.prefixed_path(entry.url, language),
        when=entry.when,
        mechanism=mechanisms.get(entry.mechanism_id, ""),
        snippet=snippet(chosen, terms),
        title_html=snippet(title, terms, length=len(title) + 1),
    )


class Results:
    """Results whose total is already known (from the facet query); fetches one page.

    With query tokens and relevance order, only the page's slice is ranked.
    """

    def __init__(self, queryset, total, tokens=None, backend=None, order=()):
        self.queryset, self.total = queryset, total
        self.tokens, self.backend, self.order = tokens, backend, order

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, page):
        if self.tokens:
            limit = page.stop - page.start
            ids = self.backend.ranked_ids(self.queryset, self.tokens, page.start, limit)
            entries = SearchEntry.objects.select_related("text").in_bulk(ids)
            return [entries[i] for i in ids if i in entries]
        return list(self.queryset.select_related("text").order_by(*self.order)[page])


def search(params, language: str, base=None) -> SearchOutcome:
    """Run a search from query parameters (a QueryDict or dict) in an interface language."""
    backend = backends.current()
    with transaction.atomic(), backend.tuned():
        return _search(params, language, base, backend)


def _search(params, language, base, backend) -> SearchOutcome:
    form = SearchForm(params)
    form.is_valid()
    filters = Filters.from_form(form)
    query = (form.cleaned_data.get("q") or "")[: analyzer.MAX_QUERY_CHARS]
    tokens = analyzer.query_tokens(query)
    qs = base if base is not None else SearchEntry.objects.filter(published=True)
    if tokens:
        qs = backend.match(qs, tokens)
    elif query:
        # Only punctuation or symbols: nothing can match.
        qs = qs.none()
    suffix = i18n.field_suffix(language)
    mechanisms = {
        m["id"]: {
            "slug": m["slug"],
            "label": m[f"short_name_{suffix}"] or m[f"name_{suffix}"] or m["name_en"],
        }
        for m in Mechanism.objects.values(
            "id", "slug", f"short_name_{suffix}", f"name_{suffix}", "name_en"
        )
    }
    facets, total = _facets(qs, filters, language, mechanisms)
    filtered = filters.apply(qs)
    sort = ("" if "sort" in form.errors else form.cleaned_data.get("sort")) or (
        "relevance" if tokens else "newest"
    )
    if sort == "relevance" and tokens:
        results = Results(filtered, total, tokens=tokens, backend=backend)
    elif sort == "oldest":
        results = Results(filtered, total, order=("when", "id"))
    else:
        sort = "newest"
        results = Results(filtered, total, order=("-when", "-id"))
    paginator = Paginator(results, PER_PAGE, orphans=3)
    page = paginator.get_page(params.get("page"))
    labels = {pk: m["label"] for pk, m in mechanisms.items()}
    terms = analyzer.highlight_terms(query)
    entries = [_result(entry, terms, language, labels) for entry in page.object_list]
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    return SearchOutcome(query, tokens, total, page, entries, facets, errors, sort)
