"""sitemap.xml lists every public page in three languages with hreflang; robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from cooperation.models import Meeting

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_each_record_in_each_language_with_alternates(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locs = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
    meeting = Meeting.objects.published().first()
    for lang in ("zh-hans", "en", "ru"):
        assert f"http://testserver/{lang}/meetings/{meeting.slug}/" in locs
        assert f"http://testserver/{lang}/" in locs
    first = root.find("s:url", NS)
    hreflangs = sorted(link.get("hreflang") for link in first.findall("x:link", NS))
    assert hreflangs == ["en", "ru", "x-default", "zh-hans"]
    assert len(locs) == len(set(locs))


def test_drafts_are_not_in_the_sitemap(client):
    meeting = Meeting.objects.published().first()
    meeting.publication = "draft"
    meeting.save()
    assert f"/meetings/{meeting.slug}/" not in client.get("/sitemap.xml").content.decode()


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
