"""RSS and Atom feeds of meetings, documents and any search, keeping their filters.

A reader subscribes to "documents about climate change" with the list's own query string
(``/en/documents/rss.xml?topic=climate-change``). Summaries are plain text: the date as
precise as the source gives it, the place, and the first words of the record's summary,
never the record's text re-served as HTML. Item dates are when the portal last changed the
record, or else the start of the record's date (at noon, as the news feed does: a feed
needs a full timestamp to sort by); the summary gives the date as precise as the source.
"""

import datetime as dt
from html import unescape
from typing import TYPE_CHECKING, Any

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cooperation.filters import DocumentFilter, MeetingFilter
from cooperation.models import Document, Meeting
from portal import i18n
from portal.api.http import mark_open_data
from portal.api.representation import shown
from portal.partial_dates import PartialDate, format_partial_date
from portal.search.query import planned_for_words, search

if TYPE_CHECKING:
    # The feeds this mixes into.
    _FeedBase = Feed[Any, Any]
else:
    _FeedBase = object

MAX_ITEMS = 50
SUMMARY_CHARS = 300


def feed_datetime(when: str):
    """The start of a partial date at noon: the timestamp a feed sorts by (None if undated)."""
    if not when:
        return None
    start = PartialDate.parse(when).start
    return timezone.make_aware(dt.datetime(start.year, start.month or 1, start.day or 1, 12))


def plain_summary(*parts: str) -> str:
    """Join non-empty plain-text parts (the last shortened), escaped for the feed.

    RSS descriptions and Django's Atom summaries are read as HTML, so the plain text is
    escaped once: a reader shows ``<b>`` in a record's text as those characters.
    """
    kept = [p.strip() for p in parts if p and p.strip()]
    if kept:
        kept[-1] = Truncator(kept[-1]).chars(SUMMARY_CHARS)
    return escape(" · ".join(kept))


class FilteredFeed(Feed):
    """A feed of one list's records under the list's filters (the request's query string).

    Feed objects are shared between requests: the filters travel as the feed's ``obj``.
    """

    model: type[Meeting | Document] = Meeting
    filterset_class = MeetingFilter
    list_url = "cooperation:meetings"

    def __call__(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET or None, queryset=self.base())
        if filterset.is_bound and not filterset.is_valid():
            return HttpResponseBadRequest(_errors_text(filterset.errors))
        with planned_for_words(request.GET.get("q", "")):
            response = super().__call__(request, filterset=filterset)
        return mark_open_data(response)

    def get_object(self, request, filterset):
        filterset.query_string = request.GET.urlencode()
        return filterset

    def base(self):
        return self.model.objects.published().select_related("mechanism", "country")

    def heading(self):
        return _("meetings")

    def title(self, obj):
        chosen = _chosen_filters(obj)
        suffix = f" ({'; '.join(chosen)})" if chosen else ""
        return _feed_title(f"{self.heading()}{suffix}")

    def description(self, obj):
        return _("Newest first; filtered as the list on the portal.")

    def link(self, obj):
        return reverse(self.list_url) + (f"?{obj.query_string}" if obj.query_string else "")

    def items(self, obj):
        return obj.qs.newest_first()[:MAX_ITEMS]

    def item_title(self, item):
        return i18n.localized_value(item, "title")[0]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_updateddate(self, item):
        return item.updated_at or feed_datetime(item.when)

    def item_pubdate(self, item):
        return feed_datetime(item.when)

    def item_description(self, item):
        place = [i18n.localized_value(item, "city")[0]]
        if shown(item.country) is not None:
            place.append(i18n.localized_value(item.country, "name")[0])
        return plain_summary(
            format_partial_date(item.when), ", ".join(p for p in place if p), self.text_of(item)
        )

    def text_of(self, item):
        theme = i18n.localized_value(item, "theme")[0]
        return theme or i18n.localized_value(item, "description")[0]


MeetingFeed = FilteredFeed


class DocumentFeed(FilteredFeed):
    model = Document
    filterset_class = DocumentFilter
    list_url = "cooperation:documents"

    def heading(self):
        return _("documents")

    def text_of(self, item):
        return i18n.localized_value(item, "summary")[0]


def _chosen_filters(filterset) -> list[str]:
    """The filter values a feed was asked for, as a reader would name them."""
    if not filterset.is_bound:
        return []
    chosen = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        if hasattr(value, "_meta"):
            field = "short_name" if hasattr(value, "short_name") else "name"
            chosen.append(i18n.localized_value(value, field)[0] or str(value))
        elif name == "kind":
            chosen.append(str(dict(filterset.filters["kind"].extra["choices"])[value]))
        elif name == "q":
            chosen.append(f"“{value}”")
        else:
            chosen.append(f"{filterset.filters[name].label}: {int(value)}")
    return chosen


def _feed_title(what: str) -> str:
    return _("Environmental Cooperation Portal: %(feed)s") % {"feed": what}


def _errors_text(errors) -> str:
    return "\n".join(str(message) for messages in errors.values() for message in messages)


class SearchFeed(Feed):
    """The newest results of a search (any words and filters of the search page)."""

    def __call__(self, request, *args, **kwargs):
        params = request.GET.copy()
        params["sort"], params["page"] = "newest", "1"
        outcome = search(params, i18n.current_language())
        if outcome.errors:
            return HttpResponseBadRequest(_errors_text(outcome.errors))
        outcome.query_string = request.GET.urlencode()
        return mark_open_data(super().__call__(request, outcome=outcome))

    def get_object(self, request, outcome):
        return outcome

    def title(self, obj):
        label = _("Search: %(query)s") % {"query": obj.query} if obj.query else _("Search")
        return _feed_title(label)

    def description(self, obj):
        return _("The newest results of this search.")

    def link(self, obj):
        return reverse("search") + (f"?{obj.query_string}" if obj.query_string else "")

    def items(self, obj):
        return obj.results

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return feed_datetime(item.when)

    def item_updateddate(self, item):
        return feed_datetime(item.when)

    def item_description(self, item):
        return plain_summary(
            str(item.kind_label),
            format_partial_date(item.when),
            item.mechanism,
            unescape(strip_tags(str(item.snippet))),
        )


class AtomMixin(_FeedBase):
    feed_type: type[SyndicationFeed] = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class MeetingAtomFeed(AtomMixin, FilteredFeed):
    pass


class DocumentAtomFeed(AtomMixin, DocumentFeed):
    pass


class SearchAtomFeed(AtomMixin, SearchFeed):
    pass
