from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "civicplan.opendata"
    label = "opendata"
    verbose_name = "Police open data"
