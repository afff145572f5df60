"""The search a view runs: validate input, match, filter, facet, rank, paginate, snippet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count
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
        value = self.cleaned_data.get(name)
        if value and not model.objects.filter(slug=value).exists():
            raise forms.ValidationError(
                _("Unknown value “%(value)s”."), code="unknown", params={"value": value}
            )
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


def _valid(form, name):
    return form.cleaned_data.get(name) if name not in form.errors else None


def _apply_filters(qs, form, skip=None):
    if skip != "type" and _valid(form, "type"):
        qs = qs.filter(kind=form.cleaned_data["type"])
    if skip != "mechanism" and _valid(form, "mechanism"):
        qs = qs.filter(mechanism__slug=form.cleaned_data["mechanism"])
    if skip != "country" and _valid(form, "country"):
        qs = qs.filter(countries__slug=form.cleaned_data["country"])
    if skip != "topic" and _valid(form, "topic"):
        qs = qs.filter(topics__slug=form.cleaned_data["topic"])
    if "year_to" not in form.errors:
        start, end = form.cleaned_data.get("year_from"), form.cleaned_data.get("year_to")
        if start is not None or end is not None:
            qs = qs.filter(year_range_filter("when", start, end))
    return qs


def _facets(qs, form, language):
    suffix = i18n.field_suffix(language)
    kinds = dict(EntryKind.choices)
    by_kind = _apply_filters(qs, form, skip="type").values("kind").annotate(n=Count("id"))
    facets = {
        "type": sorted(
            (
                {"value": r["kind"], "label": str(kinds[r["kind"]]), "count": r["n"]}
                for r in by_kind
            ),
            key=lambda r: (-r["count"], r["value"]),
        )
    }
    for name, path, label_field in (
        ("mechanism", "mechanism", "short_name"),
        ("country", "countries", "name"),
        ("topic", "topics", "name"),
    ):
        rows = (
            _apply_filters(qs, form, skip=name)
            .filter(**{f"{path}__isnull": False})
            .values(f"{path}__slug", f"{path}__{label_field}_{suffix}", f"{path}__name_en")
            .annotate(n=Count("id", distinct=True))
            .order_by("-n", f"{path}__slug")
        )
        facets[name] = [
            {
                "value": r[f"{path}__slug"],
                "label": r[f"{path}__{label_field}_{suffix}"] or r[f"{path}__name_en"],
                "count": r["n"],
            }
            for r in rows
        ]
    return facets


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
    suffix = i18n.field_suffix(language)
    title, title_language = getattr(entry, f"title_{suffix}"), language
    if not title:
        for code in i18n.fallback_chain(language)[1:]:
            if getattr(entry, f"title_{i18n.field_suffix(code)}"):
                title = getattr(entry, f"title_{i18n.field_suffix(code)}")
                title_language = code
                break
    texts = [getattr(entry, f"text_{i18n.field_suffix(c)}") for c in i18n.fallback_chain(language)]
    texts += [getattr(entry, f"text_{i18n.field_suffix(c)}") for c in i18n.LANGUAGE_CODES]
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


class RankedResults:
    """A result list in relevance order that ranks only the page it is sliced for."""

    def __init__(self, queryset, tokens, backend):
        self.queryset, self.tokens, self.backend = queryset, tokens, backend

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        ids = self.backend.ranked_ids(
            self.queryset, self.tokens, page.start, page.stop - page.start
        )
        entries = SearchEntry.objects.in_bulk(ids)
        return [entries[i] for i in ids if i in entries]


def search(params, language: str, base=None) -> SearchOutcome:
    """Run a search from query parameters (a QueryDict or dict) in an interface language."""
    form = SearchForm(params)
    form.is_valid()
    query = (form.cleaned_data.get("q") or "")[: analyzer.MAX_QUERY_CHARS]
    tokens = analyzer.query_tokens(query)
    qs = base if base is not None else SearchEntry.objects.filter(published=True)
    backend = backends.current()
    if tokens:
        qs = qs.filter(id__in=backend.matching_ids(tokens))
    elif query:
        # Only punctuation or symbols: nothing can match.
        qs = qs.none()
    facets = _facets(qs, form, language)
    filtered = _apply_filters(qs, form)
    if _valid(form, "country") or _valid(form, "topic"):
        filtered = filtered.distinct()
    sort = _valid(form, "sort") or ("relevance" if tokens else "newest")
    if sort == "relevance" and tokens:
        ordered = RankedResults(filtered, tokens, backend)
    elif sort == "oldest":
        ordered = filtered.order_by("when", "id")
    else:
        sort = "newest"
        ordered = filtered.order_by("-when", "-id")
    paginator = Paginator(ordered, PER_PAGE, orphans=3)
    page = paginator.get_page(params.get("page"))
    suffix = i18n.field_suffix(language)
    mechanisms = {
        m["id"]: m[f"short_name_{suffix}"] or m[f"name_{suffix}"] or m["name_en"]
        for m in Mechanism.objects.values("id", f"short_name_{suffix}", f"name_{suffix}", "name_en")
    }
    terms = analyzer.highlight_terms(query)
    results = [_result(entry, terms, language, mechanisms) for entry in page.object_list]
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    return SearchOutcome(query, tokens, paginator.count, page, results, facets, errors, sort)
