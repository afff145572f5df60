"""The search page and its JSON: shape, filters, facets, listings, snippets, queries."""

import json
import re

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories as f
from tests.search.conftest import MARK, found

pytestmark = pytest.mark.django_db


def test_json_shape(client, corpus):
    _, data = found(client, q="summit")
    assert set(data) >= {"query", "count", "results", "facets"}
    assert data["query"] == "summit" and data["count"] == 1
    result = data["results"][0]
    assert set(result) == {
        "type",
        "title",
        "title_html",
        "title_language",
        "url",
        "date",
        "mechanism",
        "snippet",
        "snippet_language",
    }
    assert result["type"] == "meeting"
    # The title is highlighted too, even when only the title matched.
    assert result["title_html"] == "Presentation of the <mark>summit</mark> declarations"
    assert data["cut"] is False and data["suggestion"] == ""
    assert result["date"] == "2019-06-14"
    assert result["mechanism"] == "ZM"


def test_filters_and_facet_counts(client, corpus):
    urls, data = found(client, q="", type="meeting")
    assert urls == {"meetings/srchtest-summit/", "meetings/srchtest-forum/"}
    assert {v["value"]: v["count"] for v in data["facets"]["type"]} == {
        "mechanism": 1,
        "meeting": 2,
        "document": 1,
        "section": 1,
    }
    assert found(client, q="", topic=f"{MARK}-air")[0] == {"meetings/srchtest-summit/"}
    assert found(client, q="", country=f"{MARK}-land")[0] == {"meetings/srchtest-summit/"}
    assert found(client, q="", year_from=2015, year_to=2020)[0] == {"meetings/srchtest-summit/"}
    assert found(client, q="", year_from=2021)[0] == {
        "documents/srchtest-plan/",
        "documents/srchtest-plan/#chapter-1",
    }


def test_country_and_topic_facets_are_named_in_the_interface_language(client, corpus):
    corpus["air"].name_ru = ""
    corpus["air"].save()
    _, data = found(client, lang="ru", q="", type="meeting")
    assert data["facets"]["country"] == [
        {"value": f"{MARK}-land", "label": "Тестландия", "count": 1}
    ]
    # No Russian name: the English one.
    assert data["facets"]["topic"] == [{"value": f"{MARK}-air", "label": "Test topic", "count": 1}]
    _, data = found(client, lang="zh-hans", q="峰会")
    assert data["facets"]["country"][0]["label"] == "测试国"


def test_empty_query_with_filters_lists_newest_first(client, corpus):
    _, data = found(client, q="", type="meeting")
    assert [r["date"] for r in data["results"]] == ["2019-06-14", "2014-06"]
    _, data = found(client, q="", type="meeting", sort="oldest")
    assert [r["date"] for r in data["results"]] == ["2014-06", "2019-06-14"]


def test_search_page_runs_a_constant_number_of_queries(
    client, corpus, django_assert_num_queries, settings
):
    from portal.search import variants

    settings.PAGE_CACHE = False  # count the search's own reads, not the page cache's

    variants.current()  # the variants map is cached per process
    # The mechanisms' labels are kept per content generation: read them once first.
    client.get("/en/search/", {"q": "forum", "mechanism": f"{MARK}-mech"})
    # The mechanism's slug, savepoint, the content generation (the mechanisms' labels,
    # the matches' rows and their words' statistics are kept per generation), one facet
    # query (with the country and topic names), the ids of the matches, release;
    # PostgreSQL adds its planner settings.
    base = 6 + (1 if connection.vendor == "postgresql" else 0)
    params = {"q": "forum", "mechanism": f"{MARK}-mech"}
    # One result: "did you mean" checks the word is known.
    with django_assert_num_queries(base + 1):
        client.get("/en/search/", params)
    for n in range(40):
        f.meeting(slug=f"{MARK}-bulk-{n}", title_en=f"Forum number {n}", mechanism=corpus["mech"])
    # The first search after the edits reads the mechanisms' labels, the matches' rows
    # and the word's statistics again, then no more.
    with django_assert_num_queries(base + 3):
        client.get("/en/search/", params)
    with django_assert_num_queries(base):
        client.get("/en/search/", params)
    with django_assert_num_queries(base):
        client.get("/en/search/", {**params, "page": 2})


def test_search_page_shows_marked_snippets_and_counts(client, corpus):
    html = client.get("/en/search/", {"q": "declaration", "mechanism": f"{MARK}-mech"}).content
    html = html.decode()
    assert re.search(r"1 result\b", html)
    assert "<mark>declarations</mark>" in html


