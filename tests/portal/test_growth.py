"""Every page type costs the same with 1,000 and with 10,000 more meetings.

A page is bounded when what it reads depends on what it shows, not on how many records
there are. Each page is rendered from scratch (no page cache, no kept page data) with
1,000 synthetic meetings added to the fixtures, then with 10,000, and must run no more
queries, return no more rows and do no more than 1.5x the database work at the larger
size (10x the data). Database work, not time, so the test does not depend on the machine:
on SQLite the virtual machine's instructions (a progress handler), on PostgreSQL the rows
every plan node read or filtered out (``EXPLAIN ANALYZE`` of each query). Speed itself is
measured by ``make bench-pages`` (README, "Page benchmarks").
"""

import itertools
import json
import random

import pytest
from django.core.cache import cache
from django.db import connection

from cooperation.models import Meeting
from portal import term_uses
from portal.models import Source
from portal.search import index, ranking

pytestmark = pytest.mark.django_db

SMALL, LARGE = 1_000, 10_000
GROWTH = 1.5
#: Rows of PostgreSQL work a plan may differ by at the small size whatever the data: on
#: ~1,300 entries the planner picks between reading a query's few matches through the
#: full-text index or walking an ordered index (the search's scored matches: 3,151 or
#: ~500 rows from run to run). A page that reads records it does not show grows by
#: thousands of rows from 1,000 to 10,000 meetings, far past it. SQLite's work (virtual
#: machine steps, on another scale) comes from a deterministic planner: no slack there.
WORK_SLACK = {"postgresql": 1_000, "sqlite": 0}
#: Rows a page may return beyond ``GROWTH`` while a bounded pool fills up: the search
#: scores every match up to ``ranking.SCORE_ALL`` and a pool of ``ranking.POOL`` past
#: that, reading the ids and then the rows it does not keep; "climate" has 55 matches
#: at the small size and fills the pool at the large one, as at any larger size.
ROW_SLACK = {"search": 2 * ranking.POOL}

PAGES = {
    "home": "/en/",
    "meetings list": "/en/meetings/",
    "meetings list, words": "/en/meetings/?q=%E5%90%88%E4%BD%9C",
    "meetings list, page 40": "/en/meetings/?page=40",
    "meetings list, filtered": "/en/meetings/?mechanism=sco&year_from=2010&year_to=2015",
    "documents list": "/en/documents/",
    "mechanisms list": "/en/mechanisms/",
    "mechanism": "/en/mechanisms/sco/",
    "countries list": "/en/countries/",
    "country": "/en/countries/china/",
    "topic": "/en/topics/biodiversity/",
    "meeting": "/en/meetings/sco-green-development-forum-2024/",
    "document": "/en/documents/sco-environmental-cooperation-concept-2018/",
    "glossary": "/en/glossary/",
    "news list": "/en/news/",
    "news brief": "/en/news/tajikistan-sco-chairmanship-briefing-2021/",
    "search": "/en/search/?q=climate",
    "RSS feed": "/en/news/rss.xml",
    "sitemap index": "/sitemap.xml",
    "sitemap section": "/sitemap-meeting.xml",
}

#: Pages that do not meet the bound yet, and why (strict: one that does must leave the list).
NOT_YET = {
    "meetings list, words": "on SQLite its page's rows are found among every FTS5 match",
    "search": "matching words reads every matching entry (search, issue #14)",
}


def _add_meetings(count, start):
    """Meetings shaped like the fixtures' (mechanism, host, topics, Chinese titles)."""
    rng = random.Random(start)
    models = list(
        Meeting.objects.exclude(slug__startswith="growth-").prefetch_related("topics")[:200]
    )
    source = Source.objects.first()
    batch, topics = [], []
    for n in range(start, start + count):
        model = rng.choice(models)
        year, month = rng.randint(2005, 2024), rng.randint(1, 12)
        batch.append(
            Meeting(
                slug=f"growth-{n}",
                source=source,
                locator="synthetic",
                kind=model.kind,
                mechanism_id=model.mechanism_id,
                country_id=model.country_id,
                when=f"{year}-{month:02d}",
                title_zh_hans=model.title_zh_hans,
                title_en=model.title_en,
                title_ru=model.title_ru,
                description_zh_hans=rng.choice(models).description_zh_hans,
            )
        )
        topics.append([topic.pk for topic in model.topics.all()])
    created = Meeting.objects.bulk_create(batch, batch_size=1000)
    link = Meeting.topics.through
    link.objects.bulk_create(
        link(meeting_id=meeting.pk, topic_id=topic)
        for meeting, topic_ids in zip(created, topics, strict=True)
        for topic in topic_ids
    )
    # Bulk writes send no signal: the derived tables are rebuilt, as after a bulk load.
    index.rebuild()
    term_uses.rebuild()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the statistics autovacuum would gather


