"""Meeting and document pages: filters in the URL, bad input, table of contents, queries."""

import re

import pytest

from cooperation.models import Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    mech = f.mechanism(slug="testmech", short_name_en="TM")
    other = f.mechanism(slug="othermech")
    land = f.country(slug="testland")
    water = f.topic("test-water")
    meetings = [
        f.meeting(slug="m-2014", when="2014-06", mechanism=mech, country=land, kind="summit"),
        f.meeting(slug="m-2018", when="2018-06-10", mechanism=mech, kind="forum"),
        f.meeting(slug="m-2019", when="2019-09/2019-10", mechanism=other, kind="forum"),
    ]
    meetings[1].topics.add(water)
    return {"mech": mech, "other": other, "land": land, "meetings": meetings}


def slugs_in(html):
    return re.findall(r'href="/en/meetings/(m-[^/"]+)/"', html)


def test_meeting_list_filters_by_mechanism_kind_year_country_topic(client, data):
    base = "/en/meetings/?"
    assert slugs_in(client.get(base + "mechanism=testmech").content.decode()) == [
        "m-2018",
        "m-2014",
    ]
    assert slugs_in(client.get(base + "mechanism=testmech&sort=oldest").content.decode()) == [
        "m-2014",
        "m-2018",
    ]
    assert slugs_in(client.get(base + "kind=summit&mechanism=testmech").content.decode()) == [
        "m-2014"
    ]
    assert slugs_in(client.get(base + "country=testland").content.decode()) == ["m-2014"]
    assert slugs_in(client.get(base + "topic=test-water").content.decode()) == ["m-2018"]
    in_years = client.get(base + "year_from=2015&year_to=2019&mechanism=othermech")
    assert slugs_in(in_years.content.decode()) == ["m-2019"]


def test_a_year_range_keeps_what_overlaps_it_as_the_search_does(client, data):
    """A meeting of 2020-2025 is in 2022-2023, on the list, in the API and in the search."""
    from portal.search.query import search

    other = data["other"]
    f.meeting(slug="m-span", when="2020/2025", mechanism=other)
    f.meeting(slug="m-2024", when="2024-03", mechanism=other)
    f.meeting(slug="m-undated", when="", mechanism=other)
    expected = {
        "year_from=2022&year_to=2023": ["m-span"],
        "year_from=2024": ["m-2024", "m-span"],
        "year_to=2021": ["m-span", "m-2019"],  # undated never matches
        "year_from=2026": [],
        "year_from=2019&year_to=2019": ["m-2019"],
    }
    for years, slugs in expected.items():
        page = client.get(f"/en/meetings/?mechanism=othermech&{years}")
        assert slugs_in(page.content.decode()) == slugs, years
        assert page.context["count"] == len(slugs), years
        api = client.get(f"/api/v1/meetings/?mechanism=othermech&{years}").json()
        assert [r["slug"] for r in api["results"]] == slugs, years
        assert api["count"] == len(slugs), years
        params = dict(p.split("=") for p in years.split("&"))
        found = search({"type": "meeting", "mechanism": "othermech", **params}, "en")
        assert [r.url.split("/")[-2] for r in found.results] == slugs, years


def test_meeting_and_document_lists_search_words_with_the_site_search(client, data):
    mech = data["mech"]
    f.meeting(
        slug="m-summit",
        title_zh_hans="峰会宣言发布会",
        title_ru="Представление декларации саммита",
        title_en="Presentation of the summit declarations",
        when="2020",
        mechanism=mech,
    )
    f.document(
        slug="d-plan",
        title_zh_hans="绿色城市行动计划",
        title_en="Green cities action plan",
        title_ru="План действий по зелёным городам",
        when="2021",
        mechanism=mech,
    )
    base = "/en/meetings/?mechanism=testmech&q="
    for words in ("峰会", "декларациям", "declaration", "SUMMITS"):
        assert slugs_in(client.get(base + words).content.decode()) == ["m-summit"], words
    assert slugs_in(client.get(base + "峰会上海").content.decode()) == []
    assert slugs_in(client.get(base + "%26%7C%21%28%29").content.decode()) == []
    docs = client.get("/ru/documents/", {"q": "зеленые города", "mechanism": "testmech"})
    assert re.findall(r'href="/ru/documents/([^/"]+)/"', docs.content.decode()) == ["d-plan"]
    # The words stay in the form.
    html = client.get(base + "summit").content.decode()
    assert re.search(r'<input type="text" name="q" value="summit"[^>]*id="id_q"', html)