@pytest.mark.postgres
def test_postgres_matches_words_through_the_gin_index_not_a_scan(corpus):
    """The search's own word predicate is one the GIN index serves, and the search runs
    it with sequential scans off (at 100k entries a scan reads every vector: ~400 ms)."""
    from django.test.utils import CaptureQueriesContext

    from portal.search.query import search

    with CaptureQueriesContext(connection) as context:
        outcome = search({"q": "峰会"}, "en")
    assert outcome.count >= 2
    sqls = [q["sql"] for q in context.captured_queries]
    tuned_at = next(i for i, sql in enumerate(sqls) if "enable_seqscan" in sql)
    matching = [(i, sql) for i, sql in enumerate(sqls) if "@@" in sql]
    assert matching and all(i > tuned_at for i, _ in matching)
    predicates = {
        m.group(0)
        for _, sql in matching
        for m in re.finditer(r"search_searchentry\.document @@ '(?:[^']|'')*'::tsquery", sql)
    }
    assert predicates  # the word match as the search wrote it
    with connection.cursor() as cursor:  # the settings the search chose are still on
        for predicate in predicates:
            explain = f"EXPLAIN SELECT id FROM search_searchentry WHERE {predicate}"  # noqa: S608
            cursor.execute(explain)  # the search's own SQL, not input
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "search_document_gin" in plan, plan
            assert "~~" not in plan  # no LIKE
        for _, sql in matching:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on search_searchentry" not in plan, plan


def test_snippets_highlight_terms_and_escape_text(client, corpus):
    f.meeting(
        slug=f"{MARK}-xss",
        title_en="<script>alert(1)</script> forum",
        description_en="A <b>bold</b> claim about declarations.",
        mechanism=corpus["mech"],
    )
    _, data = found(client, q="declaration")
    snippets = {r["snippet"] for r in data["results"]}
    assert "A &lt;b&gt;bold&lt;/b&gt; claim about <mark>declarations</mark>." in snippets
    html = client.get("/en/search/", {"q": "forum", "mechanism": f"{MARK}-mech"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>forum</mark>" in html


def test_chinese_snippet_marks_the_phrase(client, corpus):
    _, data = found(client, lang="zh-hans", q="空气质量")
    assert data["results"][0]["snippet"] == "改善区域<mark>空气质量</mark>和应对气候变化。"


@pytest.mark.parametrize("max_years", [0, 1000])
def test_words_and_a_year_range_by_the_index_or_by_the_date(client, corpus, monkeypatch, max_years):
    """On PostgreSQL the index can match the years too; both routes give the same results."""
    from portal.search import forms

    monkeypatch.setattr(forms, "MAX_INDEXED_YEARS", max_years)
    assert found(client, q="峰会", year_from=2015, year_to=2020)[0] == {"meetings/srchtest-summit/"}
    assert found(client, q="峰会", year_to=2014)[0] == {"meetings/srchtest-forum/"}
    urls, data = found(client, q="峰会", year_from=2014, year_to=2019)
    assert data["count"] == len(urls) == 2
    assert found(client, q="峰会", year_from=2020)[0] == set()
    assert found(client, q="plan", year_from=2021, year_to=2021)[0] == {
        "documents/srchtest-plan/",
        "documents/srchtest-plan/#chapter-1",
    }


def test_a_year_range_never_matches_undated_records(client, corpus):
    f.meeting(slug=f"{MARK}-undated", title_en="Undated forum", when="", mechanism=corpus["mech"])
    for q in ("", "forum"):
        urls, data = found(client, q=q, type="meeting", year_to=2030)
        assert "meetings/srchtest-undated/" not in urls
        assert data["count"] == len(urls) == (2 if q == "" else 1)


BAD_QUERIES = [
    "",
    "   ",
    "x" * 2000,
    "峰" * 2000,
    '"unbalanced',
    "back\\slash",
    "&|!():*",
    "AND",
    "NEAR(a b)",
    "a OR b NOT c",
    "'; DROP TABLE search_searchentry; --",
    "\x00",
    "生态*",
    "<script>",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_never_fail(client, corpus, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    response = client.get("/en/search/", {"q": query, "format": "json"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"mechanism": "nope"}, "<li>Mechanism: Unknown value “nope”.</li>"),
        ({"country": "'; --"}, "<li>Country: Enter a valid “slug”"),
        ({"year_from": "abc"}, "<li>From year: Enter a whole number.</li>"),
        (
            {"year_from": 2020, "year_to": 2010},
            "<li>To year: “From year” (2020) is after “To year” (2010).</li>",
        ),
        ({"type": "banana"}, "<li>Type: Select a valid choice."),
    ],
)
def test_bad_filter_values_give_a_clear_message(client, corpus, params, message):
    response = client.get("/en/search/", {"q": "forum", **params})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_bad_filter_messages_name_the_filter_in_the_interface_language(client, corpus):
    html = client.get("/ru/search/", {"q": "forum", "mechanism": "nope"}).content.decode()
    assert "<li>Механизм: " in html


@pytest.mark.parametrize("page", ["999", "-1", "abc", "0"])
def test_pages_out_of_range_fall_back_to_a_page(client, corpus, page):
    assert client.get("/en/search/", {"q": "forum", "page": page}).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.text(max_size=80),
    extra=st.dictionaries(
        st.sampled_from(["type", "mechanism", "year_from", "year_to", "sort", "page", "topic"]),
        st.text(max_size=12),
        max_size=3,
    ),
)
def test_arbitrary_input_never_fails(client, q, extra):
    params = {"q": q.replace("\x00", ""), **{k: v.replace("\x00", "") for k, v in extra.items()}}
    response = client.get("/ru/search/", {**params, "format": "json"})
    assert response.status_code == 200
    json.loads(response.content)


def test_result_rows_show_kind_date_mechanism_and_mark_other_languages(client, corpus):
    html = client.get("/en/search/", {"q": "summit", "mechanism": f"{MARK}-mech"}).content
    rows = re.findall(r'<li class="record">.*?</li>', html.decode(), re.S)
    assert [" ".join(row.split()) for row in rows] == [
        '<li class="record"> '
        f'<a href="/en/meetings/{MARK}-summit/">Presentation of the <mark>summit</mark> '
        'declarations</a> <span class="meta">meeting · June 14, 2019 · ZM</span> '
        '<p class="snippet">Testland</p> </li>'
    ]
    # The section's text is in English only: its snippet says so on a Russian page.
    html = client.get("/ru/search/", {"q": "air", "mechanism": f"{MARK}-mech"}).content
    rows = re.findall(r'<li class="record">.*?</li>', html.decode(), re.S)
    assert [" ".join(row.split()) for row in rows] == [
        '<li class="record"> '
        f'<a href="/ru/documents/{MARK}-plan/#chapter-1">План действий по зелёным городам</a> '
        '<span class="meta">раздел документа · 2021–2025 гг. · Тестовый механизм</span> '
        '<p class="snippet" lang="en">Improve regional <mark>air</mark> quality.</p> </li>'
    ]


def test_an_edit_shows_at_once_though_the_process_keeps_the_rows(client, corpus):
    _, data = found(client, q="summit")
    assert data["results"][0]["title"] == "Presentation of the summit declarations"
    corpus["summit"].title_en = "Presentation of the summit charter"
    corpus["summit"].save()  # advances the content generation: the kept rows are stale
    _, data = found(client, q="summit")
    assert data["results"][0]["title"] == "Presentation of the summit charter"
    assert data["results"][0]["title_html"] == "Presentation of the <mark>summit</mark> charter"


def test_the_year_form_keeps_the_words_and_chosen_facets(client, corpus):
    params = {"q": "forum", "mechanism": f"{MARK}-mech", "type": "meeting", "page": "1"}
    html = client.get("/en/search/", params).content.decode()
    form = re.search(r'<form method="get" action="" class="year-filter">.*?</form>', html, re.S)
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(0))
    assert hidden == [("q", "forum"), ("type", "meeting"), ("mechanism", f"{MARK}-mech")]


