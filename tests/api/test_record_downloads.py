"""A mechanism's, a country's and a topic's page offer their meetings and documents to take
away: CSV, JSON, iCal, RSS and Atom filtered to that record, and feeds in <link rel>."""

import csv
import io
import json
import re
from html import unescape

import feedparser
import icalendar
import pytest

from cooperation.models import Document, Meeting

pytestmark = pytest.mark.django_db

MEETING_LINKS = [
    "/api/v1/meetings/export.csv?{f}",
    "/api/v1/meetings/export.json?{f}",
    "/api/v1/meetings/calendar.ics?{f}&lang=en",
    "/en/meetings/rss.xml?{f}",
    "/en/meetings/atom.xml?{f}",
]
DOCUMENT_LINKS = [
    "/api/v1/documents/export.csv?{f}",
    "/api/v1/documents/export.json?{f}",
    "/en/documents/rss.xml?{f}",
    "/en/documents/atom.xml?{f}",
]
PAGES = {
    # page: (filter, meeting links?, document links?)
    "/en/mechanisms/sco/": ("mechanism=sco", True, True),
    "/en/countries/china/": ("country=china", True, False),
    "/en/topics/biodiversity/": ("topic=biodiversity", True, True),
}


def _downloads(html):
    """The download and subscription links, in page order."""
    blocks = re.findall(r'<p class="downloads meta">(.*?)</p>', html, re.S)
    return [unescape(h) for block in blocks for h in re.findall(r'href="([^"]+)"', block)]


def _alternates(html):
    head = html[: html.index("</head>")]
    return [
        (kind, unescape(href))
        for kind, href in re.findall(
            r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)"[^>]*href="([^"]+)"', head
        )
        if "/news/" not in href
    ]


@pytest.mark.parametrize("page", PAGES)
def test_a_record_page_offers_its_lists_filtered_to_it(client, page):
    query, meetings, documents = PAGES[page]
    html = client.get(page).content.decode()
    expected = (MEETING_LINKS if meetings else []) + (DOCUMENT_LINKS if documents else [])
    assert _downloads(html) == [link.format(f=query) for link in expected]
    feeds = [
        (f"/en/{kind}/rss.xml?{query}", f"/en/{kind}/atom.xml?{query}")
        for kind, shown in (("meetings", meetings), ("documents", documents))
        if shown
    ]
    assert [href for _kind, href in _alternates(html)] == [h for pair in feeds for h in pair]
    assert [kind for kind, _href in _alternates(html)] == [
        "application/rss+xml",
        "application/atom+xml",
    ] * len(feeds)


def test_the_mechanism_page_links_give_exactly_its_records(client):
    html = client.get("/en/mechanisms/sco/").content.decode()
    meetings = Meeting.objects.published().filter(mechanism__slug="sco")
    documents = Document.objects.published().filter(mechanism__slug="sco")
    assert f"All {meetings.count()} meetings" in html
    links = _downloads(html)
    rows = list(csv.DictReader(io.StringIO(client.get(links[0]).content.decode("utf-8-sig"))))
    assert [r["slug"] for r in rows] == [m.slug for m in meetings.newest_first()]
    assert json.loads(client.get(links[1]).content)["count"] == meetings.count() == 8
    calendar = icalendar.Calendar.from_ical(client.get(links[2]).content)
    days = [m for m in meetings if len(m.when.partition("/")[0]) == 10]
    assert len(calendar.walk("VEVENT")) == len(days)
    assert len(feedparser.parse(client.get(links[3]).content).entries) == meetings.count()
    assert json.loads(client.get(links[6]).content)["count"] == documents.count()
    assert len(feedparser.parse(client.get(links[8]).content).entries) == documents.count()


def test_the_topic_and_country_links_give_the_lists_counts(client):
    for page, kinds in (("/en/topics/biodiversity/", 2), ("/en/countries/china/", 1)):
        links = _downloads(client.get(page).content.decode())
        lists = [links[1].split("?")[1]] + ([links[6].split("?")[1]] if kinds == 2 else [])
        for n, query in enumerate(lists):
            kind = ("meetings", "documents")[n]
            total = client.get(f"/en/{kind}/?{query}").context["count"]
            assert (
                json.loads(client.get(f"/api/v1/{kind}/export.json?{query}").content)["count"]
                == total
            )


@pytest.mark.parametrize(
    ("page", "links"), [("/en/countries/china/", 5), ("/en/topics/biodiversity/", 9)]
)
def test_the_links_cost_no_query(client, settings, django_assert_num_queries, page, links):
    settings.PAGE_CACHE = False
    # country: the country, its memberships, the latest meetings hosted, the terms naming
    # it; topic: the topic, the latest meetings, documents and key projects; and the
    # content generation, the key of the kept rows
    with django_assert_num_queries(5):
        html = client.get(page).content.decode()
    assert len(_downloads(html)) == links


def test_download_links_carry_the_filters_without_the_page_and_set_the_language(rf):
    """Every link of a page encodes its filters once; a link's own parameters are added,
    or replace the page's (a ``lang`` already in the address)."""
    from django.template import Context, Template

    template = Template(
        "{% load open_data %}"
        "{% filtered_url 'api:search-csv' lang='en' %}|{% filtered_url 'open_data:search-rss' %}"
    )
    request = rf.get("/en/search/", {"q": "峰会 合作", "page": "2", "type": "meeting"})
    csv_url, rss_url = template.render(Context({"request": request})).split("|")
    assert csv_url.endswith("?q=%E5%B3%B0%E4%BC%9A+%E5%90%88%E4%BD%9C&amp;type=meeting&amp;lang=en")
    assert rss_url.endswith("?q=%E5%B3%B0%E4%BC%9A+%E5%90%88%E4%BD%9C&amp;type=meeting")
    request = rf.get("/en/search/", {"lang": "ru", "q": "x"})
    csv_url, rss_url = template.render(Context({"request": request})).split("|")
    assert csv_url.endswith("?lang=en&amp;q=x")
    assert rss_url.endswith("?lang=ru&amp;q=x")
