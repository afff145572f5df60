"""sitemap.xml lists every public page in three languages with hreflang; robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from cooperation.models import Meeting

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


def test_sections_are_ranges_of_records_and_list_each_once(client, monkeypatch):
    from portal import caching, sitemaps

    monkeypatch.setattr(sitemaps, "SPAN", 3)
    Meeting.objects.filter(slug=Meeting.objects.order_by("pk")[5].slug).update(publication="draft")
    meetings = list(Meeting.objects.published().order_by("pk").values_list("pk", "slug"))
    index = _section_urls(client, "/sitemap.xml")
    locs = [s.findtext("s:loc", namespaces=NS) for s in index.findall("s:sitemap", NS)]
    pages = [loc for loc in locs if "sitemap-meeting.xml" in loc]
    first, last = (meetings[0][0] - 1) // 3 + 1, (meetings[-1][0] - 1) // 3 + 1
    assert len(pages) == last - first + 1
    seen = []
    for page in pages:
        root = _section_urls(client, page.removeprefix("http://testserver"))
        urls = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
        assert len(urls) <= 3 * 3
        seen.extend(urls)
    expected = [
        f"http://testserver/{lang}/meetings/{slug}/" for _, slug in meetings for lang in LANGS
    ]
    assert seen == expected
    assert client.get(f"/sitemap-meeting.xml?p={last + 1}").status_code == 404
    assert client.get("/sitemap-meeting.xml?p=two").status_code == 404
    # A range whose records are all drafts keeps its place (the index lists it): empty.
    Meeting.objects.filter(pk__gt=3 * first, pk__lte=3 * first + 3).update(publication="draft")
    caching.advance_generation()  # an update() sends no signal
    root = _section_urls(client, f"/sitemap-meeting.xml?p={first + 1}")
    assert root.findall("s:url", NS) == []
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_section_queries_do_not_grow_with_data(client, django_assert_num_queries):
    # The page cache's generation, then one slice of the primary key's index.
    with django_assert_num_queries(2) as captured:
        client.get("/sitemap-meeting.xml")
    assert "OFFSET" not in captured[-1]["sql"] and "COUNT" not in captured[-1]["sql"]


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


def test_the_index_reads_its_sections_once_per_content_change(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False  # every request renders the index
    client.get("/sitemap.xml")
    # The content generation, and nothing else: the sections' ranges are kept.
    with django_assert_num_queries(1):
        first = client.get("/sitemap.xml").content.decode()
    meeting = Meeting.objects.published().order_by("pk").first()
    meeting.title_en = "Edited for the sitemap"
    meeting.save()  # advances the generation: the meetings' latest change moves
    again = client.get("/sitemap.xml").content.decode()
    assert again != first
    assert again.count("<sitemap>") == first.count("<sitemap>") == 9
