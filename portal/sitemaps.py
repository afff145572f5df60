"""The sitemap: an index (/sitemap.xml) of sections of at most 2,000 URLs each.

Every public page is listed in each language with its hreflang alternates. A section page
reads only its own slice of records (slug and date columns) and builds locations from one
reversed pattern per language, so its cost does not grow with the number of records; the
index reads one count and one latest date per section, kept per content generation
(``caching.remember``: 16 queries were most of the index's CPU). Responses are cached by
the page cache (portal.caching) like every anonymous page.
"""

from django.contrib.sitemaps import Sitemap
from django.db import models
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from cooperation.models import Document, Meeting, Topic
from mechanisms.models import Body, Country, Mechanism
from news.models import Brief, BulletinIssue
from portal import caching, i18n

#: URLs per section page: the protocol allows 50,000, the issue 10,000; rendering 10,000
#: entries with their alternates took ~1.7 s of CPU at 100k meetings, 2,000 take a fifth.
SECTION_URLS = 2_000

_PLACEHOLDER = "__slug__"


class _LanguagePairs:
    """(record, language) pairs over ``items()``'s ``records`` rows, read one slice at a time.

    The queryset is built only when a slice is read: the index only counts.
    """

    def __init__(self, items, languages, records):
        self.items, self.languages, self.records = items, list(languages), records

    def __len__(self):
        return self.records * len(self.languages)

    def count(self):
        return len(self)

    def __getitem__(self, page):
        width = len(self.languages)
        first, last = page.start // width, -(-page.stop // width)
        pairs = [
            (record, language) for record in self.items()[first:last] for language in self.languages
        ]
        offset = first * width
        return pairs[page.start - offset : page.stop - offset]


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = SECTION_URLS


class StaticPagesSitemap(PortalSitemap):
    def items(self):
        return [
            "home",
            "about",
            "glossary",
            "mechanisms:list",
            "mechanisms:countries",
            "cooperation:meetings",
            "cooperation:documents",
            "cooperation:topics",
            "cooperation:projects",
            "news:list",
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(PortalSitemap):
    """Records of one model, by primary key, in slices."""

    model: type[models.Model]  # set by _record_sitemap
    url_name = ""
    dated = True

    def items(self):
        fields = ("pk", "slug", "updated_at") if self.dated else ("pk", "slug")
        queryset = self.model._default_manager.order_by("pk").only(*fields)
        return queryset.published() if hasattr(queryset, "published") else queryset

    def _items(self):
        label = self.model._meta.label
        records = caching.remember(f"sitemap-count:{label}", lambda: self.items().count())
        # Sitemap._languages() is private API, so django-stubs leaves it out.
        return _LanguagePairs(self.items, self._languages(), records)  # type: ignore[attr-defined]

    def _location(self, item, force_lang_code=None):
        record, language = item
        return self._patterns()[force_lang_code or language].replace(_PLACEHOLDER, record.slug)

    def _patterns(self):
        if not hasattr(self, "_pattern_cache"):
            self._pattern_cache = {}
            for language in i18n.LANGUAGE_CODES:
                with translation.override(language):
                    self._pattern_cache[language] = reverse(self.url_name, args=[_PLACEHOLDER])
        return self._pattern_cache

    def lastmod(self, obj):
        return obj.updated_at if self.dated else None

    def get_latest_lastmod(self):
        if not self.dated:
            return None
        return caching.remember(
            f"sitemap-latest:{self.model._meta.label}",
            lambda: self.items().aggregate(latest=Max("updated_at"))["latest"],
        )


def _record_sitemap(model_class, url_name, dated=True):
    attrs = {"model": model_class, "url_name": url_name, "dated": dated}
    return type(f"{model_class.__name__}Sitemap", (RecordSitemap,), attrs)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "topics": _record_sitemap(Topic, "cooperation:topic", dated=False),
    "mechanism": _record_sitemap(Mechanism, "mechanisms:detail"),
    "body": _record_sitemap(Body, "mechanisms:body"),
    "country": _record_sitemap(Country, "mechanisms:country"),
    "meeting": _record_sitemap(Meeting, "cooperation:meeting"),
    "document": _record_sitemap(Document, "cooperation:document"),
    "brief": _record_sitemap(Brief, "news:brief"),
    "bulletinissue": _record_sitemap(BulletinIssue, "news:issue"),
}
