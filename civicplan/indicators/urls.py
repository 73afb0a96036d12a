from django.urls import path

from civicplan.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_index, name="list"),
    path("<str:code>/", views.indicator_page, name="detail"),
]
