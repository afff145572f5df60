"""A published page never names a draft: the site is crawled after adding only drafts."""

import pytest

from mechanisms.models import Mechanism
from news.models import Brief, BulletinIssue, EditorNote
from tests import factories as f
from tests.portal.test_crawl import crawl

pytestmark = pytest.mark.django_db

#: Every name of every draft, in every language: none may reach a public page.
DRAFT_NAMES = (
    "Zephyria",
    "泽菲利亚",
    "Зефирия",
    "Quillon",
    "奎隆秘书处",
    "Квиллон",
    "Marrowvale",
    "马罗谷峰会",
    "Марровейл",
    "Thistledown",
    "蓟绒简讯",
    "Чертополох",
)


@pytest.fixture
def drafts():
    """Drafts (a country, a body, a meeting, a brief) linked from published records."""
    sco = Mechanism.objects.get(slug="sco")
    country = f.country(
        slug="zephyria",
        publication="draft",
        **f.trilingual("name", "泽菲利亚", "Zephyria", "Зефирия"),
    )
    body = f.body(
        slug="quillon-secretariat",
        mechanism=sco,
        publication="draft",
        **f.trilingual("name", "奎隆秘书处", "Quillon Secretariat", "Секретариат Квиллон"),
    )
    draft_meeting = f.meeting(
        slug="marrowvale-summit",
        mechanism=sco,
        when="2024-03",
        publication="draft",
        **f.trilingual("title", "马罗谷峰会", "Marrowvale Summit", "Саммит Марровейл"),
    )
    issue = BulletinIssue.objects.published().first()
    draft_brief = Brief.objects.create(
        slug="thistledown-brief",
        source=issue.source,
        locator="test",
        issue=issue,
        when="2024-04",
        order=98,
        publication="draft",
        **f.trilingual("title", "蓟绒简讯", "Thistledown brief", "Заметка Чертополох"),
    )
    # Published records that point at the drafts.
    f.meeting(
        slug="public-forum-in-a-draft-country",
        mechanism=sco,
        country=country,
        body=body,
        when="2024-05",
        **f.trilingual("city", "城市", "Bright City", "Город"),
    )
    f.membership(slug="zephyria-observer", mechanism=sco, country=country, role="observer")
    f.document(slug="adopted-at-a-draft-meeting", mechanism=sco, adopted_at=draft_meeting)
    public_brief = Brief.objects.published().filter(issue=issue).first()
    public_brief.countries.add(country)
    note = EditorNote.objects.create(
        slug="note-on-a-draft-brief",
        source=issue.source,
        locator="test",
        issue=issue,
        order=99,
        **f.trilingual("body", "编者按", "An editor's note", "Примечание редактора"),
    )
    note.briefs.set([public_brief, draft_brief])
    return {"country": country, "brief": public_brief}


def leaks(response):
    text = response.content.decode()
    return [name for name in DRAFT_NAMES if name in text]


def test_no_public_page_names_a_draft(client, drafts):
    pages = crawl(client, "en")
    assert "/en/meetings/public-forum-in-a-draft-country/" in pages
    assert "/en/documents/adopted-at-a-draft-meeting/" in pages
    extra = [
        "/zh-hans/meetings/public-forum-in-a-draft-country/",
        "/ru/meetings/public-forum-in-a-draft-country/",
        "/zh-hans/mechanisms/sco/",
        "/ru/countries/",
        f"/en/news/{drafts['brief'].slug}/",
        f"/ru/news/issues/{drafts['brief'].issue.slug}/",
        "/en/news/rss.xml",
        "/ru/news/atom.xml",
        "/sitemap.xml",
        "/en/search/?q=forum",
        "/en/search/?q=forum&format=json",
        "/en/search/?q=bright+city&format=json",
        "/en/meetings/?year_from=2024",
    ]
    for path in extra:
        pages[path] = client.get(path)
    assert {p: r.status_code for p, r in pages.items() if r.status_code != 200} == {}
    assert {p: leaks(r) for p, r in pages.items() if leaks(r)} == {}
    assert not [p for p, r in pages.items() if "/zephyria/" in r.content.decode()]
    # The published records themselves are there.
    forum = pages["/en/meetings/public-forum-in-a-draft-country/"].content.decode()
    assert "Bright City" in forum
    assert client.get("/en/search/?q=bright+city&format=json").json()["count"] == 1
    for query in ("zephyria", "quillon", "marrowvale", "thistledown", "泽菲利亚"):
        assert client.get("/en/search/", {"q": query, "format": "json"}).json()["count"] == 0


def test_a_draft_slug_is_not_a_filter(client, drafts):
    response = client.get("/en/meetings/", {"country": "zephyria"})
    assert response.status_code == 200
    assert response.context["filter"].errors["country"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    search = client.get("/en/search/", {"q": "forum", "country": "zephyria", "format": "json"})
    assert search.status_code in (200, 400)
    assert (
        "zephyria" in str(search.json().get("errors", {})).lower()
        or search.json()["count"]
        == client.get("/en/search/", {"q": "forum", "format": "json"}).json()["count"]
    )
    facets = client.get("/en/search/", {"q": "forum", "format": "json"}).json()["facets"]
    assert "zephyria" not in [c["value"] for c in facets["country"]]


def test_staff_still_preview_the_draft_itself(client, admin_user, drafts):
    assert client.get("/en/meetings/marrowvale-summit/").status_code == 404
    client.force_login(admin_user)
    assert client.get("/en/meetings/marrowvale-summit/").status_code == 200