@pytest.mark.parametrize(
    "words", ['"unbalanced', "back\\slash", "&|!():*", "AND", "NEAR(a b)", "'; DROP TABLE x; --"]
)
def test_list_words_with_query_syntax_are_plain_words(client, data, words):
    for path in ("/en/meetings/", "/ru/documents/"):
        response = client.get(path, {"q": words})
        assert response.status_code == 200
        assert "Some filter values were not understood" not in response.content.decode()


def test_list_words_longer_than_the_limit_are_explained(client, data):
    response = client.get("/en/meetings/", {"q": "x" * 2000})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_filter_state_stays_in_the_form(client, data):
    html = client.get("/en/meetings/?mechanism=testmech&kind=forum").content.decode()
    assert re.search(r'<option value="testmech" selected>', html)
    assert re.search(r'<option value="forum" selected>', html)


@pytest.mark.parametrize(
    "query",
    [
        "mechanism=no-such-thing",
        "kind=banquet",
        "year_from=abc",
        "year_from=99999",
        "country=%00",
        "topic=' OR 1=1 --",
        "page=999",
        "page=-1",
        "page=abc",
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(client, data, query):
    response = client.get(f"/en/meetings/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    if not query.startswith("page"):
        assert "Some filter values were not understood" in html


def test_year_from_after_year_to_is_explained(client, data):
    html = client.get("/en/meetings/?year_from=2019&year_to=2014").content.decode()
    assert "“From year” (2019) is after “To year” (2014)." in html


def test_meeting_page_shows_date_place_and_source(client, data):
    html = client.get("/ru/meetings/m-2014/").content.decode()
    assert "июнь 2014 г." in html
    assert "Тестландия" in html
    assert "test.txt" in html


def test_document_page_has_table_of_contents_and_citation(client, data):
    doc = f.document(
        slug="d-1",
        when="2017-05",
        mechanism=data["mech"],
        city_zh_hans="北京",
        city_en="Beijing",
        issuing_body_en="Ministry",
    )
    f.section(doc, 1, level=1, anchor="chapter-1", number_en="1.", heading_en="Significance")
    f.section(doc, 2, level=2, anchor="chapter-1-1", number_en="(1)", heading_en="Green")
    html = client.get("/en/documents/d-1/").content.decode()
    toc = re.findall(r'<a href="#([a-z0-9-]+)">', html)
    assert toc == ["chapter-1", "chapter-1-1"]
    assert 'id="chapter-1"' in html and 'id="chapter-1-1"' in html
    assert "Test declaration. Ministry. Beijing, May 2017. " in html
    assert "http://testserver/en/documents/d-1/" in html
    assert (
        "Editorial translation made for this portal; the authoritative text is in "
        "Simplified Chinese." in html
    )


def test_missing_translation_falls_back_with_notice(client, data):
    f.meeting(slug="m-zh-only", title_zh_hans="只有中文", title_en="", title_ru="", when="2020")
    html = client.get("/ru/meetings/m-zh-only/").content.decode()
    assert '<span class="fallback" lang="zh-hans">只有中文</span>' in html
    # The language is named in the page's language, in lower case in running Russian text.
    assert "(язык: упрощённый китайский)" in html


def test_switching_language_on_a_meeting_lands_on_the_same_meeting(client, data):
    html = client.get("/ru/meetings/m-2014/").content.decode()
    assert '<a href="/zh-hans/meetings/m-2014/" hreflang="zh-hans"' in html


def test_unknown_meeting_is_a_friendly_404(client):
    response = client.get("/ru/meetings/no-such-meeting/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_list_query_counts_do_not_grow_with_data(client, data, django_assert_max_num_queries):
    for n in range(60):
        f.meeting(slug=f"bulk-{n}", when=f"20{n % 20 + 10}", mechanism=data["mech"])
    with django_assert_max_num_queries(8):
        client.get("/en/meetings/")
    with django_assert_max_num_queries(8):
        client.get("/en/meetings/?mechanism=testmech&page=2")


def test_newest_first_orders_partial_dates_coarse_after_precise_of_same_year(data):
    f.meeting(slug="m-2018-year", when="2018")
    ordered = list(
        Meeting.objects.filter(slug__startswith="m-20")
        .newest_first()
        .values_list("slug", flat=True)
    )
    assert ordered == ["m-2019", "m-2018", "m-2018-year", "m-2014"]


def test_a_draft_is_invisible_to_the_public_but_previewable_by_staff(
    client, data, django_user_model
):
    draft = f.meeting(slug="m-draft", title_en="Secret forum", publication="draft", when="2020")
    assert client.get("/en/meetings/m-draft/").status_code == 404
    assert "m-draft" not in client.get("/en/meetings/").content.decode()
    assert client.get("/en/search/", {"q": "secret", "format": "json"}).json()["count"] == 0
    staff = django_user_model.objects.create_user("staff", password="pw-123456", is_staff=True)
    client.force_login(staff)
    html = client.get("/en/meetings/m-draft/").content.decode()
    assert "Secret forum" in html
    assert "only staff can see this preview" in html
    draft.publication = "published"
    draft.save()
    client.logout()
    assert client.get("/en/meetings/m-draft/").status_code == 200
    assert client.get("/en/search/", {"q": "secret", "format": "json"}).json()["count"] == 1


@pytest.mark.postgres
def test_list_words_are_matched_under_the_search_planner_settings(client, data):
    """On PostgreSQL the list's count and page run with sequential scans off, so the
    words are matched through the GIN index (a scan reads every out-of-line vector).
    The count of one word is the sum of its maintained counts, which matches nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get("/en/meetings/", {"q": "峰会"}).status_code == 200
    sqls = [q["sql"] for q in context.captured_queries]
    settings_at = next(i for i, sql in enumerate(sqls) if "enable_seqscan" in sql)
    matching = [i for i, sql in enumerate(sqls) if "search_searchentry" in sql]
    counted = [i for i, sql in enumerate(sqls) if "search_termfacetcount" in sql]
    assert len(matching) == 1  # the page
    assert len(counted) == 1  # the count
    assert all(i > settings_at for i in matching + counted)


@pytest.mark.parametrize(
    ("language", "place"),
    [
        ("zh-hans", '青岛，<a href="/zh-hans/countries/china/">中国</a>'),
        ("en", 'Qingdao, <a href="/en/countries/china/">China</a>'),
        ("ru", 'Циндао, <a href="/ru/countries/china/">Китай</a>'),
    ],
)
def test_place_reads_city_comma_country_in_the_page_language(client, language, place):
    """One place rule for meetings and documents; Chinese takes the full-width comma."""
    for path in (
        "meetings/sco-green-development-forum-2024",
        "documents/sco-green-development-initiative-2024",
    ):
        html = client.get(f"/{language}/{path}/").content.decode()
        assert f"<dd>{place}</dd>" in re.sub(r"(<dd>)\s+|\s+(</dd>)", r"\1\2", html)


@pytest.mark.parametrize(("language", "separator"), [("zh-hans", "、"), ("en", ", "), ("ru", ", ")])
def test_topics_are_enumerated_with_the_language_own_comma(client, language, separator):
    """Parallel items (topics, countries) take the enumeration comma: 、 in Chinese."""
    html = client.get(f"/{language}/meetings/asean-annex-2019-forum/").content.decode()
    links = re.findall(r'<a href="/[a-z-]+/topics/[a-z-]+/">[^<]+</a>([^<]*)<', html)
    assert links and links[0] == separator


def test_list_with_words_parses_them_once_and_reads_one_page_of_ids(client, data):
    """Kept parts (rows, total, form) aside, a list with words reads the content generation
    and its page's ids: the words are parsed once (no second look-up of their variants),
    and a page whose total is a maintained count sets no planner settings (no
    transaction)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f.meeting(slug="m-words", title_en="Estuary cooperation", when="2020", mechanism=data["mech"])
    first = client.get("/en/meetings/?q=estuary").content.decode()
    assert slugs_in(first) == ["m-words"]
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/en/meetings/?q=estuary&from=feed").content.decode()
    reads = [q["sql"] for q in captured]
    assert len(reads) == 2, reads
    assert "portal_contentgeneration" in reads[0]
    assert '"cooperation_meeting"."id" AS "pk"' in reads[1]
    assert slugs_in(again) == ["m-words"]


def test_a_list_that_counts_its_rows_with_words_plans_them_for_the_index(client, data):
    """A kind filter has no maintained count: the list counts its matching rows, under the
    search's planner settings on PostgreSQL (set_config in a transaction)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f.meeting(slug="m-words", title_en="Estuary forum", when="2020", kind="forum")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/en/meetings/?q=estuary&kind=forum").content.decode()
    assert slugs_in(html) == ["m-words"]
    tuned = [q["sql"] for q in captured if "set_config" in q["sql"]]
    assert len(tuned) == (1 if connection.vendor == "postgresql" else 0)


def test_a_worker_reads_the_variants_of_the_content_generation(client, data):
    """The words' variants are kept per content generation and shared through the cache: a
    new worker does not rebuild them, and one holding an older map sees an edit at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.search import variants
    from portal.search.models import Variant

    f.meeting(slug="m-estuary", title_en="Estuary talks", when="2020", mechanism=data["mech"])
    assert slugs_in(client.get("/en/meetings/?q=quagga").content.decode()) == []
    variants.clear()  # a worker that has not built the map
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/meetings/?q=quagga&page=1")
    assert not [q for q in captured if "portal_term" in q["sql"] or "search_variant" in q["sql"]]
    held = dict(variants._CACHE)
    Variant.objects.create(forms="quagga\nestuary")  # saved on another node:
    variants._CACHE.update(held)  # this worker still holds the older map
    html = client.get("/en/meetings/?q=quagga").content.decode()
    assert slugs_in(html) == ["m-estuary"]


def test_list_filter_sets_share_their_form_class_not_their_state(data):
    """Filters are copied shallowly per request and the form class built once per class:
    each filter set still filters with its own data and validates its own form."""
    from django.http import QueryDict

    from cooperation.filters import DocumentFilter, MeetingFilter

    meetings = Meeting.objects.filter(slug__startswith="m-")
    bad = MeetingFilter(QueryDict("year_from=abc&mechanism=testmech"), queryset=meetings)
    good = MeetingFilter(QueryDict("topic=test-water"), queryset=meetings)
    assert type(bad.form) is type(good.form)
    assert type(bad.form) is not type(DocumentFilter().form)
    assert bad.filters["topic"] is not good.filters["topic"]
    assert not bad.is_valid() and "year_from" in bad.errors
    assert good.is_valid()
    assert [m.slug for m in good.qs] == ["m-2018"]
    assert sorted(m.slug for m in bad.qs) == ["m-2014", "m-2018"]


@pytest.mark.postgres
def test_rare_words_are_read_through_the_index_before_the_list_order(client, data, monkeypatch):
    """Fewer matches than FEW_MATCHES: PostgreSQL reads them first (an array computed
    once), rather than walking the list's date index and testing each record's vector."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.search import query

    for n in range(3):
        f.meeting(slug=f"m-quagga-{n}", title_en="Quagga talks", when=f"202{n}")
    for few in (query.FEW_MATCHES, 2):  # three matches: fewer than FEW_MATCHES, not than 2
        monkeypatch.setattr(query, "FEW_MATCHES", few)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(f"/en/meetings/?q=quagga&few={few}").content.decode()
        assert slugs_in(html) == ["m-quagga-2", "m-quagga-1", "m-quagga-0"]
        ids = [q["sql"] for q in captured if '"cooperation_meeting"."id" AS "pk"' in q["sql"]]
        assert len(ids) == 1
        assert ("= ANY(ARRAY(SELECT" in ids[0]) == (few > 3)


def test_a_list_knows_how_many_records_its_words_alone_match(data):
    from django.http import QueryDict

    from cooperation.counts import maintained_count, word_matches
    from cooperation.filters import MeetingFilter

    f.meeting(slug="m-quagga", title_en="Quagga talks", when="2020", mechanism=data["mech"])
    f.meeting(slug="m-quagga-2", title_en="Quagga forum", when="2021", mechanism=data["other"])
    both = MeetingFilter(QueryDict("q=quagga&mechanism=testmech"), queryset=Meeting.objects.all())
    words = MeetingFilter(QueryDict("q=quagga"), queryset=Meeting.objects.all())
    plain = MeetingFilter(QueryDict("mechanism=testmech"), queryset=Meeting.objects.all())
    assert maintained_count(both, "meeting") == 1
    assert word_matches(both, "meeting", 1) == 2
    assert word_matches(words, "meeting", maintained_count(words, "meeting")) == 2
    assert word_matches(plain, "meeting", 2) is None
