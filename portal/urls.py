"""Root URLs: every public page lives under a language prefix (/zh-hans/, /en/, /ru/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from portal import review, views
from portal.search import views as search_views
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
    # An index of sections of at most 2,000 URLs each (portal.sitemaps).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        # Django's sitemap view; the entries written in Python (portal/templatetags/sitemap_xml.py).
        {"sitemaps": SITEMAPS, "template_name": "portal/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        f"{settings.ADMIN_URL}translations-to-review/",
        admin.site.admin_view(review.review_view),
        name="translations_to_review",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("portal.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("glossary/", views.glossary, name="glossary"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("search/", search_views.search_view, name="search"),
    path("", include("mechanisms.urls")),
    path("", include("cooperation.urls")),
    path("", include("news.urls")),
    path("", include("portal.api.site_urls")),
    prefix_default_language=True,
)

handler500 = "portal.views.server_error"
