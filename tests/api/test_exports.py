"""Exports of every list and search: CSV with a BOM, JSON, and the meetings calendar."""

import csv
import io
import json

import icalendar
import pytest

from cooperation.models import Meeting
from portal.partial_dates import PartialDate
from tests import factories as f

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en", "ru")


def read_csv(response):
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_meetings_csv_round_trips_through_python_csv_in_each_language(client, language):
    response = client.get("/api/v1/meetings/export.csv?mechanism=sco")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="meetings.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    expected = Meeting.objects.published().filter(mechanism__slug="sco").newest_first()
    assert [r["slug"] for r in rows] == [m.slug for m in expected]
    suffix = language.replace("-", "_")
    for row, meeting in zip(rows, expected, strict=True):
        assert row[f"title_{language}"] == getattr(meeting, f"title_{suffix}")
        assert row[f"description_{language}"] == (getattr(meeting, f"description_{suffix}") or "")
        assert row[f"url_{language}"] == f"http://testserver/{language}/meetings/{meeting.slug}/"
        assert row[f"text_state_{language}"] == meeting.text_state(language)
        assert row["when"] == meeting.when
        assert row["source"] and row["source_locator"] == meeting.locator


def test_every_list_exports_csv_and_json_with_its_count(client):
    for resource, count in [("documents", 29), ("news", 12), ("countries", 43), ("topics", 18)]:
        rows = read_csv(client.get(f"/api/v1/{resource}/export.csv"))
        assert len(rows) == count
        body = json.loads(client.get(f"/api/v1/{resource}/export.json").content)
        assert body["count"] == len(body["results"]) == count


def test_exports_keep_the_filters(client):
    page = client.get("/en/documents/?topic=climate-change&year_from=2015")
    rows = read_csv(client.get("/api/v1/documents/export.csv?topic=climate-change&year_from=2015"))
    assert [r["slug"] for r in rows] == [d.slug for d in page.context["page"]]
    body = json.loads(client.get("/api/v1/news/export.json?country=russia").content)
    assert body["count"] == client.get("/en/news/?country=russia").context["count"]


def test_an_empty_export_still_has_its_header(client):
    rows = client.get("/api/v1/meetings/export.csv?year_from=1901&year_to=1901").content
    header = rows.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["slug", "url_zh-hans", "url_en", "url_ru"]
    assert "title_ru" in header and "when_precision" in header


def test_search_exports_every_result_in_the_search_order(client):
    api = client.get("/api/v1/search/?q=合作&lang=en").json()
    rows = read_csv(client.get("/api/v1/search/export.csv?q=合作&lang=en"))
    assert len(rows) == api["count"] > 20
    assert [r["url"] for r in rows[:20]] == [r["url"] for r in api["results"]]
    body = json.loads(client.get("/api/v1/search/export.json?q=合作&lang=ru").content)
    assert body["count"] == body["exported"] == api["count"]


