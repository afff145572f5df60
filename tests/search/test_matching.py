"""Matching in Chinese, English and Russian, on whichever database the suite runs on."""

import pytest

from tests.search.conftest import found

pytestmark = pytest.mark.django_db


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
