from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "civicplan.plans"
    label = "plans"
