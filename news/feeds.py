"""RSS 2.0 and Atom feeds of the news briefs, one per language (the URL prefix)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from news.models import Brief
from portal import i18n
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

    def items(self):
        return Brief.objects.published().select_related("issue").order_by("-when", "order")[:50]

    def item_title(self, item):
        return i18n.localized_value(item, "title")[0]

    def item_description(self, item):
        return i18n.localized_value(item, "body")[0]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return _pubdate(item.when)

    def item_updateddate(self, item):
        # Atom requires <updated>; the source gives only a publication date.
        return _pubdate(item.when)

    def item_author_name(self, item):
        return i18n.localized_value(item, "outlet")[0] or None

    def item_guid(self, item):
        return item.get_absolute_url()


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
