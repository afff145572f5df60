"""The search a view runs: parse, match, filter, facet, rank, paginate, snippet.

The pieces live in their own modules: ``forms`` (input and filters), ``parsing`` (query
syntax and variants), ``facets`` (counts), ``ranking`` and ``scoring`` (order),
``highlighting`` (snippets) and ``backends`` (the two databases).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from mechanisms.models import Mechanism
from portal import i18n
from portal.search import backends, kept, parsing, suggest, variants
from portal.search.facets import facets as count_facets
from portal.search.forms import Filters, SearchForm
from portal.search.highlighting import Terms, has_match, snippet
from portal.search.models import EntryKind, SearchEntry, SearchTerm
from portal.search.ranking import Ranking, page_ids, ranked_rows, rows_in_order

PER_PAGE = 20


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
    #: The language of the snippet's text (a page in another language marks it).
    snippet_language: str = ""


@dataclass
class SearchOutcome:
    query: str
    tokens: list[str]
    count: int
    page: Page[dict]
    results: list[Result]
    facets: dict[str, list[dict]]
    errors: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    #: (field label, message) for the page: the errors named as the reader sees them.
    error_messages: list[tuple[str, str]] = field(default_factory=list)
    #: The input was longer than the search reads and was cut at a word boundary.
    cut: bool = False
    #: "Did you mean": the query with unknown words spelled as the index knows them.
    suggestion: str = ""
    #: The request's query string, for links back to the search (the feeds set it).
    query_string: str = ""


@functools.cache
def _columns(name: str, language: str, fallbacks_only: bool = False) -> list[tuple[str, str]]:
    """(language, row key) of a text field: the language and its fallbacks, then the rest."""
    chain = [*i18n.fallback_chain(language), *([] if fallbacks_only else i18n.LANGUAGE_CODES)]
    return [(c, f"text__{i18n.localized_field(name, c)}") for c in dict.fromkeys(chain)]


def _result(row: dict, terms: Terms, language, mechanisms, kinds) -> Result:
    title, title_language = "", language
    for code, key in _columns("title", language, fallbacks_only=True):
        value = row[key] or ""
        if value.strip():
            title, title_language = value, code
            break
    texts = [(c, row[key]) for c, key in _columns("text", language)]
    # Prefer the interface language's text where it contains a term, else any that does,
    # else the title's language.
    chosen = next(((c, t) for c, t in texts if has_match(t, terms)), None)
    chosen = chosen or next(((c, t) for c, t in texts if t), (language, ""))
    kind = row["facet_set__kind"]
    return Result(
        kind=kind,
        kind_label=kinds[kind],
        title=title,
        title_language=title_language,
        url=i18n.prefixed_path(row["text__url"], language),
        when=row["when"],
        mechanism=mechanisms.get(row["facet_set__mechanism_id"], ""),
        snippet=snippet(chosen[1], terms),
        title_html=snippet(title, terms, length=len(title) + 1),
        snippet_language=chosen[0],
    )


class Results:
    """Results whose total is already known (from the facet query); fetches one page.

    In relevance order ``ranked_rows`` ranks only the page's slice. By date, the matches of
    a text query are read through the full-text index and then sorted (``page_ids``); a
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

    def __getitem__(self, page) -> list[dict]:
        offset, limit = page.start, page.stop - page.start
        if limit <= 0 or not self.total:
            return []
        if self.ranking:
            return ranked_rows(self.ranking, offset, limit)
        if self.text_query:
            ids = page_ids(self.queryset.values("id", "when"), self.order, offset, limit)
        else:
            # The narrow rows first (the date index), then the page's texts: sorting the
            # rows joined to their texts would carry every text through the sort.
            ids = list(self.queryset.order_by(*self.order).values_list("id", flat=True)[page])
        return rows_in_order(ids)


def search(params, language: str) -> SearchOutcome:
    """Run a search from query parameters (a QueryDict or dict) in an interface language."""
    backend = backends.current()
    form = SearchForm(params)
    form.is_valid()
    parsed = parsing.parse(form.cleaned_data.get("q") or "", variants.current())
    with transaction.atomic(), backend.tuned(bool(parsed)):
        return _search(params, language, backend, form, parsed)


