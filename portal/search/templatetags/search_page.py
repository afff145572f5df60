"""The search page's repeated items: its results and the refine box's values.

Written as tags rather than as loops in the templates: per item the loops' tags (an
``if`` per attribute, a variable per text) cost the page 0.2-0.3 ms for each list (20
results, some 30 values); the markup is the same.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _lang(code: str):
    """A ``lang`` attribute when the text is not in the page's language, else nothing."""
    return format_html(' lang="{}"', code) if code else ""


@register.simple_tag
def result_items(rows) -> str:
    """The results (``views.result_rows``) as ``<li class="record">`` items: the linked,
    marked title, the meta line and the snippet."""
    items = []
    for row in rows:
        snippet = (
            format_html('\n<p class="snippet"{}>{}</p>', _lang(row["snippet_lang"]), row["snippet"])
            if row["snippet"]
            else ""
        )
        items.append(
            format_html(
                '<li class="record">\n<a href="{}"{}>{}</a>\n<span class="meta">{}</span>{}\n</li>',
                row["url"],
                _lang(row["title_lang"]),
                row["title_html"],
                row["meta"],
                snippet,
            )
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every item built by format_html


@register.simple_tag
def facet_items(values) -> str:
    """One facet's values (``views.facet_groups``) as ``<li>`` items: a chosen value in
    bold with a link that removes it, any other as a link that narrows the search to it,
    each with its count."""
    remove = gettext("remove")
    items = [
        format_html(
            '<li>\n<strong>{}</strong> {}\n<a href="{}">{}</a>\n</li>',
            value["label"],
            value["count"],
            value["url"],
            remove,
        )
        if value["chosen"]
        else format_html(
            '<li>\n<a href="{}">{}</a> {}\n</li>', value["url"], value["label"], value["count"]
        )
        for value in values
    ]
    return mark_safe("\n".join(items))  # noqa: S308 - every item built by format_html
