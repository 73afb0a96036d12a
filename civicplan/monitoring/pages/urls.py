"""The monitoring pages' addresses. A period in a path is ``2026-27-Q2`` (one URL segment)."""

from django.urls import path

from civicplan.monitoring.pages import (
    views_entry,
    views_indicators,
    views_overview,
    views_workbook,
)

app_name = "monitoring"

urlpatterns = [
    path("dashboard/", views_overview.dashboard, name="dashboard"),
    path("late/", views_overview.late, name="late"),
    path("my-indicators/", views_entry.my_indicators, name="my_indicators"),
    path("approvals/", views_entry.approvals, name="approvals"),
    path("indicators/", views_indicators.indicator_index, name="indicators"),
    path("indicators/<str:code>/", views_indicators.indicator_page, name="indicator"),
    path(
        "indicators/<str:code>/values/<str:period>/",
        views_entry.value_entry,
        name="value_entry",
    ),
    path("workbook/", views_workbook.workbook, name="workbook"),
    path("workbook/download/", views_workbook.workbook_download, name="workbook_download"),
    path("workbook/upload/", views_workbook.workbook_upload_page, name="workbook_upload"),
]
