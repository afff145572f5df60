"""Search in Chinese, English and Russian, on whichever database the suite runs on."""

import json
import re

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.search.models import SearchEntry
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
        ("上海合作组织峰会", {"meetings/srchtest-summit/"}),
        ("合作组织峰会宣言", {"meetings/srchtest-summit/"}),
        ("峰会上海", set()),
        ("空气质量", {"documents/srchtest-plan/#chapter-1"}),
        ("2019年", {"meetings/srchtest-forum/"}),
        ("SCO峰会", {"meetings/srchtest-forum/"}),
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
    assert set(result) == {"type", "title", "url", "date", "mechanism", "snippet"}
    assert result["type"] == "meeting"
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


def test_relevance_title_matches_by_kind_then_newest_then_text_only(client, corpus):
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
    f.meeting(slug=f"{MARK}-green-2010", title_en="Green cities talks", when="2010")
    _, data = found(client, q="green cities", mechanism="")
    ranked = [r["url"].split("/", 4)[-1] for r in data["results"] if MARK in r["url"]]
    # The document, then meetings newest first, then the document's section (its title
    # repeats the document's), then a record that only mentions the words in its text.
    assert ranked == [
        "documents/srchtest-plan/",
        "meetings/srchtest-green-2020/",
        "meetings/srchtest-green-2010/",
        "documents/srchtest-plan/#chapter-1",
        "meetings/srchtest-body-only/",
    ]


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


def test_relevance_pages_are_the_same_by_probe_and_by_sort(client, corpus, monkeypatch):
    """The two ways of ranking (probe a window, sort title matches) page identically."""
    from portal.search import ranking

    _ranking_corpus(corpus["mech"])
    monkeypatch.setattr(ranking, "PROBE_MARGIN", 10**9)  # never walk
    sorted_pages, count = _all_pages(client)
    monkeypatch.setattr(ranking, "PROBE_MARGIN", 0)  # always walk first
    probed_pages, _ = _all_pages(client)
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


def test_index_follows_edits_and_deletes(client, corpus):
    assert found(client, q="biosphere")[0] == set()
    forum = corpus["forum"]
    forum.title_en = "Biosphere forum"
    forum.save()
    assert found(client, q="biosphere")[0] == {"meetings/srchtest-forum/"}
    forum.publication = "draft"
    forum.save()
    assert found(client, q="biosphere")[0] == set()
    corpus["plan"].delete()
    assert found(client, q="空气质量")[0] == set()
    assert not SearchEntry.objects.filter(text__url__contains="srchtest-plan").exists()


@pytest.mark.parametrize("max_years", [0, 1000])
def test_words_and_a_year_range_by_the_index_or_by_the_date(client, corpus, monkeypatch, max_years):
    """On PostgreSQL the index can match the years too; both routes give the same results."""
    from portal.search import query

    monkeypatch.setattr(query, "MAX_INDEXED_YEARS", max_years)
    assert found(client, q="峰会", year_from=2015, year_to=2020)[0] == {"meetings/srchtest-summit/"}
    assert found(client, q="峰会", year_to=2014)[0] == {"meetings/srchtest-forum/"}
    urls, data = found(client, q="峰会", year_from=2014, year_to=2019)
    assert data["count"] == len(urls) == 2
    assert found(client, q="峰会", year_from=2020)[0] == set()
    assert found(client, q="plan", year_from=2021, year_to=2021)[0] == {
        "documents/srchtest-plan/",
        "documents/srchtest-plan/#chapter-1",
    }


def _facet_counts():
    from portal.search.models import FacetCount

    return {
        (c.facet_set.signature, c.year): c.entries
        for c in FacetCount.objects.select_related("facet_set")
        if c.entries
    }


def test_facet_counts_follow_every_edit_as_a_recount_would(corpus):
    from portal.search import index

    meeting, forum, plan = corpus["summit"], corpus["forum"], corpus["plan"]
    steps = [
        lambda: setattr(meeting, "when", "2001-02") or meeting.save(),
        lambda: setattr(forum, "publication", "draft") or forum.save(),
        lambda: setattr(forum, "publication", "published") or forum.save(),
        lambda: setattr(meeting, "country", None) or meeting.save(),
        lambda: meeting.topics.clear(),
        lambda: setattr(plan, "when", "") or plan.save(),
        lambda: plan.delete(),
    ]
    for step in steps:
        step()
        maintained = _facet_counts()
        index.recount()
        assert _facet_counts() == maintained


def test_a_year_range_never_matches_undated_records(client, corpus):
    f.meeting(slug=f"{MARK}-undated", title_en="Undated forum", when="", mechanism=corpus["mech"])
    for q in ("", "forum"):
        urls, data = found(client, q=q, type="meeting", year_to=2030)
        assert "meetings/srchtest-undated/" not in urls
        assert data["count"] == len(urls) == (2 if q == "" else 1)


def test_rebuild_command_recreates_the_index(client, corpus):
    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    assert found(client, q="峰会")[0] == set()
    call_command("rebuild_search_index", verbosity=0)
    assert found(client, q="峰会")[0] == {"meetings/srchtest-summit/", "meetings/srchtest-forum/"}


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


def test_search_page_runs_a_constant_number_of_queries(
    client, corpus, django_assert_num_queries, monkeypatch
):
    from portal.search import ranking

    # The mechanism's slug, savepoint, mechanisms, one facet query (with the country and
    # topic names), the ranked page ids, the page's entries, release; PostgreSQL adds its
    # planner settings.
    base = 7 + (1 if connection.vendor == "postgresql" else 0)
    params = {"q": "forum", "mechanism": f"{MARK}-mech"}
    with django_assert_num_queries(base):
        client.get("/en/search/", params)
    for n in range(40):
        f.meeting(slug=f"{MARK}-bulk-{n}", title_en=f"Forum number {n}", mechanism=corpus["mech"])
    # Title matches fill the page: one ranking query, whatever the number of matches.
    with django_assert_num_queries(base):
        client.get("/en/search/", params)
    with django_assert_num_queries(base):
        client.get("/en/search/", {**params, "page": 2})
    monkeypatch.setattr(ranking, "PROBE_MARGIN", 0)  # ranked by the walk
    with django_assert_num_queries(base):
        client.get("/en/search/", params)
    # Past the title matches: their count, then the text-only tier.
    f.meeting(
        slug=f"{MARK}-extra", title_en="Other", description_en="a forum", mechanism=corpus["mech"]
    )
    for n in range(30):
        f.meeting(slug=f"{MARK}-text-{n}", description_en="forum", mechanism=corpus["mech"])
    with django_assert_num_queries(base + 2):
        client.get("/en/search/", {**params, "page": 4})


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
