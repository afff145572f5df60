"""Ranking on the real content: the issue's examples, names first, the same on both databases.

Every assertion is about exact positions, so running this module on SQLite and on
PostgreSQL (DATABASE_URL) checks that both give the same top results.
"""

import pytest

from portal.search.query import search
from tests import factories as f
from tests.search.conftest import MARK, found

pytestmark = pytest.mark.django_db


def top(q, n=3, language="en", **params):
    outcome = search({"q": q, **params}, language)
    return [r.url.split("/", 2)[-1] for r in outcome.results[:n]]


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("SCO environment ministers meeting", "bodies/sco-environment-ministers-meeting/"),
        ("构想落实措施计划", "documents/sco-concept-implementation-plan-2019-2021/"),
        ("东盟中国环境合作", "mechanisms/asean/"),
        (
            "сотрудничество Китая и России в сфере охраны окружающей среды",
            "mechanisms/china-russia/",
        ),
        ("совещание министров окружающей среды ШОС", "bodies/sco-environment-ministers-meeting/"),
        ("Kyrgyz Republic smog", "news/kyrgyzstan-bishkek-chui-smog-plan-2021-2023/"),
        ("谁污染谁赔偿", "news/kazakhstan-new-environmental-code-2021/"),
        ("Dushanbe 2014", "meetings/sco-heads-of-state-council-2014-dushanbe/"),
        (
            "习近平 借助中国－上海合作组织环保合作中心",
            "meetings/sco-heads-of-state-council-2014-dushanbe/",
        ),
        ("東盟環境合作論壇", "bodies/asean-china-environmental-cooperation-forum/"),
        ("Shanghai Cooperation Organisation", "mechanisms/sco/"),
        ("Eurasian Economic Forum", "mechanisms/eaef/"),
    ],
)
def test_the_issues_examples_find_their_answer_in_the_top_three(query, answer):
    assert answer in top(query)


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("SCO", "mechanisms/sco/"),
        ("ШОС", "mechanisms/sco/"),
        ("上合", "mechanisms/sco/"),
        ("上合组织", "mechanisms/sco/"),
        ("CICA", "mechanisms/cica/"),
        ("亚信", "mechanisms/cica/"),
        ("СВМДА", "mechanisms/cica/"),
        ("BRI", "mechanisms/bri/"),
        ("一带一路", "mechanisms/bri/"),
        ("ASEAN", "mechanisms/asean/"),
        ("АСЕАН", "mechanisms/asean/"),
        ("东盟", "mechanisms/asean/"),
        ("CSEC", "bodies/csec/"),
    ],
)
def test_a_name_or_acronym_puts_its_entity_first(query, entity):
    assert top(query, 1) == [entity]


def test_the_concept_ranks_above_its_implementation_plan():
    ranked = top("环保合作构想", 5)
    assert ranked.index("documents/sco-environmental-cooperation-concept-2018/") < ranked.index(
        "documents/sco-concept-implementation-plan-2019-2021/"
    )


def test_exclusion_phrase_and_or():
    with_declaration = top("Bishkek", 20)
    without = top("Bishkek -declaration", 20)
    assert "documents/sco-bishkek-declaration-2019/" in with_declaration
    assert "documents/sco-bishkek-declaration-2019/" not in without
    assert "news/bishkek-most-polluted-city-2021/" in without
    # "or" is not a required word.
    assert top("Bishkek or Qingdao declaration", 20)
    assert "documents/sco-qingdao-declaration-2018/" in top("Bishkek OR Qingdao declaration", 5)
    # A phrase needs its words in a row.
    phrase = search({"q": '"marine plastic"'}, "en")
    loose = search({"q": "marine plastic"}, "en")
    assert 0 < phrase.count <= loose.count


def test_invisible_characters_and_long_input():
    assert top("Bish\u200bkek declaration", 1) == top("Bishkek declaration", 1)
    long = "Bishkek declaration " + "environment " * 30
    outcome = search({"q": long}, "en")
    assert outcome.cut
    assert len(outcome.query) <= 200
    assert outcome.query.endswith("environment")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Bishek", "bishkek"), ("biodiversty", "biodiversity"), ("Бишкэк", "бишкек")],
)
def test_did_you_mean_spells_a_word_as_the_index_knows_it(typed, meant):
    outcome = search({"q": typed}, "en")
    # A form a record uses (Russian may be inflected: бишкеке).
    assert outcome.suggestion.lower().startswith(meant)


