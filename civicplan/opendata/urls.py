"""The police open data pages."""

from django.urls import path

from civicplan.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("hotspots/", views.hotspots, name="hotspots"),
    path("peer-group/", views.peer_group, name="peer_group"),
    path("record/", views.record, name="record"),
]
