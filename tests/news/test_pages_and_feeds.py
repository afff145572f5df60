"""The news section: list order and filters, a brief with its note, RSS and Atom feeds."""

import re
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def brief_slugs(html):
    return re.findall(r'href="/[a-z-]+/news/([a-z0-9-]+)/"', html)


def test_news_list_is_newest_first_and_paginated(client):
    html = client.get("/en/news/").content.decode()
    assert "12 news briefs" in html
    assert brief_slugs(html)[:3] == [
        "belarus-green-cities-project-polotsk",
        "green-kazakhstan-national-project",
        "kazakhstan-almaty-air-pollution-vehicle-controls",
    ]
    assert len(brief_slugs(html)) == 10
    second = brief_slugs(client.get("/en/news/?page=2").content.decode())
    assert second == [
        "kazakhstan-new-environmental-code-2021",
        "russia-environment-report-2019-published",
    ]


def test_news_list_reads_its_page_ids_and_keeps_its_rows_and_total(
    client, django_assert_num_queries
):
    """Rows are kept per brief and the total per filters (per content generation): a page
    rendered again reads the content generation, the country its filter names and its
    page's ids, and follows edits."""
    from news.models import Brief

    first = client.get("/en/news/?country=kyrgyzstan").content.decode()
    with django_assert_num_queries(3):
        again = client.get("/en/news/?country=kyrgyzstan&from=feed").content.decode()
    assert brief_slugs(again) == brief_slugs(first)
    assert "2 news briefs" in again
    brief = Brief.objects.get(slug="bishkek-most-polluted-city-2021")
    brief.title_en = "Bishkek smog, renamed"
    brief.publication = "draft"
    brief.save()
    after = client.get("/en/news/?country=kyrgyzstan").content.decode()
    assert brief_slugs(after) == ["kyrgyzstan-bishkek-chui-smog-plan-2021-2023"]
    assert "1 news brief" in after


def test_news_filters_by_country_topic_and_month(client):
    html = client.get("/en/news/?country=kyrgyzstan").content.decode()
    assert brief_slugs(html) == [
        "kyrgyzstan-bishkek-chui-smog-plan-2021-2023",
        "bishkek-most-polluted-city-2021",
    ]
    html = client.get("/en/news/?month=2021-02").content.decode()
    assert brief_slugs(html) == [
        "belarus-green-cities-project-polotsk",
        "green-kazakhstan-national-project",
    ]
    html = client.get("/en/news/?topic=climate-change&country=russia").content.decode()
    assert brief_slugs(html) == [
        "russia-energy-efficiency-priorities-2030",
        "russia-climate-strategy-2021",
    ]


@pytest.mark.parametrize("query", ["month=2021-13", "month=Jan", "country=atlantis", "page=99"])
def test_bad_news_filters_give_a_message(client, query):
    response = client.get(f"/ru/news/?{query}")
    assert response.status_code == 200


def test_brief_page_shows_its_editors_note_and_related_briefs(client):
    html = client.get("/zh-hans/news/kyrgyzstan-bishkek-chui-smog-plan-2021-2023/").content
    html = html.decode()
    assert "吉尔吉斯斯坦卫星通讯社" in html
    assert "2021年1月6日" in html
    assert html.count('class="editor-note"') == 1
    assert "bishkek-most-polluted-city-2021" in html


def test_issue_page_lists_twelve_briefs_in_reading_order(client):
    html = client.get("/en/news/issues/sco-bulletin-2021-01-02/").content.decode()
    slugs = brief_slugs(html)
    assert slugs[0] == "tajikistan-sco-chairmanship-briefing-2021"
    assert slugs[11] == "belarus-green-cities-project-polotsk"


@pytest.mark.parametrize(
    ("lang", "title_fragment"), [("zh-hans", "白俄罗斯"), ("en", "Belarus"), ("ru", "Беларус")]
)
def test_rss_feed_is_valid_rss2_in_each_language(client, lang, title_fragment):
    response = client.get(f"/{lang}/news/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("link") == f"http://testserver/{lang}/news/"
    assert channel.findtext("language") == lang
    items = channel.findall("item")
    assert len(items) == 12
    assert title_fragment in items[0].findtext("title")
    assert items[0].findtext("link") == (
        f"http://testserver/{lang}/news/belarus-green-cities-project-polotsk/"
    )
    assert items[0].findtext("pubDate").startswith("Mon, 08 Feb 2021")


def test_news_feed_keeps_its_items_per_content_generation(client, django_assert_num_queries):
    """The feed's items are read once per content generation and language: rendered again
    (another query string) it reads only the generation, and an edit shows at once."""
    from news.models import Brief

    first = client.get("/en/news/rss.xml").content.decode()
    with django_assert_num_queries(1):
        again = client.get("/en/news/rss.xml?from=reader").content.decode()
    assert again == first
    assert "Polotsk, renamed" not in first
    brief = Brief.objects.get(slug="belarus-green-cities-project-polotsk")
    brief.title_en = "Polotsk, renamed"
    brief.save()
    items = ET.fromstring(client.get("/en/news/rss.xml").content).find("channel").findall("item")
    assert items[0].findtext("title") == "Polotsk, renamed"
    ru = ET.fromstring(client.get("/ru/news/rss.xml").content).find("channel").findall("item")
    assert ru[0].findtext("title") != "Polotsk, renamed"


@pytest.mark.parametrize("lang", ["zh-hans", "en", "ru"])
def test_atom_feed_is_valid_atom_in_each_language(client, lang):
    response = client.get(f"/{lang}/news/atom.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 12
    for entry in entries:
        assert entry.findtext(f"{ATOM}title").strip()
        assert entry.find(f"{ATOM}link").get("href").startswith(f"http://testserver/{lang}/news/")
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}updated")


def test_pages_carry_feed_autodiscovery_links(client):
    html = client.get("/ru/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/ru/news/rss.xml"' in html
    assert 'href="/ru/news/atom.xml"' in html