def test_a_year_range_matches_records_whose_span_overlaps_it():
    outcome = search({"q": "marine plastic", "year_from": 2022, "year_to": 2023}, "en")
    urls = [r.url for r in outcome.results]
    assert "/en/activities/asean-activity-2-2-1/" in urls


def test_a_misspelling_the_glossary_knows_finds_its_record():
    assert "news/kazakhstan-new-environmental-code-2021/" in top("Kazakstan environmental code")


def test_a_chinese_snippet_on_an_english_page_carries_its_language(client):
    html = client.get("/en/search/", {"q": "比什凯克"}).content.decode()
    assert 'class="snippet" lang="zh-hans"' in html
    assert "<mark>比什凯克</mark>" in html


def test_relevance_scores_names_and_titles_above_texts_and_all_words_above_some(client, corpus):
    f.meeting(
        slug=f"{MARK}-body-only",
        title_en="Unrelated",
        description_en="some green cities text",
        when="2024",
        mechanism=corpus["mech"],
    )
    f.meeting(
        slug=f"{MARK}-green-2020",
        title_en="Green cities forum",
        when="2020",
        mechanism=corpus["mech"],
    )
    f.meeting(slug=f"{MARK}-green-only", title_en="Green roofs talks", when="2025")
    _, data = found(client, q="green cities", mechanism="")
    ranked = [r["url"].split("/", 4)[-1] for r in data["results"] if MARK in r["url"]]
    # Both words in a short title first; the words only in a text, or only one of them in
    # a title, below.
    assert ranked.index("meetings/srchtest-green-2020/") < ranked.index(
        "meetings/srchtest-body-only/"
    )
    assert ranked.index("documents/srchtest-plan/") < ranked.index("meetings/srchtest-body-only/")
    # Two words are both needed; of three, two are enough, and all three rank higher.
    assert "meetings/srchtest-green-only/" not in ranked
    _, data = found(client, q="green cities forum", mechanism="")
    ranked = [r["url"].split("/", 4)[-1] for r in data["results"] if MARK in r["url"]]
    assert ranked[0] == "meetings/srchtest-green-2020/"
    assert "meetings/srchtest-body-only/" in ranked


def _ranking_corpus(mech):
    """35 title matches (3 kinds, many dates) and 30 text-only matches of "lotus"."""
    for n in range(25):
        f.meeting(
            slug=f"{MARK}-t{n}",
            title_en=f"Lotus meeting {n}",
            when=f"{2000 + n % 13}-0{1 + n % 9}",
            mechanism=mech,
        )
    for n in range(10):
        f.document(
            slug=f"{MARK}-d{n}", title_en=f"Lotus plan {n}", when=f"{2001 + n}", mechanism=mech
        )
    for n in range(30):
        f.meeting(
            slug=f"{MARK}-b{n}",
            title_en=f"Pond {n}",
            description_en="A lotus pond.",
            when=f"{1990 + n}",
            mechanism=mech,
        )


def _all_pages(client, **params):
    urls, page = [], 1
    while True:
        _, data = found(client, q="lotus", page=page, **params)
        urls += [r["url"] for r in data["results"]]
        if page >= data["pages"]:
            return urls, data["count"]
        page += 1


def test_tiered_pages_are_the_same_by_probe_and_by_sort(client, corpus, monkeypatch):
    """The two ways of ranking (probe a window, sort title matches) page identically."""
    from portal.search import ranking

    # Past SCORE_ALL matches, pages come from the tiered walk or sort: force that path.
    monkeypatch.setattr(ranking, "SCORE_ALL", 0)
    monkeypatch.setattr(ranking, "POOL", 0)
    _ranking_corpus(corpus["mech"])
    monkeypatch.setattr(ranking, "PROBE_MARGIN", 10**9)  # never walk
    sorted_pages, count = _all_pages(client)
    monkeypatch.setattr(ranking, "PROBE_MARGIN", 1)  # always walk first
    monkeypatch.setattr(ranking, "SHORT_WALK", 0)  # testing titles one by one
    probed_pages, _ = _all_pages(client)
    monkeypatch.setattr(ranking, "SHORT_WALK", 10**9)  # joining the title matches
    assert _all_pages(client)[0] == probed_pages
    for walk in (30, 300):  # too short a walk: falls back to sorting
        monkeypatch.setattr(ranking, "PROBE_ROWS", walk)
        assert _all_pages(client)[0] == sorted_pages
    monkeypatch.setattr(ranking, "PROBE_ROWS", 10**6)
    filtered_by_probe = [found(client, q="lotus", type="document", page=1)[1]["results"]]
    assert count == 65
    assert len(sorted_pages) == len(set(sorted_pages)) == 65
    assert probed_pages == sorted_pages
    assert [r["url"] for r in filtered_by_probe[0]] == sorted_pages[:10]
    slugs = [u.rstrip("/").rsplit("/", 1)[-1] for u in sorted_pages]
    assert slugs[:10] == [f"{MARK}-d{n}" for n in range(9, -1, -1)]  # documents, newest first
    assert all(s.startswith(f"{MARK}-t") for s in slugs[10:35])
    assert slugs[35:] == [f"{MARK}-b{n}" for n in range(29, -1, -1)]  # text only, newest first


