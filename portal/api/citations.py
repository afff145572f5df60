"""Citations of documents, meetings and news briefs: text, BibTeX, RIS and CSL-JSON.

One ``Citation`` per record and language feeds every format, so they agree. Dates keep the
source's precision everywhere: BibTeX ``date = {2017-05}`` (biblatex reads partial dates
and ranges), RIS ``DA  - 2017/05//``, CSL ``"date-parts": [[2017, 5]]``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema

from portal import i18n
from portal.api.calendar import LANGUAGE, requested_language
from portal.api.exports import download
from portal.api.representation import shown
from portal.partial_dates import PartialDate, format_partial_date

#: Per kind of record: BibTeX entry type, RIS type, CSL type.
TYPES = {
    "document": ("misc", "GOVDOC", "document"),
    "meeting": ("misc", "CONF", "event"),
    "news": ("article", "NEWS", "article-newspaper"),
}
_BIBTEX_SPECIAL = {c: f"\\{c}" for c in "&%$#_{}"} | {"\\": r"\textbackslash{}"}


@dataclass(frozen=True)
class Citation:
    key: str
    kind: str
    language: str
    title: str
    author: str
    container: str
    when: str
    place: str
    url: str

    @property
    def date(self) -> PartialDate | None:
        return PartialDate.parse(self.when) if self.when else None

    def lead(self) -> str:
        """``Title. Author. Place, date.`` in the citation's language."""
        with translation.override(self.language):
            date = format_partial_date(self.when)
        parts = [self.title, self.author, self.container]
        tail = ", ".join(p for p in (self.place, date) if p)
        return " ".join(p if p.endswith(".") else f"{p}." for p in [*parts, tail] if p)

    def text(self) -> str:
        """The citation as one line of text, ending with the page's URL."""
        return f"{self.lead()} {self.url}"

    def bibtex(self) -> str:
        entry = TYPES[self.kind][0]
        fields = [
            ("title", _bibtex(self.title)),
            ("author", f"{{{_bibtex(self.author)}}}" if self.author else ""),
            ("journal" if self.kind == "news" else "howpublished", _bibtex(self.container)),
            ("date", self.when),
            ("year", str(self.date.year) if self.date else ""),
            ("address", _bibtex(self.place)),
            ("url", self.url),
            ("language", self.language),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@{entry}{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        date = self.date
        lines = [("TY", TYPES[self.kind][1]), ("TI", self.title)]
        if self.author:
            lines.append(("AU", self.author))
        if self.container:
            lines.append(("T2", self.container))
        if date:
            start = date.start
            month = f"{start.month:02d}" if start.month else ""
            day = f"{start.day:02d}" if start.day else ""
            lines += [("PY", str(start.year)), ("DA", f"{start.year}/{month}/{day}/")]
        if self.place:
            lines.append(("CY", self.place))
        lines += [("UR", self.url), ("LA", self.language), ("ID", self.key), ("ER", "")]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)

    def csl(self) -> dict:
        item: dict[str, Any] = {
            "id": self.key,
            "type": TYPES[self.kind][2],
            "title": self.title,
            "URL": self.url,
            "language": self.language,
        }
        if self.author:
            item["author"] = [{"literal": self.author}]
        if self.container:
            item["container-title"] = self.container
        if self.place:
            item["event-place" if self.kind == "meeting" else "publisher-place"] = self.place
        if self.date:
            ends = [self.date.start, self.date.end] if self.date.end else [self.date.start]
            parts = [[p.year, *(x for x in (p.month, p.day) if x is not None)] for p in ends]
            item["issued"] = {"date-parts": parts}
        return item


def _bibtex(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in text or "")


def _text(record, field, language) -> str:
    return i18n.localized_value(record, field, language)[0] if record is not None else ""


def citation_for(record, language: str, absolute_url) -> Citation:
    """The citation of a document, meeting or news brief in a language."""
    kind = {"Document": "document", "Meeting": "meeting", "Brief": "news"}[type(record).__name__]
    with translation.override(language):
        url = absolute_url(record.get_absolute_url())
    place = [_text(record, "city", language)] if kind != "news" else []
    if kind == "meeting" and shown(record.country) is not None:
        place.append(_text(record.country, "name", language))
    if kind == "document":
        author = _text(record, "issuing_body", language)
    elif kind == "meeting":
        author = _text(shown(record.body) or shown(record.mechanism), "name", language)
    else:
        author = _text(record, "outlet", language)
    container = ""
    if kind == "news":
        issue = record.issue
        container = " ".join(
            p for p in (_text(issue, "title", language), _text(issue, "issue_label", language)) if p
        )
    return Citation(
        key=record.slug,
        kind=kind,
        language=language,
        title=_text(record, "title", language),
        author=author,
        container=container,
        when=record.when,
        place=", ".join(p for p in place if p),
        url=url,
    )


if TYPE_CHECKING:
    # The record viewsets this mixes into (DRF ships no types, so to mypy it is Any).
    from rest_framework.generics import GenericAPIView as _ViewBase
else:
    _ViewBase = object


class CitationMixin(_ViewBase):
    """``<slug>/citation.bib``, ``.ris`` and ``.csl.json`` beside a record."""

    record_downloads = (
        ("citation.bib", "citation_bibtex", "citation-bib"),
        ("citation.ris", "citation_ris", "citation-ris"),
        ("citation.csl.json", "citation_csl", "citation-csl"),
    )

    def _citation(self, request):
        record = self.get_object()
        return citation_for(record, requested_language(request), request.build_absolute_uri)

    @extend_schema(parameters=[LANGUAGE], responses={(200, "application/x-bibtex"): str})
    def citation_bibtex(self, request, *args, **kwargs):
        """The record's citation as BibTeX (biblatex dates: as precise as the source)."""
        citation = self._citation(request)
        return download(
            citation.bibtex(), "application/x-bibtex; charset=utf-8", _name(citation, "bib")
        )

    @extend_schema(
        parameters=[LANGUAGE], responses={(200, "application/x-research-info-systems"): str}
    )
    def citation_ris(self, request, *args, **kwargs):
        """The record's citation as RIS."""
        citation = self._citation(request)
        return download(
            citation.ris(),
            "application/x-research-info-systems; charset=utf-8",
            _name(citation, "ris"),
        )

    @extend_schema(
        parameters=[LANGUAGE],
        responses={(200, "application/vnd.citationstyles.csl+json"): OpenApiTypes.OBJECT},
    )
    def citation_csl(self, request, *args, **kwargs):
        """The record's citation as CSL-JSON (a list of one item)."""
        citation = self._citation(request)
        content = json.dumps([citation.csl()], ensure_ascii=False, indent=1)
        return download(
            content,
            "application/vnd.citationstyles.csl+json; charset=utf-8",
            _name(citation, "json"),
        )


def _name(citation, extension):
    return f"{citation.key}.{extension}"


def citation_links(basename: str, slug: str, language: str) -> list[tuple[str, str]]:
    """(label, URL) of a record's citation downloads, for its page."""
    labels = {"citation-bib": "BibTeX", "citation-ris": "RIS", "citation-csl": "CSL-JSON"}
    return [
        (label, reverse(f"api:{basename}-{name}", args=[slug]) + f"?lang={language}")
        for name, label in labels.items()
    ]
