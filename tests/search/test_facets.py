"""Facets of a one-word query come from the maintained per-word counts, exactly."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.models import Meeting
from portal.search import facets, statistics
from portal.search.models import SearchText, TermFacetCount
from portal.search.query import search
from tests import factories as f

pytestmark = pytest.mark.django_db

SLUG = "sco-heads-of-state-council-2018-qingdao"
WORDS = ["峰会", "sco", "bishkek", "合作", "declaration", "экологической", "2019", "水"]
#: Words with variants: counted under their group's key.
VARIED = ["biodiversity", "生物多样性", "ШОС", "亚信", "ASEAN", "上合组织"]


def scanned(params, monkeypatch):
    """The same search with the per-word counts switched off (a pass over the matches)."""
    with monkeypatch.context() as m:
        m.setattr(facets, "one_term", lambda query: None)
        m.setattr(facets, "two_terms", lambda query: None)
        return search(params, "en")


def counted_from_scratch() -> dict:
    total: Counter = Counter()
    rows = SearchText.objects.filter(entry__published=True).values(
        "title_tokens", "tokens", "entry__facet_set_id"
    )
    for row in rows:
        for term in statistics.terms(row):
            total[term, row["entry__facet_set_id"]] += 1
    return dict(total)


def stored() -> dict:
    rows = TermFacetCount.objects.filter(entries__gt=0).exclude(term__startswith="≈")
    return {(r.term, r.facet_set_id): r.entries for r in rows}


def stored_groups() -> dict:
    rows = TermFacetCount.objects.filter(entries__gt=0, term__startswith="≈")
    return {(r.term, r.facet_set_id): r.entries for r in rows}


def groups_by_pass() -> dict:
    """Every group's published matches per facet set, counted by the full-text match."""
    from django.db.models import Count

    from portal.search import backends, parsing, variants
    from portal.search.models import SearchEntry

    backend = backends.current()
    out = {}
    for term, alternatives in variants.for_writes().alternatives.items():
        query = parsing.Query(slots=[parsing.Slot(term, [list(a) for a in alternatives])])
        rows = (
            SearchEntry.objects.filter(published=True)
            .filter(backend.condition(query))
            .values_list("facet_set_id")
            .annotate(n=Count("*"))
            .order_by()
        )
        out.update({(term, facet_set_id): n for facet_set_id, n in rows})
    return out


@pytest.mark.parametrize(
    "params",
    [{"q": w} for w in WORDS + VARIED]
    + [{"q": "合作", "mechanism": "sco"}, {"q": "biodiversity", "type": "meeting"}],
)
def test_one_word_facets_equal_a_count_of_the_matches(params, monkeypatch):
    fast, slow = search(params, "en"), scanned(params, monkeypatch)
    assert fast.count == slow.count > 0
    assert fast.facets == slow.facets
    assert [r.url for r in fast.results] == [r.url for r in slow.results]


def test_a_one_word_query_does_not_read_its_matches_for_facets():
    with CaptureQueriesContext(connection) as queries:
        outcome = search({"q": "合作"}, "en")
    facet_sql = [q["sql"] for q in queries if q["sql"].lstrip().startswith("WITH g AS")]
    assert len(facet_sql) == 1
    assert "search_termfacetcount" in facet_sql[0]
    assert "@@" not in facet_sql[0] and "MATCH" not in facet_sql[0]
    assert outcome.count > 50


def test_the_matches_are_built_for_facets_only_when_counted_by_a_pass(monkeypatch):
    # Building the queryset of the matches cost a one-word search 0.15 ms, for nothing.
    from portal.search import backends

    built = []
    backend = type(backends.current())
    original = backend.published_matches

    def counting(self, query, years=()):
        built.append(query.text)
        return original(self, query, years)

    monkeypatch.setattr(backend, "published_matches", counting)
    assert search({"q": "合作"}, "en").count > 50
    assert search({"q": "declaration"}, "en").count > 0
    assert search({"q": "water cooperation"}, "en").count == 16  # by difference
    assert built == []
    assert search({"q": "climate summit"}, "en").count == 2  # a pass over the matches
    assert built == ["climate summit"]


