from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "civicplan.indicators"
    label = "indicators"
