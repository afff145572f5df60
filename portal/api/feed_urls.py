"""Feeds under the language prefix (their texts are in the page's language)."""

from django.urls import path

from portal.api import feeds

app_name = "feeds"

urlpatterns = [
    path("meetings/rss.xml", feeds.MeetingFeed(), name="meetings-rss"),
    path("meetings/atom.xml", feeds.MeetingAtomFeed(), name="meetings-atom"),
    path("documents/rss.xml", feeds.DocumentFeed(), name="documents-rss"),
    path("documents/atom.xml", feeds.DocumentAtomFeed(), name="documents-atom"),
    path("search/rss.xml", feeds.SearchFeed(), name="search-rss"),
    path("search/atom.xml", feeds.SearchAtomFeed(), name="search-atom"),
]
