from django.urls import path

from civicplan.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.risk_index, name="index"),
    path("register/", views.risk_register_page, name="register"),
    path("heat-map/", views.risk_heat_map_page, name="heat_map"),
    path("<str:code>/", views.risk_page, name="detail"),
    path("<str:code>/score/", views.risk_score, name="score"),
    path("<str:code>/details/", views.risk_details, name="details"),
    path("<str:code>/owner/", views.risk_owner, name="owner"),
]