def calendar_of(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_parses_and_holds_only_days_the_source_gives(client):
    calendar = calendar_of(client.get("/api/v1/meetings/calendar.ics?lang=en"))
    events = calendar.walk("VEVENT")
    published = Meeting.objects.published()
    with_days = [m for m in published if _has_days(m.when)]
    assert len(events) == len(with_days) == 6
    by_uid = {str(e["UID"]).split("@")[0]: e for e in events}
    for meeting in with_days:
        event = by_uid[f"meeting-{meeting.slug}"]
        parsed = PartialDate.parse(meeting.when)
        start = event.decoded("DTSTART")
        assert (start.year, start.month, start.day) == (
            parsed.start.year,
            parsed.start.month,
            parsed.start.day,
        )
        assert event["DTSTART"].params["VALUE"] == "DATE"
    left_out = published.count() - len(with_days)
    assert f"{left_out} meetings whose source gives only a month or a year are left out" in str(
        calendar["DESCRIPTION"]
    )


def _has_days(when):
    if not when:
        return False
    parsed = PartialDate.parse(when)
    return parsed.start.day is not None and (parsed.end is None or parsed.end.day is not None)


def test_calendar_day_ranges_end_the_day_after_and_month_only_meetings_stay_out(client):
    f.meeting(slug="m-days", when="2030-09-02/2030-09-04", title_en="Three-day forum")
    f.meeting(slug="m-month", when="2030-10", title_en="October forum")
    f.meeting(slug="m-months", when="2030-11-30/2030-12", title_en="Open-ended forum")
    calendar = calendar_of(client.get("/api/v1/meetings/calendar.ics?year_from=2030&lang=ru"))
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Тестовый форум"]
    event = events[0]
    assert str(event.decoded("DTSTART")) == "2030-09-02"
    assert str(event.decoded("DTEND")) == "2030-09-05"
    assert "2 " in str(calendar["DESCRIPTION"])


def test_calendar_keeps_filters_and_language(client):
    calendar = calendar_of(client.get("/api/v1/meetings/calendar.ics?mechanism=sco&lang=zh-hans"))
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "上海合作组织国家绿色发展论坛" in summaries
    assert all(Meeting.objects.get(title_zh_hans=s).mechanism.slug == "sco" for s in summaries)


def test_drafts_never_appear_in_exports_or_the_calendar(client):
    f.meeting(slug="draft-day", when="2030-01-02", publication="draft")
    f.document(slug="draft-doc", publication="draft")
    assert b"draft-day" not in client.get("/api/v1/meetings/export.csv").content
    assert b"draft-day" not in client.get("/api/v1/meetings/export.json").content
    assert b"draft-day" not in client.get("/api/v1/meetings/calendar.ics").content
    assert b"draft-doc" not in client.get("/api/v1/documents/export.csv").content


@pytest.mark.parametrize(
    ("page", "links"),
    [
        (
            "/en/meetings/?mechanism=sco&page=2",
            [
                "/api/v1/meetings/export.csv?mechanism=sco",
                "/api/v1/meetings/export.json?mechanism=sco",
                "/api/v1/meetings/calendar.ics?mechanism=sco&amp;lang=en",
            ],
        ),
        ("/ru/documents/?kind=plan", ["/api/v1/documents/export.csv?kind=plan"]),
        ("/zh-hans/news/", ["/api/v1/news/export.csv", "/api/v1/news/export.json"]),
        ("/en/search/?q=climate", ["/api/v1/search/export.csv?q=climate&amp;lang=en"]),
        ("/en/countries/", ["/api/v1/countries/export.csv"]),
        ("/en/mechanisms/", ["/api/v1/mechanisms/export.json"]),
        ("/en/topics/", ["/api/v1/topics/export.csv"]),
        ("/en/projects/", ["/api/v1/projects/export.csv"]),
    ],
)
def test_every_list_page_offers_its_downloads_with_its_filters(client, page, links):
    html = client.get(page).content.decode()
    assert 'class="downloads' in html
    for link in links:
        assert f'href="{link}"' in html


def test_large_exports_stream_the_same_rows(client, monkeypatch):
    whole_csv = client.get("/api/v1/meetings/export.csv?year_from=2010")
    whole_json = json.loads(client.get("/api/v1/meetings/export.json?year_from=2010").content)
    monkeypatch.setattr("portal.api.exports.STREAM_ROWS", 10)
    monkeypatch.setattr("portal.api.exports.CHUNK_ROWS", 7)
    streamed = client.get("/api/v1/meetings/export.csv?year_from=2010")
    assert streamed.streaming and not streamed.has_header("ETag")
    content = b"".join(streamed.streaming_content)
    assert content == whole_csv.content
    streamed_json = client.get("/api/v1/meetings/export.json?year_from=2010")
    body = json.loads(b"".join(streamed_json.streaming_content))
    assert body == whole_json
    assert body["count"] == len(body["results"]) > 10
