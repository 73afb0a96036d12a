"""URL configuration: every page needs a login (LoginRequiredMiddleware)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("civicplan.monitoring.pages.urls")),
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
