"""schema.org JSON-LD for record pages: Event, Legislation or CreativeWork, NewsArticle,
Organization. Dates are ISO 8601 as precise as the source (``2014-06``), never a guessed day.
"""

from __future__ import annotations

from portal import i18n
from portal.partial_dates import PartialDate

#: Document kinds that are legal instruments (binding or not); other documents are works.
LEGAL_KINDS = {"agreement", "memorandum", "declaration", "joint_statement", "communique"}


def _text(record, field, language):
    return i18n.localized_value(record, field, language)[0] if record is not None else ""


def _dates(when: str) -> tuple[str, str]:
    if not when:
        return "", ""
    parsed = PartialDate.parse(when)
    return str(parsed.start), str(parsed.end or "")


def _organization(record, language, absolute_url=None) -> dict | None:
    if record is None:
        return None
    data = {"@type": "Organization", "name": _text(record, "name", language)}
    if absolute_url is not None and hasattr(record, "get_absolute_url"):
        data["url"] = absolute_url(record.get_absolute_url())
    return data


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def meeting(record, language, absolute_url) -> dict:
    start, end = _dates(record.when)
    place = _clean(
        {
            "@type": "Place",
            "name": ", ".join(
                p
                for p in (_text(record, "city", language), _text(record.country, "name", language))
                if p
            ),
            "address": _clean(
                {
                    "@type": "PostalAddress",
                    "addressCountry": _text(record.country, "name", language),
                }
            )
            if record.country
            else None,
        }
    )
    return _clean(
        {
            "@type": "Event",
            "name": _text(record, "title", language),
            "startDate": start,
            "endDate": end,
            "location": place if place.get("name") else None,
            "organizer": _organization(record.body or record.mechanism, language, absolute_url),
            "description": _text(record, "theme", language)
            or _text(record, "description", language),
        }
    )


def document(record, language, absolute_url) -> dict:
    start, _end = _dates(record.when)
    issuer = _text(record, "issuing_body", language)
    return _clean(
        {
            "@type": "Legislation" if record.kind in LEGAL_KINDS else "CreativeWork",
            "name": _text(record, "title", language),
            "datePublished": start,
            "publisher": {"@type": "Organization", "name": issuer} if issuer else None,
            "abstract": _text(record, "summary", language),
        }
    )


def brief(record, language, absolute_url) -> dict:
    start, _end = _dates(record.when)
    outlet = _text(record, "outlet", language)
    return _clean(
        {
            "@type": "NewsArticle",
            "headline": _text(record, "title", language),
            "datePublished": start,
            "sourceOrganization": {"@type": "Organization", "name": outlet} if outlet else None,
            "isPartOf": _clean(
                {
                    "@type": "PublicationIssue",
                    "name": _text(record.issue, "title", language),
                    "issueNumber": _text(record.issue, "issue_label", language),
                    "url": absolute_url(record.issue.get_absolute_url()),
                }
            ),
        }
    )


def organization(record, language, absolute_url) -> dict:
    founded, _end = _dates(getattr(record, "established", "") or getattr(record, "launched", ""))
    return _clean(
        {
            "@type": "Organization",
            "name": _text(record, "name", language),
            "alternateName": _text(record, "short_name", language),
            "foundingDate": founded,
            "parentOrganization": _organization(
                getattr(record, "mechanism", None), language, absolute_url
            ),
            "email": getattr(record, "email", ""),
            "sameAs": getattr(record, "website", "") or None,
        }
    )


BUILDERS = {
    "Meeting": meeting,
    "Document": document,
    "Brief": brief,
    "Mechanism": organization,
    "Body": organization,
}


def json_ld(record, language: str, absolute_url) -> dict:
    """The record's schema.org description in a language, with its page as ``@id``/``url``."""
    data = BUILDERS[type(record).__name__](record, language, absolute_url)
    page = absolute_url(record.get_absolute_url())
    data = {"@context": "https://schema.org", **data, "@id": page, "inLanguage": language}
    data.setdefault("url", page)
    return data
