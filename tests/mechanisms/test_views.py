"""Mechanism, body and country pages: what a reader sees, in a constant number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def enlarge(mechanism, start, stop):
    """Add records start..stop-1 of everything a mechanism page lists."""
    for i in range(start, stop):
        land = f.country(slug=f"land-{mechanism.slug}-{i}")
        f.membership(mechanism=mechanism, country=land, role="member", order=i)
        f.body(slug=f"body-{mechanism.slug}-{i}", mechanism=mechanism, sessions_held=i + 1)
        meeting = f.meeting(
            slug=f"meet-{mechanism.slug}-{i}", mechanism=mechanism, country=land, when=f"20{10 + i}"
        )
        doc = f.document(slug=f"doc-{mechanism.slug}-{i}", mechanism=mechanism, adopted_at=meeting)
        f.section(doc, 1)
        f.quote(slug=f"quote-{mechanism.slug}-{i}", mechanism=mechanism, country=land)


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/mechanisms/",
        "/en/mechanisms/{slug}/",
        "/en/countries/",
        "/en/meetings/",
        "/en/documents/",
        "/en/news/",
        "/en/topics/",
        "/en/projects/",
        "/en/about/",
        "/sitemap.xml",
    ],
)
def test_page_queries_do_not_grow_with_data(client, url):
    mechanism = f.mechanism(slug="grow")
    page = url.format(slug=mechanism.slug)
    enlarge(mechanism, 0, 2)
    small = queries_for(client, page)
    enlarge(mechanism, 2, 14)
    assert queries_for(client, page) == small


def test_record_pages_do_not_grow_with_their_lists(client):
    mechanism = f.mechanism(slug="grow2")
    land = f.country(slug="grow-land")
    series = f.body(slug="grow-series", mechanism=mechanism)
    topic = f.topic("grow-topic")
    pages = ["/en/countries/grow-land/", "/en/bodies/grow-series/", "/en/topics/grow-topic/"]

    def add(start, stop):
        for i in range(start, stop):
            m = f.meeting(slug=f"gm-{i}", mechanism=mechanism, country=land, body=series)
            m.topics.add(topic)
            d = f.document(slug=f"gd-{i}", mechanism=mechanism)
            d.topics.add(topic)
            f.membership(mechanism=f.mechanism(slug=f"gmech-{i}"), country=land, role="member")
            f.body(slug=f"gchild-{i}", mechanism=mechanism, parent=series)

    add(0, 2)
    small = [queries_for(client, page) for page in pages]
    add(2, 14)
    assert [queries_for(client, page) for page in pages] == small


def test_document_page_queries_do_not_grow_with_sections(client):
    doc = f.document(slug="long-doc")
    f.section(doc, 1)
    small = queries_for(client, "/en/documents/long-doc/")
    for order in range(2, 60):
        f.section(doc, order, level=2)
    assert queries_for(client, "/en/documents/long-doc/") == small


def test_mechanism_page_groups_participants_by_role_in_source_order(client):
    html = client.get("/en/mechanisms/sco/").content.decode()
    roles = re.findall(r"<h3>([^<]+) \((\d+)\)</h3>", html)
    assert roles == [("Member states", "8"), ("Observer states", "4"), ("Dialogue partners", "6")]
    assert "Member states: 8, Observer states: 4, Dialogue partners: 6" in html
    members = html.split("<h3>Member states (8)</h3>")[1].split("</ul>")[0]
    assert re.findall(r'href="/en/countries/([a-z-]+)/"', members) == [
        "india",
        "kazakhstan",
        "china",
        "kyrgyzstan",
        "pakistan",
        "russia",
        "tajikistan",
        "uzbekistan",
    ]


def test_mechanism_page_shows_sessions_as_of_the_source(client):
    html = client.get("/en/mechanisms/sco/").content.decode()
    assert "11 sessions held as of the source&#x27;s date" in html or (
        "11 sessions held as of the source's date" in html
    )


def test_country_page_lists_roles_and_meetings_hosted(client):
    html = client.get("/ru/countries/kazakhstan/").content.decode()
    assert "Республика Казахстан" in html
    assert html.count('class="record"') >= 4


@pytest.mark.parametrize(
    ("lang", "groups"),
    [
        ("en", ["<h3>Member states (27)</h3>", "<h3>Coordinator (1)</h3>"]),
        ("ru", ["<h3>Государства-члены (27)</h3>", "<h3>Координатор (1)</h3>"]),
        # Full-width parentheses follow the word without a space.
        ("zh-hans", ["<h3>成员国（27）</h3>", "<h3>协调国（1）</h3>"]),
    ],
)
def test_a_role_group_is_named_in_the_plural_unless_it_has_one_member(client, lang, groups):
    html = client.get(f"/{lang}/mechanisms/cica/").content.decode()
    for heading in groups:
        assert heading in html
