from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "civicplan.monitoring"
    label = "monitoring"
