"""Meetings as an iCalendar file (``.ics``) that keeps the list's filters.

A calendar entry needs a day. A meeting whose source gives only a month or a year cannot
be an all-day event honestly: iCalendar has no month- or year-long "date" (an event from
1 June to 1 July would say it lasted the whole month). Those meetings are left out, and
the calendar's description says how many and where to find them; a day is never invented.
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from icalendar import Calendar, Event

from portal import i18n
from portal.api.exports import download
from portal.api.representation import shown
from portal.partial_dates import DatePoint, PartialDate

ICS_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Environmental Cooperation Portal//Open data//EN"
LANGUAGE = OpenApiParameter(
    "lang", OpenApiTypes.STR, enum=list(i18n.LANGUAGE_CODES), description="Language of texts."
)


def calendar_days(value: str) -> tuple[dt.date, dt.date] | None:
    """First day and the day after the last, when the source gives days; else None."""
    if not value:
        return None
    parsed = PartialDate.parse(value)
    end = parsed.end or parsed.start
    if parsed.start.precision != "day" or end.precision != "day":
        return None
    return _day(parsed.start), _day(end) + dt.timedelta(days=1)


def _day(point: DatePoint) -> dt.date:
    assert point.month is not None and point.day is not None  # calendar_days checked
    return dt.date(point.year, point.month, point.day)


def requested_language(request) -> str:
    code = request.query_params.get("lang", "")
    return code if code in i18n.LANGUAGE_CODES else i18n.DEFAULT_LANGUAGE


def meetings_calendar(meetings, language: str, build_uri) -> bytes:
    """The meetings that have days as all-day events; a description names the others."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Environmental cooperation meetings"))
    left_out = 0
    for meeting in meetings:
        days = calendar_days(meeting.when)
        if days is None:
            left_out += 1
            continue
        calendar.add_component(_event(meeting, days, language, build_uri))
    note = _(
        "Meetings whose source gives a day. %(count)d meetings whose source gives only a "
        "month or a year are left out: a calendar would have to invent a day for them. "
        "They are in the meeting list and its CSV and JSON exports."
    ) % {"count": left_out}
    calendar.add("description", note)
    calendar.add("x-wr-caldesc", note)
    return calendar.to_ical()


def _event(meeting, days, language, build_uri) -> Event:
    event = Event()
    host = build_uri("/").split("//", 1)[-1].strip("/")
    event.add("uid", f"meeting-{meeting.slug}@{host}")
    stamp = meeting.updated_at or timezone.make_aware(dt.datetime(2000, 1, 1))
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", days[0])
    event.add("dtend", days[1])
    event.add("summary", i18n.localized_value(meeting, "title", language)[0])
    place = [i18n.localized_value(meeting, "city", language)[0]]
    if shown(meeting.country) is not None:
        place.append(i18n.localized_value(meeting.country, "name", language)[0])
    if any(place):
        event.add("location", ", ".join(p for p in place if p))
    description = i18n.localized_value(meeting, "theme", language)[0]
    description = description or i18n.localized_value(meeting, "description", language)[0]
    if description:
        event.add("description", description)
    with translation.override(language):
        event.add("url", build_uri(reverse("cooperation:meeting", args=[meeting.slug])))
    return event


if TYPE_CHECKING:
    # The meeting viewset this mixes into (DRF ships no types, so to mypy it is Any).
    from rest_framework.generics import GenericAPIView as _ViewBase
else:
    _ViewBase = object


class CalendarMixin(_ViewBase):
    """``calendar.ics`` beside the meeting list, with the same filters."""

    list_downloads: tuple[tuple[str, str, str], ...] = (
        ("export.csv", "export_csv", "export-csv"),
        ("export.json", "export_json", "export-json"),
        ("calendar.ics", "calendar", "calendar"),
    )

    @extend_schema(
        filters=True,
        parameters=[LANGUAGE],
        responses={(200, "text/calendar"): OpenApiResponse(description="iCalendar")},
    )
    def calendar(self, request, *args, **kwargs):
        """Meetings with days as all-day events; month- or year-only meetings left out."""
        language = requested_language(request)
        with self.planned():
            meetings = list(self.filter_queryset(self.get_queryset()))
        with translation.override(language):
            content = meetings_calendar(meetings, language, request.build_absolute_uri)
        return download(content.decode("utf-8"), ICS_TYPE, "meetings.ics")
