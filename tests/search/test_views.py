"""The search page and its JSON: shape, filters, facets, listings, snippets, queries."""

import re

import pytest
from django.db import connection

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