def _search(params, language, backend, form, parsed) -> SearchOutcome:
    query, tokens = parsed.text, parsed.tokens
    filters = Filters.from_form(form)
    years = filters.indexed_years() if tokens else []
    # What the facets count: the published matches (read the fastest way for counting).
    counted: QuerySet[SearchEntry] | Callable[[], QuerySet[SearchEntry]]
    if tokens:
        # Built only if the facets count them: one word is counted from its counts.
        counted = functools.partial(backend.published_matches, parsed, years)
    elif query:
        # Only punctuation or symbols: nothing can match.
        counted = SearchEntry.objects.none()
    else:
        counted = SearchEntry.objects.filter(published=True)
    mechanisms = kept.value(f"mechanisms-{language}", lambda: _mechanisms(language))
    facets, total, allowed = count_facets(
        counted, filters, language, mechanisms, parsed if tokens else None
    )
    sort = ("" if "sort" in form.errors else form.cleaned_data.get("sort")) or (
        "relevance" if tokens else "newest"
    )
    if sort == "relevance" and tokens:
        ranking = Ranking(filters, parsed, backend, total, allowed or 0, years)
        results = Results(None, total, ranking=ranking)
    else:
        sort = "oldest" if sort == "oldest" else "newest"
        matched = (
            SearchEntry.objects.filter(published=True).filter(backend.condition(parsed, years))
            if tokens
            else counted
        )
        results = Results(
            filters.apply(matched, bool(tokens)),
            total,
            order=("when", "id") if sort == "oldest" else ("-when", "-id"),
            text_query=bool(tokens),
        )
    # Results serves the slices Paginator takes; the stubs' protocol also asks for single
    # items and iteration, which a page of ranked ids never needs.
    paginator: Paginator[dict] = Paginator(results, PER_PAGE, orphans=3)  # type: ignore[arg-type]
    page = paginator.get_page(params.get("page"))
    labels = {pk: m["label"] for pk, m in mechanisms.items()}
    terms = Terms.of(parsed)
    kinds = {value: str(label) for value, label in EntryKind.choices}
    entries = [_result(row, terms, language, labels, kinds) for row in page.object_list]
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    messages = [
        (str(form.fields[name].label) if name in form.fields else name, message)
        for name, errs in errors.items()
        for message in errs
    ]
    suggestion = ""
    if parsed and total < suggest.FEW:
        suggestion = suggest.did_you_mean(parsed.words, _known)
    return SearchOutcome(
        query, tokens, total, page, entries, facets, errors, sort, messages, parsed.cut, suggestion
    )


def _mechanisms(language: str) -> dict[int, dict[str, str]]:
    """The published mechanisms' slugs and labels in a language (kept per generation)."""
    suffix = i18n.field_suffix(language)
    return {
        m["id"]: {
            "slug": m["slug"],
            "label": m[f"short_name_{suffix}"] or m[f"name_{suffix}"] or m["name_en"],
        }
        for m in Mechanism.objects.published().values(
            "id", "slug", f"short_name_{suffix}", f"name_{suffix}", "name_en"
        )
    }


def _known(stem: str) -> bool:
    return SearchTerm.objects.filter(term=stem, entries__gt=0).exists()


@contextmanager
def planned_for_words(query: str, *, counting: bool = True):
    """Parse a page's words once and run its queries that filter by them under the
    search's planner settings (on PostgreSQL: read matches through the full-text index,
    not by a scan) when they count rows.

    Yields the parsed words (None without words) for ``records_matching``: parsing and
    looking up variants again there was a third of the words' cost on a list page.

    ``counting=False``: the page's total is a maintained count, and its own query reads
    one page of ids. At 100k meetings (EXPLAIN ANALYZE) that query is planned alike with
    the settings or without them, for one word, variants, several words and phrases,
    while a ``COUNT(*)`` of 合作's matches took a sequential scan of the index without
    them (450 against 77 ms): only pages that count rows open the transaction and set
    the planner (three round trips). SQLite has no planner settings.
    """
    words = parsing.parse(query, variants.current()) if (query or "").strip() else None
    backend = backends.current()
    if not words or not counting or backend.vendor == "sqlite":
        yield words
        return
    with transaction.atomic(), backend.tuned(True):
        yield words


#: Fewer matches than this: a list reads them through the full-text index first. At 100k
#: meetings the planner walks the list's date index and tests each record's vector, which
#: finds twenty of a common word's matches at once (合作: 0.3 ms) but reads every vector
#: for a rare one (588 matches: 50-75 ms, 1,191-3,200: 29-50 ms; none: 0.5-1.3 s). Read
#: first, as an array, they cost 3-8 ms up to 3,200 matches, 15 ms for 6,409 (the walk:
#: 15 ms), 31 ms for 12,963 (the walk: 3 ms).
FEW_MATCHES = 5_000


def records_matching(queryset, query: str, words=None, *, matches=None):
    """Restrict a queryset of an indexed model to the records the site search finds.

    The same analyzer and index as the search page, so the meetings and documents lists
    match ``峰会``, ``декларации`` or ``climate`` exactly as it does. ``words``: the
    query already parsed by ``planned_for_words``; ``matches``: how many published
    records the words match, when the page knows it (``FEW_MATCHES``).
    """
    parsed = words if words is not None else parsing.parse(query, variants.current())
    if not parsed:
        return queryset.none() if query.strip() else queryset
    content_type = ContentType.objects.get_for_model(queryset.model)
    backend = backends.current()
    ids = backend.object_ids(content_type.pk, parsed)
    if matches is not None and matches < FEW_MATCHES and backend.vendor == "postgresql":
        # An array of the matches is computed once (an InitPlan), through the index; the
        # records are then read by key and sorted. A sub-select fenced with OFFSET 0 was
        # planned as a semi-join scanning the matches again per record (6 ms at the real
        # size, whose tables had no statistics yet).
        meta, quote = queryset.model._meta, connection.ops.quote_name
        key = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
        condition = f"{key} = ANY(ARRAY({ids.sql}))"
        return queryset.filter(RawSQL(condition, ids.params, output_field=BooleanField()))  # noqa: S611
    return queryset.filter(pk__in=ids)
