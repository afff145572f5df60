"""A sitemap section's entries written in Python: the template engine took 13 ms for 243.

``{% sitemap_entries urlset %}`` writes what Django's ``sitemap.xml`` template writes
inside ``{% spaceless %}`` (the same escaping, the same date filter), for a fraction of
the cost: each entry had a dozen template nodes, and a section lists up to 2,000 URLs.
``html.escape`` is what Django's ``escape`` calls, without its check for lazy strings.
"""

from html import escape

from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

register = template.Library()


@register.simple_tag
def sitemap_entries(urlset):
    """The ``<url>`` elements of a section, as Django's sitemap template renders them."""
    parts = []
    for url in urlset:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url["lastmod"]:
            lastmod = date_format(template_localtime(url["lastmod"]), "Y-m-d")
            parts.append(f"<lastmod>{escape(lastmod)}</lastmod>")
        if url["changefreq"]:
            parts.append(f"<changefreq>{escape(str(url['changefreq']))}</changefreq>")
        if url["priority"]:
            parts.append(f"<priority>{escape(str(url['priority']))}</priority>")
        for alternate in url["alternates"]:
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}"'
                f' href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
