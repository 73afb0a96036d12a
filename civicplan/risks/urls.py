from django.urls import path

from civicplan.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.risk_index, name="index"),
]
