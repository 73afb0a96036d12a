from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "civicplan.api"
    label = "api"
    verbose_name = "API"
