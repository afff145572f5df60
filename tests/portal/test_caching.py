"""The anonymous page cache: per language, always right after every kind of edit."""

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape

from cooperation.models import Document, Meeting, Topic
from mechanisms.models import Country, Mechanism
from news.models import Brief
from portal import caching
from portal.models import Source, Term
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def mech():
    return f.mechanism(slug="cachemech")


def _get(client, path, **headers):
    return client.get(path, **headers)


def test_second_anonymous_request_is_a_hit_per_language(client):
    assert _get(client, "/en/meetings/")["X-Cache"] == "miss"
    assert _get(client, "/en/meetings/")["X-Cache"] == "hit"
    # Another language is another page.
    ru = _get(client, "/ru/meetings/")
    assert ru["X-Cache"] == "miss"
    assert '<html lang="ru">' in ru.content.decode()
    assert '<html lang="en">' in _get(client, "/en/meetings/").content.decode()


def test_public_page_sets_no_cookie_and_may_be_kept_by_a_cdn(client):
    for _ in range(2):
        response = _get(client, "/en/")
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert "max-age=60" in cache_control
        assert "s-maxage=300" in cache_control
        assert response.has_header("ETag")
        assert response.has_header("Last-Modified")


def test_conditional_get_answers_304_for_pages_feeds_and_sitemap(client):
    for path in ("/en/meetings/", "/ru/news/rss.xml", "/sitemap.xml"):
        first = _get(client, path)
        assert first.status_code == 200, path
        again = _get(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, path
        since = _get(client, path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, path


def test_publish_edit_m2m_and_delete_show_at_once(client, mech):
    path = "/en/meetings/"
    meeting = f.meeting(slug="cache-m", title_en="Cache forum", mechanism=mech, when="2030")
    meeting.publication = "draft"
    meeting.save()
    assert "Cache forum" not in _get(client, path).content.decode()
    assert _get(client, path)["X-Cache"] == "hit"

    meeting.publication = "published"
    meeting.save()  # publish
    assert "Cache forum" in _get(client, path).content.decode()

    meeting.title_en = "Renamed forum"
    meeting.save()  # edit
    html = _get(client, path).content.decode()
    assert "Renamed forum" in html and "Cache forum" not in html

    topic = Topic.objects.create(slug="cache-topic", name_en="Cache topic")
    meeting_page = f"/en/meetings/{meeting.slug}/"
    assert "Cache topic" not in _get(client, meeting_page).content.decode()
    meeting.topics.add(topic)  # many-to-many
    assert "Cache topic" in _get(client, meeting_page).content.decode()

    Meeting.objects.filter(pk=meeting.pk).first().delete()  # delete
    assert "Renamed forum" not in _get(client, path).content.decode()


def test_every_kind_of_change_advances_the_generation(mech):
    before = caching.current_generation()[0]
    meeting = f.meeting(slug="gen-m", mechanism=mech)
    meeting.topics.add(Topic.objects.create(slug="gen-topic"))
    meeting.delete()
    # create mechanism... no: create meeting, create topic, m2m add, delete (and its m2m rows)
    assert caching.current_generation()[0] >= before + 4


def test_staff_pages_are_never_cached(client, mech):
    user = get_user_model().objects.create_user("ed", password="pw-long-enough-1", is_staff=True)
    client.force_login(user)
    response = _get(client, "/en/meetings/")
    assert response.get("X-Cache") is None
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # A draft shown to staff never reaches the anonymous cache.
    draft = f.meeting(slug="staff-draft", mechanism=mech, publication="draft")
    assert _get(client, f"/en/meetings/{draft.slug}/").status_code == 200
    client.logout()
    assert _get(client, f"/en/meetings/{draft.slug}/").status_code == 404


def test_admin_and_probes_are_not_cached(client):
    assert _get(client, "/healthz").get("X-Cache") is None
    assert _get(client, "/admin/login/").get("X-Cache") is None


def test_gzip_for_anonymous_html(client):
    response = _get(client, "/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    hit = _get(client, "/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert hit["X-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    # A client without gzip gets its own, plain, copy.
    plain = _get(client, "/en/")
    assert not plain.has_header("Content-Encoding")
    assert plain.content.startswith(b"<!DOCTYPE html>")


def test_cached_hit_costs_one_query(client, django_assert_num_queries):
    _get(client, "/en/countries/")
    with django_assert_num_queries(1):
        assert _get(client, "/en/countries/")["X-Cache"] == "hit"


def test_filter_options_follow_a_renamed_country(client):
    from mechanisms.models import Country

    html = client.get("/en/meetings/?country=china").content.decode()
    assert '<option value="china" selected>China</option>' in html
    china = Country.objects.get(slug="china")
    china.name_en = "People's Republic of China"
    china.save()
    html = client.get("/en/meetings/?country=china").content.decode()
    assert '<option value="china" selected>People&#x27;s Republic of China</option>' in html
    assert ">China</option>" not in html


def test_a_remembered_value_is_computed_once_per_content_generation(client):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert caching.remember("test-value", compute) == 1
    assert caching.remember("test-value", compute) == 1
    f.meeting(slug="remember-me")
    assert caching.remember("test-value", compute) == 2
    html = client.get("/en/glossary/").content.decode()
    f.meeting(slug="remember-me-too", title_zh_hans="上海合作组织环境会议")
    again = client.get("/en/glossary/").content.decode()
    sco = 'href="/en/search/?q=Shanghai%20Cooperation%20Organization">All {} records'
    assert sco.format(32) in html and sco.format(33) in again


def test_list_rows_are_kept_per_content_generation(client, settings):
    settings.PAGE_CACHE = False  # the page itself is rendered every time
    newest = Meeting.objects.published().newest_first().first()
    title = newest.title_en
    assert title in client.get("/en/meetings/").content.decode()
    # A write that sends no signal leaves the generation, so the kept row is served ...
    Meeting.objects.filter(pk=newest.pk).update(title_en="Renamed quietly")
    html = client.get("/en/meetings/?sort=newest").content.decode()
    assert title in html and "Renamed quietly" not in html
    # ... and a save advances it: the row is rendered again.
    newest.refresh_from_db()
    newest.title_en = "Renamed meeting"
    newest.save()
    html = client.get("/en/meetings/").content.decode()
    assert "Renamed meeting" in html and title not in html


def test_kept_fragments_show_a_save_at_once_in_each_language(client):
    """The header's menus, the footer and the glossary's body are kept per content
    generation and language ({% cached_fragment %}), the page around them rendered anew."""
    term = Term.objects.get(slug="belarus")
    source = Source.objects.get(slug="qingdao-initiative-2024")
    html = client.get("/en/glossary/").content.decode()
    assert "<dfn>Belarus\n</dfn>" in html
    assert "dated May 2017 – July 2024." in html
    # Writes that send no signal leave the generation: the kept fragments are served
    # (a new query string, so not the cached page) ...
    Term.objects.filter(pk=term.pk).update(name_en="Republic of Belarus")
    Source.objects.filter(pk=source.pk).update(published="2025-03")
    html = client.get("/en/glossary/?a=1").content.decode()
    assert "Republic of Belarus" not in html and "dated May 2017 – July 2024." in html
    # ... and a save advances it: the glossary and the footer show the change at once.
    term.refresh_from_db()
    term.save()
    source.refresh_from_db()
    source.save()
    html = client.get("/en/glossary/?a=2").content.decode()
    assert "<dfn>Republic of Belarus\n</dfn>" in html
    assert "dated May 2017 – March 2025." in html
    # Each language keeps its own: the Russian menu after the English one.
    html = client.get("/ru/glossary/").content.decode()
    assert '<summary class="menu-button">Меню</summary>' in html
    assert "(май 2017 г. – март 2025 г.)" in html


SCO, SCO_CARD = "Shanghai Cooperation Organization", '<a href="/en/mechanisms/sco/">'


@pytest.mark.parametrize(
    ("path", "name", "renamed"),
    [
        ("/en/", f"{SCO_CARD}Shanghai Cooperation Organization", f"{SCO_CARD}SCO renamed"),
        (
            "/en/mechanisms/",
            f"{SCO_CARD}Shanghai Cooperation Organization",
            f"{SCO_CARD}SCO renamed",
        ),
        ("/en/countries/", "SCO: member state", "SCOR: member state"),
    ],
)
def test_kept_page_bodies_show_a_renamed_mechanism_at_once(client, path, name, renamed):
    """The home page's, the mechanisms' and the countries' bodies are kept per generation."""
    sco = Mechanism.objects.get(slug="sco")
    assert name in client.get(path).content.decode()
    Mechanism.objects.filter(pk=sco.pk).update(name_en="SCO renamed", short_name_en="SCOR")
    html = client.get(f"{path}?a=1").content.decode()
    assert name in html and renamed not in html  # kept: the update sent no signal
    sco.refresh_from_db()
    sco.save()
    html = client.get(f"{path}?a=2").content.decode()
    assert renamed in html and name not in html


def test_a_kept_mechanism_page_shows_a_new_meeting_at_once(client):
    """A mechanism page's body and feed links are kept per record, generation and language."""
    sco = Mechanism.objects.get(slug="sco")
    html = client.get("/en/mechanisms/sco/").content.decode()
    latest = Meeting.objects.published().filter(mechanism=sco).newest_first().first()
    assert latest.title_en in html
    Meeting.objects.filter(pk=latest.pk).update(title_en="Renamed quietly")
    html = client.get("/en/mechanisms/sco/?a=1").content.decode()
    assert latest.title_en in html and "Renamed quietly" not in html  # kept
    f.meeting(slug="sco-newest", title_en="Newest SCO forum", mechanism=sco, when="2031-05")
    html = client.get("/en/mechanisms/sco/?a=2").content.decode()
    assert 'href="/en/meetings/sco-newest/">Newest SCO forum' in html
    # Another mechanism's page is another fragment.
    assert "Newest SCO forum" not in client.get("/en/mechanisms/cica/").content.decode()


@pytest.mark.parametrize(
    ("path", "model", "slug", "field"),
    [
        ("/en/meetings/sco-green-development-forum-2024/", Meeting, None, "description_en"),
        ("/en/documents/sco-environmental-cooperation-concept-2018/", Document, None, "summary_en"),
        ("/en/news/tajikistan-sco-chairmanship-briefing-2021/", Brief, None, "body_en"),
        ("/en/countries/china/", Country, "china", "official_name_en"),
        ("/en/topics/biodiversity/", Topic, "biodiversity", "name_en"),
    ],
)
def test_kept_record_bodies_show_a_save_at_once(client, path, model, slug, field):
    """A record page's body is kept per record, host, generation and language."""
    record = model.objects.get(slug=slug or path.rstrip("/").rsplit("/", 1)[1])
    client.get(path)
    model.objects.filter(pk=record.pk).update(**{field: "Quietly changed text."})
    assert "Quietly changed text." not in _main(client.get(f"{path}?a=1"))  # kept
    record.refresh_from_db()
    record.save()
    assert "Quietly changed text." in _main(client.get(f"{path}?a=2"))


def _main(response):
    """The page's body (the head's JSON-LD is rendered on every request)."""
    html = response.content.decode()
    return html[html.index("<main") :]


def test_a_kept_record_body_names_the_requests_host(client):
    """Citations give absolute URLs: each host has its own copy of the body."""
    path = "/en/meetings/sco-green-development-forum-2024/"
    assert "http://testserver/en/meetings/sco-green" in client.get(path).content.decode()
    html = client.get(path, HTTP_HOST="localhost").content.decode()
    assert "http://localhost/en/meetings/sco-green" in html
    assert "http://testserver/" not in html


def test_a_list_page_with_kept_rows_reads_only_its_ids(client, django_assert_num_queries):
    """Its total and rows are kept per generation: a new meeting shows in both at once."""
    published = Meeting.objects.published().count()
    assert f"{published} meetings" in client.get("/en/meetings/").content.decode()
    # The content generation and the page's ids; the total and the twenty rows are kept.
    with django_assert_num_queries(2):
        client.get("/en/meetings/?a=1")
    f.meeting(slug="listed-at-once", title_en="Listed at once", when="2031-06")
    html = client.get("/en/meetings/?a=2").content.decode()
    assert f"{published + 1} meetings" in html
    assert 'href="/en/meetings/listed-at-once/">Listed at once' in html


def test_a_kept_filter_form_follows_its_values_and_errors(client):
    """The filter form is kept per values, errors, path and sort: never another query's."""
    selected = '<option value="{}" selected>'
    assert selected.format("china") in client.get("/en/meetings/?country=china").content.decode()
    html = client.get("/en/meetings/?country=russia&other=1").content.decode()
    assert selected.format("russia") in html and selected.format("china") not in html
    html = client.get("/en/meetings/?year_from=abc").content.decode()
    assert 'class="form-errors"' in html
    html = client.get("/en/meetings/?year_from=2001&sort=oldest").content.decode()
    assert 'class="form-errors"' not in html and '<option value="oldest" selected>' in html
    assert '<option value="newest" selected>' in client.get("/en/meetings/").content.decode()
    # The documents list has its own form.
    html = client.get("/en/documents/?country=china").content.decode()
    assert '<a href="/en/documents/">' in html and selected.format("china") in html


def test_kept_news_rows_show_a_save_at_once(client):
    latest = Brief.objects.published().order_by("-when", "order", "-pk").first()
    assert escape(latest.title_en) in client.get("/en/news/").content.decode()
    Brief.objects.filter(pk=latest.pk).update(title_en="Quietly retitled")
    assert "Quietly retitled" not in client.get("/en/news/?a=1").content.decode()  # kept
    latest.refresh_from_db()
    latest.save()
    assert "Quietly retitled" in client.get("/en/news/?a=2").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/meetings/sco-green-development-forum-2024/",
        "/en/documents/sco-environmental-cooperation-concept-2018/",
        "/en/news/tajikistan-sco-chairmanship-briefing-2021/",
    ],
)
def test_a_kept_record_page_reads_only_its_own_row(client, django_assert_num_queries, path):
    """Its linked records are read only to render a part that is not kept."""
    first = client.get(path)
    with django_assert_num_queries(2):  # the content generation and the record's row
        again = client.get(f"{path}?a=1")
    assert _main(again) == _main(first)


def test_a_thesaurus_edit_shows_at_once_on_cached_search_pages(client):
    from portal.search.models import Variant

    f.meeting(slug="cache-thesaurus", title_en="Estuary talks")
    first = _get(client, "/en/search/?q=quagga")
    assert "/en/meetings/cache-thesaurus/" not in first.content.decode()
    assert _get(client, "/en/search/?q=quagga")["X-Cache"] == "hit"
    variant = Variant.objects.create(forms="quagga\nestuary")
    again = _get(client, "/en/search/?q=quagga")
    assert again["X-Cache"] == "miss"
    assert "/en/meetings/cache-thesaurus/" in again.content.decode()
    variant.delete()
    after = _get(client, "/en/search/?q=quagga").content.decode()
    assert "/en/meetings/cache-thesaurus/" not in after


def test_a_fragment_is_kept_in_the_process_for_its_generation(client, monkeypatch):
    """The header and footer are read from the process after the first page, not from
    the cache each time; an edit advances the generation and they are rendered anew."""
    from django.core.cache import cache

    client.get("/en/")
    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **kw: reads.append(key) or real_get(key, *a, **kw)
    )
    kept = dict(caching._LOCAL_FRAGMENTS)
    assert any("site-footer" in html for html in kept.values())
    client.get("/en/meetings/?_fresh=1")
    assert reads and not set(reads) & set(kept)

    caching.advance_generation()
    reads.clear()
    client.get("/en/meetings/?_fresh=2")
    generation = caching.current_generation()[0]
    footer = next(key for key, html in kept.items() if "site-footer" in html)
    _, old, rest = footer.split(":", 2)
    assert f"fragment:{generation}:{rest}" in reads  # the new generation's: read anew
    assert int(old) < generation
