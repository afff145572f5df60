"""Reads for the source pages: what the portal took from a source, passage by passage."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.apps import apps
from django.conf import settings

from portal import caching, provenance
from portal.models import Record, Source
from portal.partial_dates import DatePoint, PartialDate


@dataclass
class Passage:
    """A place in the source (its heading path) and the records the portal holds from it."""

    path: str
    anchor: str
    records: list = field(default_factory=list)

    @property
    def quotes_itself(self) -> bool:
        """The heading holds quotation marks: it is shown as printed, not quoted again
        (‘““一带一路”生态环境保护合作规划”’ would read as a stray quotation mark)."""
        return any(mark in self.path for mark in '“”"「」')


def record_models() -> list[type[Record]]:
    """Every concrete public record model, in app order."""
    return [m for m in apps.get_models() if issubclass(m, Record) and not m._meta.abstract]


def records_from(source) -> list[Record]:
    """Every published record taken from ``source`` (one query per record model)."""
    found = []
    for model in record_models():
        related = [
            f.name
            for f in model._meta.fields
            if f.many_to_one and f.name not in ("source", "target_type")
        ]
        found.extend(model.objects.published().filter(source=source).select_related(*related))
    return found


def kinds(records) -> list[dict]:
    """Records by kind, with counts, most first."""
    by_model: dict = {}
    for record in records:
        by_model.setdefault(type(record), 0)
        by_model[type(record)] += 1
    return sorted(
        (
            {"label": m._meta.verbose_name_plural, "count": n, "model": m._meta.model_name}
            for m, n in by_model.items()
        ),
        key=lambda k: (-k["count"], str(k["label"])),
    )


def passages(records) -> list[Passage]:
    """Records grouped by the place they come from, in the source's order."""
    ordered = sorted(
        records,
        key=lambda r: (provenance.first_line(r.locator), provenance.passage_path(r.locator)),
    )
    order = _order_of_path(ordered)
    ordered.sort(key=lambda r: order[provenance.passage_path(r.locator)])
    return [
        Passage(path, f"passage-{i}", list(group))
        for i, (path, group) in enumerate(
            groupby(ordered, key=lambda r: provenance.passage_path(r.locator)), start=1
        )
    ]


def _order_of_path(records) -> dict[str, int]:
    """Each heading path's position: where its first record stands in the source."""
    order: dict[str, int] = {}
    for record in records:
        order.setdefault(provenance.passage_path(record.locator), len(order))
    return order


#: The period's dates, read once per process for requests that know no content generation
#: (the page cache off, staff pages); saving or deleting a source reads them again.
_period_memo: list = []


def content_period(request=None) -> str:
    """The period the sources are dated, in the active language ("May 2017 – July 2024").

    Read from the sources' publication dates as the portal holds them ("c. 2020" counts
    as 2020; an undated source is left out). A page served under the page cache knows
    the content generation, and the dates are kept in the cache per generation (every
    node sees a changed source at once); other requests use a per-process copy.
    """
    if settings.PAGE_CACHE and getattr(request, "content_generation", None) is not None:
        points = caching.remember("content-period", _period_points, request)
    else:
        if not _period_memo:
            reread_period()
        points = _period_memo[0]
    if not points:
        return ""
    first, last = min(points), max(points)
    return (PartialDate(first, last) if last != first else PartialDate(first)).format()


def reread_period(**kwargs) -> None:
    """Read the sources' dates again now (a source was saved or deleted)."""
    _period_memo[:] = [_period_points()]


def _period_points() -> list[DatePoint]:
    points = []
    for published in Source.objects.values_list("published", flat=True):
        text = published.strip().removeprefix("c.").strip()
        try:
            date = PartialDate.parse(text)
        except ValueError:
            continue
        for point in (date.start, date.end or date.start):
            points.append(DatePoint(point.year, point.month))
    return points
