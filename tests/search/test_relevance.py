"""The relevance set: the search's nDCG@10 never falls below the recorded floor."""

import json

import pytest

from portal.search.evaluation import FLOOR_FILE, evaluate, load_needs, ndcg

pytestmark = pytest.mark.django_db


def test_the_relevance_set_covers_three_languages_and_cross_lingual_needs():
    needs = load_needs()
    by_language = {lang: sum(n["lang"] == lang for n in needs) for lang in ("zh", "en", "ru", "x")}
    assert len(needs) >= 60
    assert min(by_language.values()) >= 8


def test_ndcg_of_a_perfect_and_of_an_empty_list():
    grades = {"/a/": 3, "/b/": 1}
    assert ndcg(["/a/", "/b/"], grades) == 1.0
    assert ndcg([], grades) == 0.0
    assert 0 < ndcg(["/b/", "/a/"], grades) < 1


def test_search_keeps_its_relevance_floor():
    floor = json.loads(FLOOR_FILE.read_text())["overall"]
    report = evaluate()
    assert report.overall[0] >= floor