def test_field_counts_read_repeats_lines_and_lengths_exactly():
    from portal.search.scoring import _Tokens

    tokens = _Tokens("合 作 合作 合作 合作 b\nsco 合作")
    assert tokens.get("合作") == 4  # three back to back, one after a line break
    assert tokens.get("作") == 1
    assert tokens.get("b") == 1
    assert tokens.get("sco") == 1
    assert tokens.get("s") == 0
    assert tokens.length == 8
    assert _Tokens("").length == 0
    assert _Tokens("a  b").length == 2


def test_a_field_without_its_leading_part_is_counted_on_its_own():
    from portal.search.scoring import _rest

    # Texts hold the summaries then a space; titles the names then a line break.
    for whole, part in (("a b c c d", "a b"), ("a b\nc c d", "a b")):
        rest, length = _rest(whole, part)
        assert (length, rest.get("c"), rest.get("a"), rest.get("d")) == (3, 2, 0, 1)
    assert _rest("c d", "")[1] == 2
    assert _rest("a b", "a b")[1] == 0
    # An index written otherwise: the difference of the counts.
    rest, length = _rest("x a b c", "a b")
    assert (length, rest.get("a"), rest.get("c")) == (2, 0, 1)


def test_kept_field_counts_score_every_query_as_fresh_counts_do():
    """Counts kept from earlier queries (the process keeps them per entry and field) give
    every later query the scores a first reading gives, for words in a field or not."""
    from portal.search import parsing
    from portal.search.scoring import Candidate, Scorer, Stats

    # Fields hold the analyzer's tokens ("climate" is "climat").
    candidates = [
        Candidate(1, 0, "2020", "green forum", "green forum\nclimat", "water", "water green"),
        Candidate(2, 1, "2021", "water council", "water council", "climat climat", "climat"),
        Candidate(3, 1, "2019", "", "report", "", "climat water water green climat"),
    ]
    stats = Stats(n=10, df={"green": 2, "water": 3, "climat": 3}, avg={})

    def scores(query, counted):
        scorer = Scorer(parsing.parse(query), stats, (query, query.split()), counted)
        return [round(scorer.score(c), 9) for c in candidates]

    kept: dict = {}
    for query in ("climate", "water green", "green", "climate water", "climate"):
        fresh = scores(query, None)
        assert any(fresh), query
        assert scores(query, kept) == fresh, query
    assert {(1, "title"), (2, "summary"), (3, "body")} <= set(kept)


@pytest.mark.parametrize(
    "q", ["climate", "ШОС", "东盟中国环境合作", '"marine plastic"', "Bishkek -declaration", "2019"]
)
def test_unfiltered_matches_read_in_one_statement_are_the_filtered_path_s(q, monkeypatch):
    # Without filters the matches are read by SQL written out (no queryset built); the
    # queryset path with filters that allow everything must give the same page.
    from portal.search import ranking
    from portal.search.forms import Filters

    statements = []
    fetch = ranking._fetch_ids

    def recorded(sql, params):
        statements.append(sql.startswith(ranking._MATCH_IDS_SQL.split("{")[0]))
        return fetch(sql, params)

    monkeypatch.setattr(ranking, "_fetch_ids", recorded)
    direct = search({"q": q}, "en")
    assert direct.count > 0
    # Every match is scored up to SCORE_ALL of them, read by the written-out statement.
    assert any(statements) == (direct.count <= ranking.SCORE_ALL)
    statements.clear()
    monkeypatch.setattr(Filters, "narrows", lambda self: True)
    through_queryset = search({"q": q}, "en")
    assert not any(statements)
    assert [r.url for r in through_queryset.results] == [r.url for r in direct.results]
    assert through_queryset.count == direct.count


def test_filters_narrow_only_when_one_is_set():
    from portal.search.forms import Filters

    assert not Filters().narrows()
    assert Filters(year_from=2019).narrows()
    assert Filters(kind="meeting").narrows()
    assert Filters(topic_id=3).narrows()