def test_counts_follow_edits_publication_and_deletion(client):
    assert stored() == counted_from_scratch()
    assert stored_groups() == groups_by_pass()
    assert len({term for term, _ in stored_groups()}) > 20
    meeting = Meeting.objects.get(slug=SLUG)
    meeting.title_en = "Halcyon summit"
    meeting.save()
    outcome = search({"q": "halcyon"}, "en")
    assert outcome.count == 1
    assert [m["value"] for m in outcome.facets["mechanism"]] == ["sco"]

    # Another mechanism: its count moves with the record's facet set.
    meeting.mechanism = f.mechanism(slug="zephyr-mechanism", name_en="Zephyr Mechanism")
    meeting.save()
    assert [m["value"] for m in search({"q": "halcyon"}, "en").facets["mechanism"]] == [
        "zephyr-mechanism"
    ]
    meeting.publication = "draft"
    meeting.save()
    outcome = search({"q": "halcyon"}, "en")
    assert outcome.count == 0 and outcome.facets["mechanism"] == []
    assert stored() == counted_from_scratch()

    meeting.publication = "published"
    meeting.save()
    assert search({"q": "halcyon"}, "en").count == 1
    meeting.delete()
    assert search({"q": "halcyon"}, "en").count == 0
    assert stored() == counted_from_scratch()
    assert stored_groups() == groups_by_pass()


def test_a_word_with_variants_reads_its_groups_counts(monkeypatch):
    with CaptureQueriesContext(connection) as queries:
        outcome = search({"q": "生物多样性"}, "en")
    facet_sql = [q["sql"] for q in queries if q["sql"].lstrip().startswith("WITH g AS")]
    assert len(facet_sql) == 1
    assert "search_termfacetcount" in facet_sql[0]
    assert "@@" not in facet_sql[0] and "MATCH" not in facet_sql[0]
    assert outcome.count == scanned({"q": "生物多样性"}, monkeypatch).count > 0


def test_a_group_follows_edits_of_records_and_of_the_thesaurus(monkeypatch):
    from portal.search.models import Variant

    assert search({"q": "quagga"}, "en").count == 0
    # A new variant: its group is counted when it is saved, from the matches there are.
    variant = Variant.objects.create(forms="quagga\nbiodiversity")
    fast, slow = search({"q": "quagga"}, "en"), scanned({"q": "quagga"}, monkeypatch)
    assert fast.count == slow.count > 0
    assert fast.facets == slow.facets
    assert stored_groups() == groups_by_pass()
    # A record that now holds one of its forms counts for it at once.
    before = search({"q": "quagga"}, "en").count
    meeting = f.meeting(slug="quagga-talks", title_en="Talks on rivers")
    assert search({"q": "quagga"}, "en").count == before
    meeting.title_en = "Quagga talks on rivers"
    meeting.save()
    assert search({"q": "quagga"}, "en").count == before + 1
    assert stored_groups() == groups_by_pass()
    # A changed variant is a new group; the old one's counts are dropped.
    variant.forms = "quagga\nsummit"
    variant.save()
    assert stored_groups() == groups_by_pass()
    assert search({"q": "quagga"}, "en").facets == scanned({"q": "quagga"}, monkeypatch).facets
    variant.delete()
    assert stored_groups() == groups_by_pass()
    assert search({"q": "quagga"}, "en").count == 1


@pytest.mark.parametrize("word", ["biodiversity", "生物多样性", "SCO", "ШОС", "亚信", "ASEAN"])
def test_a_word_with_variants_counts_the_same_matches_either_way(word):
    from portal.search import backends, parsing, postgres, variants

    backend = backends.current()
    query = parsing.parse(word, variants.current())
    assert len(query.slots) == 1 and len(query.slots[0].alternatives) > 1
    fast = backend.published_matches(query)
    plain = backends.SearchBackend.published_matches(backend, query)
    assert sorted(fast.values_list("id", flat=True)) == sorted(plain.values_list("id", flat=True))
    assert fast.count() > 0
    if connection.vendor == "postgresql":
        # One index scan per alternative.
        assert str(fast.query).count("@@") == len(postgres.disjunctive_form(query.expression()))


