from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "civicplan.core"
    label = "core"
