from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "civicplan.budgets"
    label = "budgets"
