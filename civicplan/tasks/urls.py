from django.urls import path

from civicplan.tasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.key_task_index, name="list"),
]
