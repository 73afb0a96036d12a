from django.urls import path

from civicplan.attention import views

app_name = "attention"
urlpatterns = [path("", views.attention, name="index")]
