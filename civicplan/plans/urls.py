from django.urls import path

from civicplan.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("policies/", views.policies, name="policies"),
    path("policies/renewals/", views.policy_renewals, name="renewals"),
    path("policies/<int:pk>/", views.policy_page, name="policy"),
    path("policies/<int:pk>/renewals/", views.policy_renewal, name="record_renewal"),
    path("findings/", views.findings, name="findings"),
]
