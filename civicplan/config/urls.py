"""URL configuration: every page needs a login (LoginRequiredMiddleware)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("civicplan.indicators.pages.urls")),
    path("indicators/", include("civicplan.indicators.urls")),
    path("key-tasks/", include("civicplan.tasks.urls")),
    path("risks/", include("civicplan.risks.urls")),
    path("budget/", include("civicplan.budgets.urls")),
    path("api/", include("civicplan.api.urls")),
    path("reports/", include("civicplan.reports.urls")),
    path("police-data/", include("civicplan.opendata.urls")),
    path("attention/", include("civicplan.attention.urls")),
    path("", include("civicplan.plans.urls")),
]
