"""Every model of the business plan has an admin page that lists and opens its rows."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

APP_LABELS = ["core", "accounts", "plans", "indicators", "tasks", "risks", "budgets"]
MODELS = [model for label in APP_LABELS for model in apps.get_app_config(label).get_models()]


def test_admin_lists_and_opens_every_model(client, plan):
    client.force_login(get_user_model().objects.create_superuser("admin", password="x" * 20))
    failures = []
    for model in MODELS:
        opts = model._meta
        if not admin.site.is_registered(model):
            failures.append(f"{opts.label} is not registered")
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        urls = [changelist, f"{changelist}?q=ComS"]
        first = model.objects.first()
        if first is not None:
            urls.append(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            )
        failures += [
            f"{url}: {code}" for url in urls if (code := client.get(url).status_code) != 200
        ]

    assert failures == []
