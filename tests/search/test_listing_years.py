"""A listing in a year range counts its facets from the maintained counts, exactly."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from portal.search.forms import Filters
from portal.search.models import SearchEntry
from portal.search.query import search

pytestmark = pytest.mark.django_db

RANGES = [
    {"year_from": 2022, "year_to": 2023},
    {"year_from": 2021},
    {"year_to": 2015},
    {"year_from": 2016, "year_to": 2018, "type": "meeting"},
    {"year_from": 2024, "mechanism": "sco"},
    {"year_from": 2019, "year_to": 2019, "sort": "oldest"},
]


def counted_entries(self, entries):
    """The former way: read every entry in the range and group it."""
    grouped = self.apply_years(entries).order_by().values("facet_set_id").annotate(n=Count("*"))
    sql, params = grouped.query.sql_with_params()
    return sql, list(params)


@pytest.mark.parametrize("params", RANGES)
def test_year_range_facets_equal_a_count_of_the_entries(params, monkeypatch):
    fast = search(params, "en")
    with monkeypatch.context() as m:
        m.setattr(Filters, "listing_counts_sql", counted_entries)
        slow = search(params, "en")
    assert fast.count == slow.count > 0
    assert fast.facets == slow.facets
    assert [r.url for r in fast.results] == [r.url for r in slow.results]


def test_ranges_that_start_before_a_year_range_are_counted_in_it():
    spanning = SearchEntry.objects.filter(published=True, when__contains="/")
    reaching = [e for e in spanning if e.when[:4] < "2022" <= e.when.split("/")[-1][:4]]
    assert reaching, "the real content has ranges reaching into 2022"
    outcome = search({"year_from": 2022, "year_to": 2022}, "en")
    starting = SearchEntry.objects.filter(published=True, when__startswith="2022").count()
    assert outcome.count == starting + len(reaching)


def test_a_year_range_listing_does_not_read_the_entries_for_facets():
    with CaptureQueriesContext(connection) as queries:
        search({"year_from": 2016, "year_to": 2018}, "en")
    facet_sql = [q["sql"] for q in queries if q["sql"].lstrip().startswith("WITH g AS")]
    assert len(facet_sql) == 1
    assert "search_facetcount" in facet_sql[0]
    # The entries are read only for ranges (when LIKE '%/%'), through search_spanning.
    assert facet_sql[0].count('FROM "search_searchentry"') == 1
