"""Search in Chinese, English and Russian, on whichever database the suite runs on."""

import re

import pytest
from django.db import connection

from tests import factories as f

pytestmark = pytest.mark.django_db

MARK = "srchtest"


@pytest.fixture
def corpus():
    """A few records; only their slugs start with the marker, to tell them from the fixtures."""
    mech = f.mechanism(slug=f"{MARK}-mech", name_en="Zeta Mechanism", short_name_en="ZM")
    land = f.country(slug=f"{MARK}-land")
    air = f.topic(f"{MARK}-air")
    summit = f.meeting(
        slug=f"{MARK}-summit",
        title_zh_hans="上海合作组织峰会宣言发布会",
        title_en="Presentation of the summit declarations",
        title_ru="Представление декларации саммита",
        when="2019-06-14",
        mechanism=mech,
        country=land,
        kind="summit",
    )
    summit.topics.add(air)
    forum = f.meeting(
        slug=f"{MARK}-forum",
        title_zh_hans="生态环境论坛",
        title_en="Ecology forum",
        title_ru="Экологический форум",
        theme_zh_hans="2019年SCO峰会后续",
        theme_ru="Ёлочные посадки и зелёные города",
        when="2014-06",
        mechanism=mech,
    )
    plan = f.document(
        slug=f"{MARK}-plan",
        title_zh_hans="绿色城市行动计划",
        title_en="Green cities action plan",
        title_ru="План действий по зелёным городам",
        summary_en="Organizations cooperate on organised waste sorting.",
        when="2021/2025",
        mechanism=mech,
        kind="action_plan",
    )
    f.section(
        plan,
        1,
        anchor="chapter-1",
        heading_zh_hans="空气质量",
        body_zh_hans="改善区域空气质量和应对气候变化。",
        body_en="Improve regional air quality.",
    )
    return {"mech": mech, "summit": summit, "forum": forum, "plan": plan, "air": air}


def found(client, lang="en", **params):
    params.setdefault("mechanism", f"{MARK}-mech")
    params["format"] = "json"
    response = client.get(f"/{lang}/search/", params)
    assert response.status_code == 200
    data = response.json()
    return {r["url"].split("/", 4)[-1] for r in data["results"]}, data


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("峰会", {"meetings/srchtest-summit/", "meetings/srchtest-forum/"}),
        ("峰", {"meetings/srchtest-summit/", "meetings/srchtest-forum/"}),
        ("生态", {"meetings/srchtest-forum/"}),
        # The glossary makes 上海合作组织 = SCO: the forum's theme says "SCO峰会".
        ("上海合作组织峰会", {"meetings/srchtest-summit/", "meetings/srchtest-forum/"}),
        ("合作组织峰会宣言", {"meetings/srchtest-summit/"}),
        # Two of its three bigrams (峰会, 上海): not every word is required.
        ("峰会上海", {"meetings/srchtest-summit/"}),
        ("空气质量", {"documents/srchtest-plan/#chapter-1"}),
        # The forum's theme says 2019年; the summit took place in 2019 (dates as words).
        ("2019年", {"meetings/srchtest-forum/", "meetings/srchtest-summit/"}),
        # SCO = 上海合作组织 (glossary): the summit's title names it in Chinese.
        ("SCO峰会", {"meetings/srchtest-forum/", "meetings/srchtest-summit/"}),
    ],
)
def test_chinese_one_two_characters_phrases_and_mixed_script(client, corpus, query, expected):
    assert found(client, q=query)[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("декларация", {"meetings/srchtest-summit/"}),
        ("декларации", {"meetings/srchtest-summit/"}),
        ("ДЕКЛАРАЦИЙ", {"meetings/srchtest-summit/"}),
        ("елочные", {"meetings/srchtest-forum/"}),
        ("ёлочные", {"meetings/srchtest-forum/"}),
        (
            "зеленым городам",
            {
                "documents/srchtest-plan/",
                "documents/srchtest-plan/#chapter-1",
                "meetings/srchtest-forum/",
            },
        ),
    ],
)
def test_russian_inflection_and_yo(client, corpus, query, expected):
    assert found(client, lang="ru", q=query)[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("declaration", {"meetings/srchtest-summit/"}),
        ("Declarations", {"meetings/srchtest-summit/"}),
        ("organization", {"documents/srchtest-plan/"}),
        ("city", {"documents/srchtest-plan/", "documents/srchtest-plan/#chapter-1"}),
        ("air quality", {"documents/srchtest-plan/#chapter-1"}),
    ],
)
def test_english_stemming(client, corpus, query, expected):
    assert found(client, q=query)[0] == expected


def test_a_query_in_any_language_shows_results_in_the_interface_language(client, corpus):
    _, data = found(client, lang="zh-hans", q="declaration")
    assert [r["title"] for r in data["results"]] == ["上海合作组织峰会宣言发布会"]
    assert data["results"][0]["url"] == "http://testserver/zh-hans/meetings/srchtest-summit/"
    _, data = found(client, lang="ru", q="峰会", sort="oldest")
    assert [r["title"] for r in data["results"]] == [
        "Экологический форум",
        "Представление декларации саммита",
    ]


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


def test_search_page_runs_a_constant_number_of_queries(client, corpus, django_assert_num_queries):
    from portal.search import variants

    variants.current()  # the variants map is cached per process
    # The mechanism's slug, savepoint, mechanisms, one facet query (with the country and
    # topic names), the match ids, their tokens, the term statistics, the page's entries,
    # release; PostgreSQL adds its planner settings.
    base = 9 + (1 if connection.vendor == "postgresql" else 0)
    params = {"q": "forum", "mechanism": f"{MARK}-mech"}
    # One result: "did you mean" checks the word is known.
    with django_assert_num_queries(base + 1):
        client.get("/en/search/", params)
    for n in range(40):
        f.meeting(slug=f"{MARK}-bulk-{n}", title_en=f"Forum number {n}", mechanism=corpus["mech"])
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
def test_postgres_uses_the_gin_index_not_a_scan(corpus):
    from portal.search.query import search

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM search_searchentry WHERE document @@ %s::tsquery",
            ["'峰会'"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "search_document_gin" in plan
    assert "~~" not in plan  # no LIKE
    outcome = search({"q": "峰会"}, "en")
    assert outcome.count >= 2
