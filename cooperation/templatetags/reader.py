"""Template filters of the document reader."""

from django import template

from cooperation import reader

register = template.Library()


@register.filter
def table_intro(body):
    """The paragraph that introduces a table the page prints from records."""
    return reader.table_intro(str(body or ""))


@register.filter
def records_count(groups):
    """How many records a list of ``{"label", "records"}`` groups holds."""
    return sum(len(group["records"]) for group in groups)
