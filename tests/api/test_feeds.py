"""Feeds of meetings, documents and any search: they parse, keep filters, stay plain text."""

import html

import feedparser
import pytest

from cooperation.models import Document, Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_meeting_feed_parses_and_keeps_the_filters(client, kind):
    feed = parse(client.get(f"/en/meetings/{kind}.xml?topic=climate-change"))
    expected = Meeting.objects.published().filter(topics__slug="climate-change").newest_first()
    assert [e.link for e in feed.entries] == [
        f"http://testserver/en/meetings/{m.slug}/" for m in expected
    ]
    assert feed.feed.title == "Environmental Cooperation Portal: meetings (Climate change)"
    assert feed.feed.link == "http://testserver/en/meetings/?topic=climate-change"


def test_document_feed_subscribes_to_documents_about_a_topic_in_russian(client):
    feed = parse(client.get("/ru/documents/rss.xml?topic=climate-change"))
    expected = Document.objects.published().filter(topics__slug="climate-change")
    assert len(feed.entries) == expected.count() > 0
    assert all(e.link.startswith("http://testserver/ru/documents/") for e in feed.entries)
    assert feed.feed.language == "ru"


def test_feed_summaries_are_plain_text(client):
    f.meeting(
        slug="m-markup",
        when="2031-05",
        theme_en="<b>Bold</b> & <script>alert(1)</script> theme",
        city_en="Astana",
    )
    response = client.get("/en/meetings/rss.xml")
    assert b"<b>Bold" not in response.content
    feed = parse(response)
    entry = next(e for e in feed.entries if e.link.endswith("/m-markup/"))
    # Readers treat summaries as HTML; the text is escaped, so they show it as written.
    assert "<b>" not in entry.summary
    assert html.unescape(entry.summary) == (
        "May 2031 · Astana · <b>Bold</b> & <script>alert(1)</script> theme"
    )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_search_feed_lists_the_newest_results_of_any_search(client, kind):
    feed = parse(client.get(f"/zh-hans/search/{kind}.xml?q=峰会&type=meeting"))
    api = client.get("/api/v1/search/?q=峰会&type=meeting&sort=newest&lang=zh-hans").json()
    assert [e.link for e in feed.entries] == [r["url"] for r in api["results"]]
    assert "峰会" in feed.feed.title


def test_bad_feed_filters_are_400_with_a_message(client):
    response = client.get("/en/meetings/rss.xml?year_from=2020&year_to=2000")
    assert response.status_code == 400
    assert "“From year” (2020) is after “To year” (2000)." in response.content.decode()
    assert client.get("/en/search/rss.xml?mechanism=nope").status_code == 400


def test_drafts_never_appear_in_feeds(client):
    f.meeting(slug="draft-feed-meeting", when="2032", publication="draft", title_en="Qqzx")
    f.document(slug="draft-feed-doc", when="2032", publication="draft", title_en="Qqzx")
    for url in ("/en/meetings/rss.xml", "/en/documents/atom.xml", "/en/search/rss.xml?q=qqzx"):
        assert b"draft-feed" not in client.get(url).content


def test_feeds_answer_304_to_their_etag_and_allow_cors(client):
    first = client.get("/en/documents/rss.xml?mechanism=sco")
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/en/documents/rss.xml?mechanism=sco", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/en/meetings/?topic=water", "/en/meetings/rss.xml?topic=water"),
        ("/ru/documents/?mechanism=sco&page=1", "/ru/documents/atom.xml?mechanism=sco"),
        ("/zh-hans/search/?q=%E6%B0%94%E5%80%99", "/zh-hans/search/rss.xml?q=%E6%B0%94%E5%80%99"),
    ],
)
def test_list_pages_announce_their_feeds(client, page, feed):
    html = client.get(page).content.decode()
    kind = "rss+xml" if feed.endswith("rss.xml" + feed.partition(".xml")[2]) else "atom+xml"
    assert f'<link rel="alternate" type="application/{kind}"' in html
    assert f'href="{feed}"' in html
