from django.apps import AppConfig


class AttentionConfig(AppConfig):
    name = "civicplan.attention"
    label = "attention"
