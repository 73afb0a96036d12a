from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "civicplan.risks"
    label = "risks"
