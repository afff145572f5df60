"""The sitemap: an index (/sitemap.xml) of sections of at most 2,000 URLs each.

Every public page is listed in each language with its hreflang alternates (and an
``x-default`` without the language prefix). A section of records is a fixed range of
primary keys, ``?p=N`` holding the records with ``(N - 1) * SPAN < pk <= N * SPAN``: it
reads its slice through the primary key's index (keyset, never an OFFSET past the records
before it), in narrow rows (slug and date), and writes the XML from one reversed pattern
per language, without a template. A range can hold fewer records than SPAN (drafts,
deleted records) and stays where it is, so a section's address keeps naming the same
records. The index reads the first and last primary key and the latest change of each
section: its cost does not grow with the records either. Responses are cached by the page
cache (portal.caching) like every anonymous page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from cooperation.models import Document, Meeting, Topic
from mechanisms.models import Body, Country, Mechanism
from news.models import Brief, BulletinIssue
from portal import caching, i18n
from portal.models import Publication

#: URLs per section: the protocol allows 50,000, the issue 10,000; 2,000 URLs with their
#: alternates are 1 MB of XML (20 KB gzipped) and cost ~15 ms to write.
SECTION_URLS = 2_000

#: Records per section: every record is listed once per language.
SPAN = SECTION_URLS // len(i18n.LANGUAGE_CODES)

#: The static pages, by URL name, in the order the section lists them.
STATIC_PAGES = (
    "home",
    "about",
    "glossary",
    "mechanisms:list",
    "mechanisms:countries",
    "cooperation:meetings",
    "cooperation:documents",
    "cooperation:topics",
    "cooperation:projects",
    "news:list",
)

URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
INDEX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)

_PLACEHOLDER = "__slug__"


@dataclass(frozen=True)
class RecordSection:
    """The published records of one model, one page each, by primary key."""

    model: type[models.Model]
    url_name: str
    dated: bool = True

    def records(self) -> models.QuerySet:
        queryset = self.model._default_manager.all()
        return queryset.published() if hasattr(queryset, "published") else queryset

    def numbers(self) -> tuple[range, datetime | None]:
        """The sections from the first record's to the last's, and the latest change.

        Reads one row at each end of the primary key (drafts included: a range of drafts
        is an empty section) and the latest change through (publication, updated_at).
        """
        keys = self.model._base_manager.order_by().values_list("pk", flat=True)
        first, last = keys.order_by("pk").first(), keys.order_by("-pk").first()
        if first is None or last is None:
            return range(0), None
        latest = None
        if self.dated:
            changes = self.records().exclude(updated_at=None).order_by("-updated_at")
            latest = changes.values_list("updated_at", flat=True).first()
        return range(_section_of(first), _section_of(last) + 1), latest

    def rows(self, number: int) -> list[tuple[str, datetime | None]]:
        """(slug, last change) of the section's published records, in primary key order.

        One read of the key range, drafts included, kept to the published ones here (the
        rule for one record, ``Record.is_published``): with the rule in the query, a
        planner without statistics (SQLite's) walks the publication index instead.
        """
        fields = ("slug", "updated_at") if self.dated else ("slug",)
        in_range = {"pk__gt": (number - 1) * SPAN, "pk__lte": number * SPAN}
        records = self.records()
        own_rule = hasattr(records, "published") and not getattr(records, "public_links", ())
        if own_rule:  # the publication column alone decides
            records = self.model._base_manager.all()
            fields = (*fields, "publication")
        rows = records.filter(**in_range).order_by("pk").values_list(*fields)
        return [
            (row[0], row[1] if self.dated else None)
            for row in rows
            if not own_rule or row[-1] == Publication.PUBLISHED
        ]


SECTIONS: dict[str, RecordSection | None] = {
    "pages": None,
    "topics": RecordSection(Topic, "cooperation:topic", dated=False),
    "mechanism": RecordSection(Mechanism, "mechanisms:detail"),
    "body": RecordSection(Body, "mechanisms:body"),
    "country": RecordSection(Country, "mechanisms:country"),
    "meeting": RecordSection(Meeting, "cooperation:meeting"),
    "document": RecordSection(Document, "cooperation:document"),
    "brief": RecordSection(Brief, "news:brief"),
    "bulletinissue": RecordSection(BulletinIssue, "news:issue"),
}


def _section_of(pk: int) -> int:
    return (pk - 1) // SPAN + 1


def _site(request) -> str:
    return f"{request.scheme}://{get_current_site(request).domain}"


def _day(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


def _section_numbers() -> dict[str, tuple[range, datetime | None]]:
    return {name: section.numbers() for name, section in SECTIONS.items() if section}


def index_xml(request) -> str:
    """The sitemap index: every section, with the latest change of its records.

    The sections' ranges and latest changes (three reads per model) are kept per content
    generation: an uncached index costs no more than writing it out.
    """
    site = _site(request)
    known = caching.remember("sitemap-sections", _section_numbers, request)
    entries = []
    for name, section in SECTIONS.items():
        location = f"{site}{reverse('sitemap-section', kwargs={'section': name})}"
        numbers, latest = known[name] if section else (range(1, 2), None)
        lastmod = f"<lastmod>{timezone.localtime(latest).isoformat()}</lastmod>" if latest else ""
        for number in numbers or range(1, 2):
            page = location if number == 1 else f"{location}?p={number}"
            entries.append(f"<sitemap><loc>{escape(page)}</loc>{lastmod}</sitemap>")
    return INDEX + "".join(entries) + "\n</sitemapindex>\n"


def section_xml(request, name: str, number: int) -> tuple[str, datetime | None] | None:
    """A section's XML and its latest change; None when there is no such section.

    A range with no published record left answers an empty list while it lies between
    the first and the last section (the index lists it); past them it is not found.
    """
    if name not in SECTIONS:
        return None
    section = SECTIONS[name]
    if section is None:
        static = [(_patterns(url_name), None) for url_name in STATIC_PAGES]
        return (_urlset(_site(request), static), None) if number == 1 else None
    rows = section.rows(number)
    if not rows and number != 1 and number not in section.numbers()[0]:
        return None
    patterns = _patterns(section.url_name, _PLACEHOLDER)
    pages = [
        ({code: path.replace(_PLACEHOLDER, slug) for code, path in patterns.items()}, changed)
        for slug, changed in rows
    ]
    changes = [changed for _slug, changed in rows if changed is not None]
    latest = max(changes) if changes and len(changes) == len(rows) else None
    return _urlset(_site(request), pages), latest


def _patterns(url_name: str, *args: str) -> dict[str, str]:
    """The page's path in every language, and without a prefix (``x-default``)."""
    paths = {}
    for language in i18n.LANGUAGE_CODES:
        with translation.override(language):
            paths[language] = reverse(url_name, args=args)
    default = paths[settings.LANGUAGE_CODE]
    paths["x-default"] = default.replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)
    return paths


def _urlset(site: str, pages: Sequence[tuple[dict[str, str], datetime | None]]) -> str:
    """One ``<url>`` per page and language, each with the page's alternates."""
    out = [URLSET]
    for paths, changed in pages:
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{escape(site + path)}"/>'
            for code, path in paths.items()
        )
        lastmod = f"<lastmod>{_day(changed)}</lastmod>" if changed else ""
        for language in i18n.LANGUAGE_CODES:
            out.append(f"<url><loc>{escape(site + paths[language])}</loc>{lastmod}")
            out.append(alternates)
            out.append("</url>")
    out.append("\n</urlset>\n")
    return "".join(out)