def test_the_year_form_shows_the_years_asked_escaped_and_empty_when_none(client, corpus):
    def years(params):
        html = client.get("/en/search/", params).content.decode()
        return re.findall(r'name="year_(?:from|to)" value="([^"]*)"', html)

    assert years({"q": "forum", "year_from": "2015", "year_to": "2020"}) == ["2015", "2020"]
    assert years({"q": "forum"}) == ["", ""]
    # A bad value is reported and ignored by the search, and shown as typed, escaped.
    assert years({"q": "forum", "year_to": '"><b>'}) == ["", "&quot;&gt;&lt;b&gt;"]


def test_facet_links_are_the_links_url_with_gives(rf):
    from portal.search.views import _facet_links
    from portal.templatetags.portal import url_with

    for query in (
        "",
        "q=climate",
        "q=climate&page=3",
        "page=2&type=meeting&q=air+%26+water",
        "q=a&mechanism=sco&mechanism=cica&year_from=2015",
        "type=&q=ШОС&country=china",
    ):
        request = rf.get(f"/en/search/?{query}")
        for name in ("type", "mechanism", "country", "topic"):
            link = _facet_links(request, name)
            for value in (None, "meeting", "sco&co", "上合"):
                fresh = rf.get(f"/en/search/?{query}")  # url_with keeps its encoding on it
                assert link(value) == url_with({"request": fresh}, **{name: value}, page=None)


@pytest.mark.parametrize(
    "lang, place",
    [
        ("zh-hans", "阿斯塔纳，哈萨克斯坦"),
        ("en", "Astana, Kazakhstan"),
        ("ru", "Астана, Казахстан"),
    ],
)
def test_a_result_shows_its_place_as_the_record_page_does(client, lang, place):
    """The Astana summit has no description: its result reads its place, "City, Country"
    with the language's own comma, not the two names run together."""
    response = client.get(f"/{lang}/search/", {"q": "峰会", "format": "json"})
    results = response.json()["results"]
    page = f"/{lang}/meetings/sco-astana-summit-2024/"
    summit = next(r for r in results if r["url"] == f"http://testserver{page}")
    assert summit["snippet"] == place
    assert place in re.sub(r"<[^>]+>", "", client.get(page).content.decode())
