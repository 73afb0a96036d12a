"""The catalogue's pages: a performance officer changes how an indicator is monitored and its
targets. The indicator list and each indicator's page show its figures, so they are monitoring's."""

from django.urls import path

from civicplan.indicators import views

app_name = "indicators"

urlpatterns = [
    path("<str:code>/settings/", views.indicator_settings, name="settings"),
    path("<str:code>/targets/", views.indicator_targets, name="targets"),
]
