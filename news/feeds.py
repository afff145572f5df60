"""RSS 2.0 and Atom feeds of the news briefs, one per language (the URL prefix)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from news.models import Brief
from portal import caching, i18n
from portal.partial_dates import PartialDate


def _pubdate(when: str):
    """A feed needs a datetime: use the start of the partial date, at noon, never a guess."""
    if not when:
        return None
    start = PartialDate.parse(when).start
    return timezone.make_aware(dt.datetime(start.year, start.month or 1, start.day or 1, 12))


class NewsFeed(Feed):
    title = _("Environmental Cooperation Portal: news")
    description = _("Environmental news briefs from the SCO region.")

    def link(self):
        return reverse("news:list")

    def get_object(self, request, *args, **kwargs):
        return request

    def items(self, request):
        # Kept per content generation and language for requests under the page cache: the
        # briefs' read, their fallbacks, dates and URLs were half of the feed's CPU.
        if caching.under_page_cache(request):
            return caching.remember("news-feed-items", _items, request)
        return _items()

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["description"]

    def item_link(self, item):
        return item["link"]

    def item_pubdate(self, item):
        return item["pubdate"]

    def item_updateddate(self, item):
        # Atom requires <updated>; the source gives only a publication date.
        return item["pubdate"]

    def item_author_name(self, item):
        return item["author"]

    def item_guid(self, item):
        return item["link"]


def _items() -> list[dict]:
    """The latest 50 published briefs as the feed shows them, in the active language."""
    columns = ("title", "body", "outlet")
    briefs = (
        Brief.objects.published()
        .only("slug", "when", *(column for name in columns for column in i18n.columns(name)))
        .order_by("-when", "order")[:50]
    )
    return [
        {
            "title": i18n.localized_value(brief, "title")[0],
            "description": i18n.localized_value(brief, "body")[0],
            "link": brief.get_absolute_url(),
            "pubdate": _pubdate(brief.when),
            "author": i18n.localized_value(brief, "outlet")[0] or None,
        }
        for brief in briefs
    ]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