def test_the_disjunctive_form_is_the_same_condition():
    import itertools

    from portal.search import postgres
    from portal.search.parsing import And, Or, at_least

    def holds(expr, present):
        if isinstance(expr, str):
            return expr in present
        results = [holds(item, present) for item in expr.items]
        return all(results) if isinstance(expr, And) else any(results)

    words = ["a", "b", "c", "d", "e"]
    expressions = [
        And([Or([And(["a", "b"]), And(["c"])]), Or([And(["d"]), And(["a", "e"])])]),
        at_least(2, [Or([And(["a", "b"]), "c"]), "d", "e"]),
        Or([And(["a", "b", "c"]), And(["a", "b"]), "e"]),
    ]
    for expr in expressions:
        form = postgres.disjunctive_form(expr)
        for present in itertools.product([False, True], repeat=len(words)):
            chosen = {w for w, p in zip(words, present, strict=True) if p}
            assert holds(expr, chosen) == any(set(c) <= chosen for c in form)
    # (a b) is implied by (a b c): only the shorter is kept.
    assert postgres.disjunctive_form(expressions[2]) == [("a", "b"), ("e",)]


#: Two required words each: Chinese words with variants, English, Russian, a filter, and
#: a pair whose rarer word is in every entry holding the other (nothing to subtract).
PAIRS = [
    {"q": "环境保护合作"},
    {"q": "生态 合作"},
    {"q": "峰会 合作", "mechanism": "sco"},
    {"q": "environmental cooperation"},
    {"q": "SCO cooperation", "type": "meeting"},
    {"q": "экологического сотрудничества"},
    {"q": "bishkek council"},
]


@pytest.mark.parametrize("params", PAIRS)
def test_two_words_counted_by_difference_equal_a_count_of_the_matches(params, monkeypatch):
    monkeypatch.setattr(facets, "FREQUENT_SHARE", 0)  # every pair by difference
    with CaptureQueriesContext(connection) as queries:
        fast = search(params, "en")
    facet_sql = [q["sql"] for q in queries if q["sql"].lstrip().startswith("WITH g AS")]
    assert "search_termfacetcount" in facet_sql[0]
    slow = scanned(params, monkeypatch)
    assert fast.count == slow.count > 0
    assert fast.facets == slow.facets
    assert [r.url for r in fast.results] == [r.url for r in slow.results]


def test_a_pair_is_counted_by_difference_only_when_one_word_is_in_most_entries(monkeypatch):
    from portal.search import parsing, variants

    def pair(text):
        found = facets.two_terms(parsing.parse(text, variants.current()))
        return found and (found[0], found[1].word, found[2].word)

    # 合作 is in 172 of the 277 entries: the 7 holding 峰会 are counted by difference.
    assert pair("峰会 合作") == ("峰会", "峰会", "合作")
    assert pair("合作 峰会") == ("峰会", "峰会", "合作")
    assert pair("峰会 宣言") is None  # neither word is in half the entries
    for other in ("合作", "峰会 -合作", '"峰会 合作"', "峰会 OR 合作", "峰会 合作 宣言"):
        assert pair(other) is None
    monkeypatch.setattr(facets, "FREQUENT_SHARE", 0)
    assert pair("峰会 宣言") == ("峰会", "峰会", "宣言")


def test_counts_by_difference_follow_edits(monkeypatch):
    monkeypatch.setattr(facets, "FREQUENT_SHARE", 0)
    params = {"q": "halcyon summit"}
    assert search(params, "en").count == 0
    meeting = Meeting.objects.get(slug=SLUG)
    meeting.title_en = "Halcyon summit"
    meeting.save()
    outcome = search(params, "en")
    assert outcome.count == 1
    assert [m["value"] for m in outcome.facets["mechanism"]] == ["sco"]
    meeting.title_en = "Halcyon meeting"  # holds the rarer word without the other
    meeting.save()
    assert search(params, "en").count == search({"q": "halcyon summit"}, "en").count
    assert search(params, "en").facets == scanned(params, monkeypatch).facets
    meeting.publication = "draft"
    meeting.save()
    assert search(params, "en").facets == scanned(params, monkeypatch).facets


