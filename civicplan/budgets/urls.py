from django.urls import path

from civicplan.budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.budget_index, name="index"),
    path("position/", views.budget_position, name="position"),
    path("lines/<int:pk>/", views.budget_line, name="line"),
    path("lines/<int:pk>/actuals/", views.budget_actual, name="record_actual"),
    path("bids/", views.bids, name="bids"),
    path("bids/record/", views.bid_record, name="record_bid"),
    path("bids/<int:pk>/", views.bid_page, name="bid"),
    path("bids/<int:pk>/outcome/", views.bid_decide, name="decide_bid"),
]
