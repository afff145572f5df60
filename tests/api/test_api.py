"""The read-only API: schema, exact counts, the pages' filters, shapes, drafts, HTTP rules."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils.http import http_date
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from cooperation.models import Document, Meeting
from news.models import Brief
from portal.models import Term
from tests import factories as f

pytestmark = pytest.mark.django_db

#: Published records in the fixtures, per endpoint.
FIXTURE_COUNTS = {
    "mechanisms": 7,
    "countries": 43,
    "memberships": 71,
    "bodies": 47,
    "meetings": 81,
    "documents": 29,
    "quotations": 6,
    "bulletin-issues": 1,
    "news": 12,
    "editor-notes": 6,
    "topics": 18,
    "projects": 25,
    "activities": 21,
    "sources": 5,
    "terms": 85,
}


def test_openapi_schema_validates_and_names_every_resource(client):
    schema = SchemaGenerator(urlconf="portal.api.urls").get_schema(request=None, public=True)
    validate_schema(schema)
    paths = set(schema["paths"])
    for resource in FIXTURE_COUNTS:
        assert f"/{resource}/" in paths
        assert f"/{resource}/{{slug}}/" in paths
        assert f"/{resource}/export.csv" in paths
    assert {"/search/", "/meetings/calendar.ics", "/search/export.csv"} <= paths
    for resource in ("documents", "meetings", "news"):
        assert f"/{resource}/{{slug}}/citation.bib" in paths
    # drf-spectacular's own check: valid OpenAPI 3 and no warning about any endpoint.
    call_command(
        "spectacular",
        "--urlconf=portal.api.urls",
        "--validate",
        "--fail-on-warn",
        stdout=io.StringIO(),
    )
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Environmental Cooperation Portal API"


def test_documentation_page_is_served_from_our_own_static_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "<style" not in html


@pytest.mark.parametrize(("resource", "count"), FIXTURE_COUNTS.items())
def test_every_endpoint_returns_the_fixtures_exact_count(client, resource, count):
    body = client.get(f"/api/v1/{resource}/").json()
    assert body["count"] == count
    assert len(body["results"]) == min(count, 20)
    assert body["previous"] is None
    assert (body["next"] is not None) == (count > 20)


def test_terms_are_the_published_glossary(client):
    Term.objects.create(
        slug="term-draft",
        source=f.source(),
        locator="x",
        kind="concept",
        name_zh_hans="草稿",
        publication="draft",
    )
    body = client.get("/api/v1/terms/?kind=mechanism&page_size=100").json()
    assert body["count"] == Term.objects.published().filter(kind="mechanism").count()
    record = client.get("/api/v1/terms/sco/").json()
    assert record["target"] == {"type": "mechanism", "slug": "sco"}
    assert record["urls"]["en"] == "http://testserver/en/mechanisms/sco/"
    assert record["name"]["en"] == {
        "text": "Shanghai Cooperation Organization",
        "state": "official",
    }
    assert record["abbreviation"]["zh-hans"] == {"text": "上合组织", "state": "official"}
    assert "sco-brochure" in record["sources"]
    assert client.get("/api/v1/terms/term-draft/").status_code == 404


def test_a_meeting_carries_slug_urls_dates_texts_states_and_source(client):
    record = client.get("/api/v1/meetings/sco-green-development-forum-2024/").json()
    assert record["slug"] == "sco-green-development-forum-2024"
    assert record["urls"] == {
        code: f"http://testserver/{code}/meetings/sco-green-development-forum-2024/"
        for code in ("zh-hans", "en", "ru")
    }
    assert record["when"] == {
        "value": "2024-07-08",
        "precision": "day",
        "start": "2024-07-08",
        "end": None,
        "sort": "2024-07-08",
        "display": {"zh-hans": "2024年7月8日", "en": "July 8, 2024", "ru": "8 июля 2024 г."},
    }
    assert record["title"]["zh-hans"] == {
        "text": "上海合作组织国家绿色发展论坛",
        "state": "official",
    }
    assert record["title"]["ru"]["state"] == "editorial"
    assert record["city"]["en"] == {"text": "Qingdao", "state": "official"}
    assert record["text_states"] == {"zh-hans": "official", "en": "official", "ru": "editorial"}
    assert record["source"]["file_name"] == "002_51fa88c6f195bb1e.txt"
    assert record["source"]["locator"]
    assert record["mechanism"] == "sco"


def test_partial_dates_keep_their_precision_and_ranges(client):
    meeting = f.meeting(slug="m-range", when="2019-09/2019-10")
    f.meeting(slug="m-year", when="2017")
    record = client.get(f"/api/v1/meetings/{meeting.slug}/").json()
    assert record["when"]["precision"] == "month"
    assert (record["when"]["start"], record["when"]["end"]) == ("2019-09", "2019-10")
    assert record["when"]["display"]["en"] == "September–October 2019"
    year = client.get("/api/v1/meetings/m-year/").json()["when"]
    assert (year["precision"], year["display"]["zh-hans"], year["display"]["ru"]) == (
        "year",
        "2017年",
        "2017 г.",
    )


def test_document_detail_has_its_sections_in_order(client):
    record = client.get("/api/v1/documents/bri-eco-plan-2017/").json()
    document = Document.objects.get(slug="bri-eco-plan-2017")
    sections = record["sections"]
    assert [s["anchor"] for s in sections] == list(
        document.sections.values_list("anchor", flat=True)
    )
    assert sections[0]["heading"]["zh-hans"]["state"] == "official"
    assert "sections" not in client.get("/api/v1/documents/").json()["results"][0]


PAGE_FILTERS = [
    "mechanism=sco",
    "mechanism=asean&kind={kind}",
    "country=china",
    "topic=climate-change",
    "year_from=2015&year_to=2019",
    "q=峰会",
    "q=climate&mechanism=asean",
    "q=сотрудничество",
]


@pytest.mark.parametrize("query", PAGE_FILTERS)
@pytest.mark.parametrize("resource", ["meetings", "documents"])
def test_filters_give_the_same_records_as_the_pages(client, resource, query):
    query = query.format(kind="seminar" if resource == "meetings" else "action_plan")
    page = client.get(f"/en/{resource}/?{query}")
    api = client.get(f"/api/v1/{resource}/?{query}&page_size=100").json()
    assert api["count"] == page.context["count"]
    page_slugs = [r.slug for r in page.context["page"]]
    assert [r["slug"] for r in api["results"]][: len(page_slugs)] == page_slugs


@pytest.mark.parametrize("query", ["country=russia", "topic=air-quality", "month=2021-01", ""])
def test_news_filters_give_the_same_counts_as_the_news_page(client, query):
    page = client.get(f"/en/news/?{query}")
    assert client.get(f"/api/v1/news/?{query}").json()["count"] == page.context["count"]


def test_oldest_first_and_pagination_links(client):
    oldest = client.get("/api/v1/meetings/?sort=oldest&page_size=5").json()
    assert [r["slug"] for r in oldest["results"]] == list(
        Meeting.objects.published().oldest_first().values_list("slug", flat=True)[:5]
    )
    second = client.get(oldest["next"].replace("http://testserver", ""))
    assert second.json()["previous"] is not None
    assert 'rel="next"' in second["Link"] and 'rel="prev"' in second["Link"]


def test_bad_filters_and_pages_are_4xx_with_a_message(client):
    response = client.get(
        "/api/v1/meetings/?year_from=2020&year_to=2010", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "“From year” (2020) is after “To year” (2010)." in response.json()["__all__"]
    assert client.get("/api/v1/meetings/?mechanism=nope").status_code == 400
    assert client.get("/api/v1/meetings/?page=999").status_code == 404
    assert client.get("/api/v1/meetings/no-such-meeting/").status_code == 404
    assert client.get("/api/v1/search/?year_from=abc").status_code == 400


def test_drafts_never_appear_in_the_api(client):
    draft_body = f.body(slug="draft-body", publication="draft")
    f.meeting(slug="draft-meeting", publication="draft", title_en="Zyxwv draft meeting")
    shown = f.meeting(slug="shown-meeting", when="2030", body=draft_body)
    f.document(slug="draft-document", publication="draft", title_en="Zyxwv draft document")
    counts = {r: client.get(f"/api/v1/{r}/").json()["count"] for r in ("meetings", "documents")}
    assert counts == {"meetings": 82, "documents": 29}
    for path in ("meetings/draft-meeting", "documents/draft-document", "bodies/draft-body"):
        assert client.get(f"/api/v1/{path}/").status_code == 404
    assert client.get(f"/api/v1/meetings/{shown.slug}/").json()["body"] is None
    assert client.get("/api/v1/search/?q=zyxwv&lang=en").json()["count"] == 0
    assert Brief.objects.published().count() == 12


def test_list_query_count_does_not_grow_with_the_page(client, django_assert_num_queries):
    # the maintained total, the page's ids (a narrow sort), the page's records, their topics
    with django_assert_num_queries(4):
        client.get("/api/v1/meetings/?page_size=100")
    with django_assert_num_queries(5):
        client.get("/api/v1/documents/?page_size=100")


@pytest.mark.parametrize(
    ("query", "queries"),
    [("", 4), ("mechanism=sco&year_from=2015", 5), ("topic=climate-change", 5)],
)
def test_list_totals_are_maintained_counts_not_a_count_of_rows(
    client, settings, django_assert_num_queries, query, queries
):
    settings.PAGE_CACHE = False
    # the maintained total, the page's ids, its records, their topics (+ the filter's record)
    with django_assert_num_queries(queries) as captured:
        body = client.get(f"/api/v1/meetings/?{query}").json()
    sql = [q["sql"] for q in captured]  # read before the next request resets the log
    page = client.get(f"/en/meetings/?{query}")
    assert body["count"] == page.context["count"]
    assert not [q for q in sql if "COUNT(" in q and "cooperation_meeting" in q]
    assert any("search_facetcount" in q for q in sql)


def test_a_list_reads_no_long_text_of_related_records(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE = False
    with django_assert_num_queries(5) as queries:
        body = client.get("/api/v1/meetings/?mechanism=sco&page_size=100").json()
    # The rows' queries (the filter's own lookup of the mechanism reads the mechanism).
    sql = " ".join(q["sql"] for q in queries if 'FROM "cooperation_meeting"' in q["sql"])
    assert len(body["results"]) == body["count"] == 8
    assert {r["mechanism"] for r in body["results"]} == {"sco"}
    assert '"mechanisms_mechanism"."slug"' in sql
    assert "background_en" not in sql and "summary_en" not in sql
    # A word filter is counted (the index's counts know no words), as on the page.
    words = client.get("/api/v1/meetings/?q=合作").json()["count"]
    assert words == client.get("/en/meetings/?q=合作").context["count"]


def test_repeated_request_with_the_etag_is_answered_304(client):
    first = client.get("/api/v1/meetings/?mechanism=sco")
    etag = first["ETag"]
    again = client.get("/api/v1/meetings/?mechanism=sco", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/api/v1/meetings/?mechanism=asean", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    f.meeting(
        slug="m-new",
        mechanism=first and Meeting.objects.get(slug="sco-astana-summit-2024").mechanism,
        when="2031",
    )
    changed = client.get("/api/v1/meetings/?mechanism=sco", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200


def test_cors_allows_reading_from_any_origin(client):
    response = client.get("/api/v1/mechanisms/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/meetings/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in client.get("/en/meetings/")


@override_settings(API_RATE_LIMIT="3/min")
def test_past_the_rate_limit_the_answer_is_429_with_retry_after(client):
    for _ in range(3):
        assert client.get("/api/v1/topics/").status_code == 200
    refused = client.get("/api/v1/meetings/export.csv")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    other_address = client.get("/api/v1/topics/", REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200


def test_last_modified_is_the_newest_change_shown(client):
    meeting = Meeting.objects.get(slug="sco-astana-summit-2024")
    meeting.save()
    meeting.refresh_from_db()
    stamp = http_date(meeting.updated_at.timestamp())
    assert client.get(f"/api/v1/meetings/{meeting.slug}/")["Last-Modified"] == stamp
    assert client.get("/api/v1/meetings/?mechanism=sco")["Last-Modified"] == stamp