def test_a_pass_over_the_matches_is_kept_until_the_content_changes():
    params = {"q": "halcyon kingfisher"}
    assert search(params, "en").count == 0
    meeting = Meeting.objects.get(slug=SLUG)
    meeting.title_en = "Halcyon kingfisher summit"
    meeting.save()  # advances the content generation: the kept counts are stale
    with CaptureQueriesContext(connection) as first:
        assert search(params, "en").count == 1
    with CaptureQueriesContext(connection) as again:
        outcome = search({**params, "type": "meeting"}, "en")  # another filter, same words
    assert outcome.count == 1
    assert [m["value"] for m in outcome.facets["mechanism"]] == ["sco"]
    # Neither the pass over the matches nor the mechanisms' labels are read again (both
    # are kept per content generation), nor the match's row and its words' statistics
    # (which the process keeps per generation).
    assert len(again) == len(first) - 4
    assert not [q for q in again.captured_queries if "COUNT(" in q["sql"]]


def count_per_year(word: str) -> str:
    """Count one query word per facet set and start year, as a rebuild does for frequent
    words (the real content has none that frequent); return its counted key."""
    from portal.search import parsing, variants

    term = facets.one_term(parsing.parse(word, variants.current()))
    assert term is not None
    statistics.count_years(term, variants.for_writes().alternatives.get(term))
    return term


def stored_years(term: str) -> dict:
    from portal.search.models import TermYearCount

    rows = TermYearCount.objects.filter(term=term, entries__gt=0)
    return {(r.facet_set_id, r.year): r.entries for r in rows}


def years_by_pass(term: str) -> dict:
    from django.db.models import Count
    from django.db.models.functions import Substr

    from portal.search import backends, parsing, variants
    from portal.search.models import SearchEntry

    alternatives = variants.for_writes().alternatives.get(term) or [[term]]
    query = parsing.Query(slots=[parsing.Slot(term, [list(a) for a in alternatives])])
    rows = (
        SearchEntry.objects.filter(published=True)
        .filter(backends.current().condition(query))
        .annotate(year=Substr("when", 1, 4))
        .values_list("facet_set_id", "year")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {(facet_set_id, year): n for facet_set_id, year, n in rows}


RANGES = [
    {"year_from": 2015, "year_to": 2019},
    {"year_from": 2018},
    {"year_to": 2016},
    {"year_from": 2022, "year_to": 2023},
]


@pytest.mark.parametrize("word", ["合作", "sco", "biodiversity", "marine", "峰会"])
def test_a_counted_word_with_years_reads_its_counts_per_year(word, monkeypatch):
    term = count_per_year(word)
    assert stored_years(term) == years_by_pass(term)
    for years in RANGES:
        params = {"q": word, **years}
        with CaptureQueriesContext(connection) as queries:
            fast = search(params, "en")
        facet_sql = [q["sql"] for q in queries if q["sql"].lstrip().startswith("WITH g AS")]
        assert "search_termyearcount" in facet_sql[0]
        slow = scanned(params, monkeypatch)
        assert fast.count == slow.count, years
        assert fast.facets == slow.facets, years
        assert [r.url for r in fast.results] == [r.url for r in slow.results]
    # A range of years that starts earlier and reaches into the range counts (2020-2025).
    assert search({"q": "marine", "year_from": 2022, "year_to": 2023}, "en").count > 0


def test_counts_per_year_follow_edits_publication_and_deletion():
    term = count_per_year("summit")
    other = count_per_year("峰会")
    assert stored_years(term) == years_by_pass(term)
    meeting = f.meeting(slug="year-count-summit", title_en="Summit of rivers", when="2016-05")
    assert stored_years(term) == years_by_pass(term)
    meeting.when = "2019"
    meeting.save()
    assert stored_years(term) == years_by_pass(term)
    meeting.publication = "draft"
    meeting.save()
    assert stored_years(term) == years_by_pass(term)
    meeting.publication = "published"
    meeting.title_en = "Rivers"
    meeting.save()
    assert stored_years(term) == years_by_pass(term)
    Meeting.objects.get(slug=SLUG).delete()
    assert stored_years(term) == years_by_pass(term)
    assert stored_years(other) == years_by_pass(other)
