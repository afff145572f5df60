"""``{% url_with %}``: the links that keep a page's query string with one change."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from portal.templatetags.portal import url_with


def _render(source, query):
    request = RequestFactory().get(f"/en/search/?{query}" if query else "/en/search/")
    template = Template("{% load portal %}" + source)
    return template.render(Context({"request": request, "name": "topic"}))


@pytest.mark.parametrize(
    ("query", "changes", "expected"),
    [
        # A kept key stays in place, a new one comes last, None or "" removes one.
        ("q=climate&page=2&type=meeting", {"page": 3}, "?q=climate&page=3&type=meeting"),
        ("q=climate&page=2", {"topic": "water"}, "?q=climate&page=2&topic=water"),
        ("q=climate&page=2", {"page": None}, "?q=climate"),
        ("q=climate&page=2", {"page": ""}, "?q=climate"),
        ("page=2", {"page": None}, "?"),
        ("", {"format": "json"}, "?format=json"),
        # Repeated keys keep every value; a change replaces them all.
        ("type=a&q=x&type=b", {"page": 2}, "?type=a&type=b&q=x&page=2"),
        ("type=a&q=x&type=b", {"type": "c"}, "?type=c&q=x"),
        # Encoded as a query string: spaces as +, Chinese and reserved characters escaped.
        ("q=%E5%90%88%E4%BD%9C+x%26y", {"page": 2}, "?q=%E5%90%88%E4%BD%9C+x%26y&page=2"),
        ("q=a", {"q": "森林 & water"}, "?q=%E6%A3%AE%E6%9E%97+%26+water"),
    ],
)
def test_url_with_changes_one_parameter_and_keeps_the_rest(query, changes, expected):
    request = RequestFactory().get(f"/en/search/?{query}")
    assert url_with({"request": request}, **changes) == expected
    # The same string as copying the QueryDict, changing it and encoding it.
    copy = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            copy.pop(key, None)
        else:
            copy[key] = value
    assert expected == f"?{copy.urlencode()}"


def test_url_with_key_and_repeated_links_on_one_page():
    html = _render(
        "{% url_with_key name 'water' page=None %} {% url_with_key name None %} "
        "{% url_with page=4 %}",
        "q=rivers&topic=forests&page=2",
    )
    assert (
        html
        == "?q=rivers&amp;topic=water ?q=rivers&amp;page=2 ?q=rivers&amp;topic=forests&amp;page=4"
    )
