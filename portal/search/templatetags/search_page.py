"""The search page's repeated items: its results and the refine box's values.

Written as tags rather than as loops in the templates: per item the loops' tags (an
``if`` per attribute, a variable per text) cost the page 0.2-0.3 ms for each list (20
results, some 30 values); the markup is the same. Texts are escaped as templates escape
them (``_html``: safe strings as they are, anything else through ``html.escape``), without
``format_html``'s lazy-string wrappers, which cost as much as the loops.
"""

from html import escape

from django import template
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _html(value) -> str:
    """``value`` as HTML: a safe string as it is, anything else escaped."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _lang(code: str) -> str:
    """A ``lang`` attribute when the text is not in the page's language, else nothing."""
    return f' lang="{escape(code)}"' if code else ""


@register.simple_tag
def result_items(rows) -> str:
    """The results (``views.result_rows``) as ``<li class="record">`` items: the linked,
    marked title, the meta line and the snippet."""
    items = []
    for row in rows:
        snippet = (
            f'\n<p class="snippet"{_lang(row["snippet_lang"])}>{_html(row["snippet"])}</p>'
            if row["snippet"]
            else ""
        )
        items.append(
            f'<li class="record">\n<a href="{_html(row["url"])}"{_lang(row["title_lang"])}>'
            f'{_html(row["title_html"])}</a>\n<span class="meta">{_html(row["meta"])}</span>'
            f"{snippet}\n</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every text escaped by _html


@register.simple_tag
def facet_items(values) -> str:
    """One facet's values (``views.facet_groups``) as ``<li>`` items: a chosen value in
    bold with a link that removes it, any other as a link that narrows the search to it,
    each with its count."""
    remove = _html(gettext("remove"))
    items = [
        (
            f"<li>\n<strong>{_html(value['label'])}</strong> {_html(value['count'])}\n"
            f'<a href="{_html(value["url"])}">{remove}</a>\n</li>'
        )
        if value["chosen"]
        else (
            f'<li>\n<a href="{_html(value["url"])}">{_html(value["label"])}</a> '
            f"{_html(value['count'])}\n</li>"
        )
        for value in values
    ]
    return mark_safe("\n".join(items))  # noqa: S308 - every text escaped by _html
