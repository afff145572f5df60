from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("news/", views.brief_list, name="list"),
    path("news/rss.xml", feeds.NewsFeed(), name="rss"),
    path("news/atom.xml", feeds.AtomNewsFeed(), name="atom"),
    path("news/issues/<slug:slug>/", views.issue_detail, name="issue"),
    path("news/<slug:slug>/", views.brief_detail, name="brief"),
]