def _plan_rows(plan) -> float:
    """Rows a PostgreSQL plan node and its children produced or filtered out."""
    loops = plan.get("Actual Loops", 1)
    read = plan.get("Actual Rows", 0) + sum(
        plan.get(key, 0)
        for key in (
            "Rows Removed by Filter",
            "Rows Removed by Join Filter",
            "Rows Removed by Index Recheck",
        )
    )
    return read * loops + sum(_plan_rows(child) for child in plan.get("Plans", []))


def _cost(client, url):
    """Queries, rows returned and database work to render ``url`` from scratch."""
    cache.clear()  # no page, fragment or page data kept from before
    seen = {"queries": 0, "rows": 0, "work": 0}
    selects = []

    def count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            seen["queries"] += 1
            rows = context["cursor"].rowcount
            seen["rows"] += max(rows, 0)
            selects.append((sql, params))
        return result

    if connection.vendor == "sqlite":
        steps = itertools.count()
        connection.ensure_connection()
        connection.connection.set_progress_handler(lambda: next(steps) and 0, 100)
        try:
            with connection.execute_wrapper(count):
                response = client.get(url)
        finally:
            connection.connection.set_progress_handler(None, 0)
        seen["work"] = next(steps)
        seen.pop("rows")  # SQLite does not count a SELECT's rows
    else:
        with connection.execute_wrapper(count):
            response = client.get(url)
        with connection.cursor() as cursor:
            for sql, params in selects:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                seen["work"] += _plan_rows(plan[0]["Plan"])
    assert response.status_code == 200, url
    return seen


def test_no_page_costs_more_with_ten_times_the_meetings(client, settings):
    settings.PAGE_CACHE = False
    _add_meetings(SMALL, 0)
    small = {name: _cost(client, url) for name, url in PAGES.items()}
    _add_meetings(LARGE - SMALL, SMALL)
    assert Meeting.objects.filter(slug__startswith="growth-").count() == LARGE
    large = {name: _cost(client, url) for name, url in PAGES.items()}
    grown = {name: _growth(small[name], large[name], ROW_SLACK.get(name, 0)) for name in PAGES}
    grown = {name: line for name, line in grown.items() if line}
    report = "\n".join(f"{name}: {line}" for name, line in grown.items())
    not_yet = set(NOT_YET)
    if connection.vendor == "postgresql":
        # A one-word search counts its facets from TermFacetCount (ADR 0014) and ranks a
        # bounded pool; on SQLite its FTS5 title match still reads every matching entry.
        not_yet.discard("search")
        # Its total is the search's count (TermFacetCount), its rows are read through the
        # date index; on SQLite ``id IN (FTS5 match)`` lists every match to find a page.
        not_yet.discard("meetings list, words")
    assert set(grown) - not_yet == set(), f"pages that grew with the data:\n{report}"
    assert not_yet <= set(grown), "a page now within bounds: drop it from NOT_YET"


def _growth(before, after, row_slack=0) -> str:
    """What grew from the small size to the large one, or '' when nothing did."""
    grew = (
        after["queries"] > before["queries"]
        or after.get("rows", 0) > before.get("rows", 0) * GROWTH + row_slack
        or after["work"] > before["work"] * GROWTH + WORK_SLACK[connection.vendor]
    )
    if not grew:
        return ""
    return ", ".join(
        f"{key} {before[key]:.0f} -> {after[key]:.0f} ({after[key] / max(before[key], 1):.1f}x)"
        for key in before
    )
