from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "civicplan.ops"
    label = "ops"
    verbose_name = "Backup and restore"
