"""sitemap.xml lists every public page in three languages with hreflang; robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from cooperation.models import Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db

LANGS = ("zh-hans", "en", "ru")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _section_urls(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return ET.fromstring(response.content)


def test_sitemap_is_an_index_of_sections(client):
    root = _section_urls(client, "/sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locs = [s.findtext("s:loc", namespaces=NS) for s in root.findall("s:sitemap", NS)]
    assert "http://testserver/sitemap-pages.xml" in locs
    assert "http://testserver/sitemap-meeting.xml" in locs
    assert len(locs) == 9


def test_sitemap_lists_each_record_in_each_language_with_alternates(client):
    root = _section_urls(client, "/sitemap-meeting.xml")
    locs = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
    meetings = list(Meeting.objects.published().order_by("pk").values_list("slug", flat=True))
    assert len(locs) == 3 * len(meetings)
    assert locs[:3] == [f"http://testserver/{lang}/meetings/{meetings[0]}/" for lang in LANGS]
    first = root.find("s:url", NS)
    links = {link.get("hreflang"): link.get("href") for link in first.findall("x:link", NS)}
    assert links == {
        "zh-hans": f"http://testserver/zh-hans/meetings/{meetings[0]}/",
        "en": f"http://testserver/en/meetings/{meetings[0]}/",
        "ru": f"http://testserver/ru/meetings/{meetings[0]}/",
        "x-default": f"http://testserver/meetings/{meetings[0]}/",
    }
    pages = _section_urls(client, "/sitemap-pages.xml")
    page_locs = [u.findtext("s:loc", namespaces=NS) for u in pages.findall("s:url", NS)]
    assert [f"http://testserver/{lang}/" for lang in LANGS] == page_locs[:3]


def test_sections_split_at_the_limit_and_every_record_is_listed(client, monkeypatch):
    from portal import sitemaps

    monkeypatch.setattr(sitemaps.RecordSitemap, "limit", 10)
    meetings = list(Meeting.objects.published().order_by("pk").values_list("slug", flat=True))
    index = _section_urls(client, "/sitemap.xml")
    locs = [s.findtext("s:loc", namespaces=NS) for s in index.findall("s:sitemap", NS)]
    pages = [loc for loc in locs if "sitemap-meeting.xml" in loc]
    assert len(pages) == -(-3 * len(meetings) // 10)
    seen = []
    for number in range(1, len(pages) + 1):
        root = _section_urls(client, f"/sitemap-meeting.xml?p={number}")
        urls = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
        assert len(urls) <= 10
        seen.extend(urls)
    expected = [f"http://testserver/{lang}/meetings/{slug}/" for slug in meetings for lang in LANGS]
    assert seen == expected
    assert client.get(f"/sitemap-meeting.xml?p={len(pages) + 1}").status_code == 404


def test_the_index_follows_a_publish_and_an_edit_at_once(client, monkeypatch):
    """Its counts and latest dates are kept per content generation: a save shows at once."""
    from portal import sitemaps

    monkeypatch.setattr(sitemaps.RecordSitemap, "limit", 10)

    def meeting_pages():
        index = _section_urls(client, f"/sitemap.xml?n={Meeting.objects.count()}")
        return [
            (s.findtext("s:loc", namespaces=NS), s.findtext("s:lastmod", namespaces=NS))
            for s in index.findall("s:sitemap", NS)
            if "sitemap-meeting.xml" in s.findtext("s:loc", namespaces=NS)
        ]

    before = meeting_pages()
    for n in range(4):  # twelve more URLs: at least one more page of ten
        f.meeting(slug=f"index-{n}")
    after = meeting_pages()
    assert len(after) > len(before)
    assert len(after) == -(-3 * Meeting.objects.published().count() // 10)
    # Saving a meeting dates the section (the fixtures carry no update times).
    assert all(lastmod is None for _loc, lastmod in before)
    assert all(lastmod.startswith(timezone.localdate().isoformat()) for _loc, lastmod in after)


def test_section_queries_do_not_grow_with_data(client, django_assert_num_queries):
    # The section count and one slice: the page cache's generation read and the page.
    with django_assert_num_queries(3):
        client.get("/sitemap-meeting.xml")


def test_drafts_are_not_in_the_sitemap(client):
    meeting = Meeting.objects.published().first()
    meeting.publication = "draft"
    meeting.save()
    assert f"/meetings/{meeting.slug}/" not in client.get("/sitemap-meeting.xml").content.decode()


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sections_are_written_as_djangos_sitemap_template_writes_them():
    """The entries written in Python (portal/sitemap.xml) match Django's template byte for
    byte: dated (in the site's time zone) and undated, with change frequency and priority,
    and text to escape."""
    dated = datetime.datetime(2024, 7, 8, 23, 30, tzinfo=datetime.UTC)
    urlset = [
        {
            "location": "http://testserver/en/meetings/a/",
            "lastmod": dated,
            "changefreq": "monthly",
            "priority": "0.5",
            "alternates": [
                {"location": "http://testserver/ru/meetings/a/", "lang_code": "ru"},
                {"location": "http://testserver/meetings/a/", "lang_code": "x-default"},
            ],
        },
        {
            "location": "http://testserver/en/search/?q=a&b=<'\">",
            "lastmod": None,
            "changefreq": None,
            "priority": "",
            "alternates": [],
        },
    ]
    for urls in (urlset, []):
        ours = render_to_string("portal/sitemap.xml", {"urlset": urls})
        assert ours == render_to_string("sitemap.xml", {"urlset": urls})
    written = render_to_string("portal/sitemap.xml", {"urlset": urlset})
    assert "<lastmod>2024-07-09</lastmod><changefreq>monthly</changefreq>" in written
    assert "?q=a&amp;b=&lt;&#x27;&quot;&gt;</loc></url>" in written
