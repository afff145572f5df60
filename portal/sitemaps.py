"""sitemap.xml: every public page, in each language, with its hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cooperation.models import Document, Meeting, Topic
from mechanisms.models import Body, Country, Mechanism
from news.models import Brief, BulletinIssue


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


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
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


def _record_sitemap(model_class):
    return type(f"{model_class.__name__}Sitemap", (RecordSitemap,), {"model": model_class})


class TopicSitemap(PortalSitemap):
    def items(self):
        return Topic.objects.order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "topics": TopicSitemap,
    **{
        model._meta.model_name: _record_sitemap(model)
        for model in (Mechanism, Body, Country, Meeting, Document, Brief, BulletinIssue)
    },
}
