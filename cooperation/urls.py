from django.urls import path

from cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<slug:slug>/", views.document_detail, name="document"),
    path(
        "documents/<slug:slug>/parallel/<str:language>/",
        views.document_parallel,
        name="document_parallel",
    ),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("activities/<slug:slug>/", views.activity_detail, name="activity"),
]
