from django.urls import path

from civicplan.budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.budget_index, name="index"),
]
