"""URLs of the API, version 1: resources, search, exports, the schema and its documentation."""

from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from portal.api import search, views

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("mechanisms", views.MechanismViewSet, basename="mechanisms")
router.register("countries", views.CountryViewSet, basename="countries")
router.register("memberships", views.MembershipViewSet, basename="memberships")
router.register("bodies", views.BodyViewSet, basename="bodies")
router.register("meetings", views.MeetingViewSet, basename="meetings")
router.register("documents", views.DocumentViewSet, basename="documents")
router.register("quotations", views.QuoteViewSet, basename="quotations")
router.register("bulletin-issues", views.IssueViewSet, basename="bulletin-issues")
router.register("news", views.BriefViewSet, basename="news")
router.register("editor-notes", views.EditorNoteViewSet, basename="editor-notes")
router.register("topics", views.TopicViewSet, basename="topics")
router.register("projects", views.KeyProjectViewSet, basename="projects")
router.register("activities", views.ActivityViewSet, basename="activities")
router.register("sources", views.SourceViewSet, basename="sources")
router.register("terms", views.TermViewSet, basename="terms")


def downloads():
    """``<list>/export.csv``, ``<list>/<slug>/citation.bib`` and the like, without a slash."""
    lists = [
        path(
            f"{prefix}/{suffix}",
            viewset.as_view({"get": method}, basename=basename, detail=False),
            name=f"{basename}-{name}",
        )
        for prefix, viewset, basename in router.registry
        for suffix, method, name in viewset.list_downloads
    ]
    records = [
        path(
            f"{prefix}/<slug:slug>/{suffix}",
            viewset.as_view({"get": method}, basename=basename, detail=True),
            name=f"{basename}-{name}",
        )
        for prefix, viewset, basename in router.registry
        for suffix, method, name in getattr(viewset, "record_downloads", ())
    ]
    return lists + records


urlpatterns = [
    path("search/", search.SearchView.as_view(), name="search"),
    path("search/export.csv", search.SearchExportView.as_view(extension="csv"), name="search-csv"),
    path(
        "search/export.json", search.SearchExportView.as_view(extension="json"), name="search-json"
    ),
    path("schema/", SpectacularAPIView.as_view(urlconf="portal.api.urls"), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    *downloads(),
    path("", include(router.urls)),
]
