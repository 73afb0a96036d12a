from django.apps import AppConfig


class PlanioConfig(AppConfig):
    name = "civicplan.planio"
    label = "planio"
