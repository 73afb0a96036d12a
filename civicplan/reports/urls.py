from django.urls import path

from civicplan.reports import views

app_name = "reports"

urlpatterns = [
    path("quarterly/", views.quarterly, name="quarterly"),
]
