from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "civicplan.web"
    label = "web"
