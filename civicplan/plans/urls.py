from django.urls import path

from civicplan.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("policies/", views.policies, name="policies"),
    path("findings/", views.findings, name="findings"),
]
