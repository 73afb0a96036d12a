from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "civicplan.tasks"
    label = "tasks"
