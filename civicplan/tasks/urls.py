from django.urls import path

from civicplan.tasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.key_task_index, name="list"),
    path("progress/", views.key_task_tracker, name="progress"),
    path("partners/", views.key_task_partners, name="partners"),
    path("<str:code>/", views.key_task_page, name="detail"),
    path("<str:code>/progress/", views.key_task_progress, name="record_progress"),
    path("<str:code>/target-date/", views.key_task_target_date, name="change_target_date"),
    path("<str:code>/milestones/", views.key_task_milestone_add, name="add_milestone"),
    path(
        "<str:code>/milestones/complete/",
        views.key_task_milestone_complete,
        name="complete_milestone",
    ),
]
