"""Open-data URLs under the language prefix: the feeds and the "Data and API" page."""

from django.urls import path

from portal.api import feeds, pages

app_name = "open_data"

urlpatterns = [
    path("data/", pages.data_page, name="data"),
    path("meetings/rss.xml", feeds.MeetingFeed(), name="meetings-rss"),
    path("meetings/atom.xml", feeds.MeetingAtomFeed(), name="meetings-atom"),
    path("documents/rss.xml", feeds.DocumentFeed(), name="documents-rss"),
    path("documents/atom.xml", feeds.DocumentAtomFeed(), name="documents-atom"),
    path("search/rss.xml", feeds.SearchFeed(), name="search-rss"),
    path("search/atom.xml", feeds.SearchAtomFeed(), name="search-atom"),
]
