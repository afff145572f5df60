from django.urls import path

from mechanisms import views

app_name = "mechanisms"

urlpatterns = [
    path("mechanisms/", views.mechanism_list, name="list"),
    path("mechanisms/<slug:slug>/", views.mechanism_detail, name="detail"),
    path("bodies/<slug:slug>/", views.body_detail, name="body"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<slug:slug>/", views.country_detail, name="country"),
]
