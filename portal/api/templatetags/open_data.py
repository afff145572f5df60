"""Template tags of the open-data layer: download and feed links, JSON-LD, citation meta."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def filtered_url(context, name, **extra):
    """The URL named ``name`` with the page's filters (not its page number) and ``extra``."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    for key, value in extra.items():
        query[key] = value
    encoded = query.urlencode()
    return reverse(name) + (f"?{encoded}" if encoded else "")
