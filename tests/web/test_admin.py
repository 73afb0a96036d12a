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


def _superuser(client):
    user = get_user_model().objects.create_superuser("admin", password="x" * 20)
    client.force_login(user)
    return user


def test_admin_cannot_add_change_or_delete_a_figure_or_the_plan(client, plan):
    from civicplan.indicators.models import Indicator
    from civicplan.monitoring.models import IndicatorValue

    _superuser(client)
    indicator = Indicator.objects.get(plan=plan, code="ComS_001")
    change = reverse("admin:indicators_indicator_change", args=[indicator.pk])

    page = client.get(change)
    posted = client.post(change, {"title": "Renamed in the admin"})
    added = client.get(reverse("admin:monitoring_indicatorvalue_add"))
    deleted = client.post(reverse("admin:indicators_indicator_delete", args=[indicator.pk]))

    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert (posted.status_code, added.status_code, deleted.status_code) == (403, 403, 403)
    indicator.refresh_from_db()
    assert indicator.title == "All crime"
    assert not IndicatorValue.objects.exists()


def test_admin_edit_of_a_crime_measure_is_audited(client, plan):
    from civicplan.core.models import AuditEvent
    from civicplan.opendata.models import CrimeMeasure
    from civicplan.opendata.services import crime_measures_seed

    user = _superuser(client)
    measure = crime_measures_seed(organisation=plan.organisation, by=user)[0]
    types = list(measure.types.all())
    form = {
        "organisation": measure.organisation_id,
        "indicator_code": measure.indicator_code,
        "title": "Renamed",
        "rule": measure.rule,
        "caveat": measure.caveat,
        "types-TOTAL_FORMS": len(types),
        "types-INITIAL_FORMS": len(types),
        "types-MIN_NUM_FORMS": 1,
        "types-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(types):
        form |= {f"types-{n}-id": row.pk, f"types-{n}-measure": measure.pk}
        form |= {f"types-{n}-crime_type": row.crime_type}

    response = client.post(reverse("admin:opendata_crimemeasure_change", args=[measure.pk]), form)

    assert response.status_code == 302
    assert CrimeMeasure.objects.get(pk=measure.pk).title == "Renamed"
    event = AuditEvent.objects.get(action="admin.change", object_type="opendata.crimemeasure")
    assert (event.actor, event.before["title"], event.after["title"]) == (
        user,
        measure.title,
        "Renamed",
    )


def test_admin_change_of_a_users_roles_is_audited_without_the_password(client, db):
    from django.contrib.auth.models import Group

    from civicplan.accounts.roles import Role
    from civicplan.core.models import AuditEvent

    _superuser(client)
    person = get_user_model().objects.create_user("casey", password="y" * 20)
    role = Group.objects.get_or_create(name=Role.PERFORMANCE_OFFICER.value)[0]
    url = reverse("admin:auth_user_change", args=[person.pk])
    form = {
        "username": "casey",
        "is_active": "on",
        "groups": [role.pk],
        "date_joined_0": "2026-11-30",
        "date_joined_1": "09:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }

    response = client.post(url, form)

    assert response.status_code == 302, response.content[:2000]
    events = AuditEvent.objects.filter(object_type="auth.user", object_id=str(person.pk))
    assert [e.after.get("groups") for e in events if "groups" in (e.after or {})] == [[role.name]]
    assert all("password" not in (e.before or {}) and "password" not in e.after for e in events)


def test_admin_revokes_an_api_token_audited_and_cannot_delete_one(client, db):
    from civicplan.api.models import ApiToken
    from civicplan.api.services import api_token_create
    from civicplan.core.models import AuditEvent

    admin_user = _superuser(client)
    token, _ = api_token_create(user=admin_user, name="Power BI", by=None)

    deleted = client.post(reverse("admin:api_apitoken_delete", args=[token.pk]), {"post": "yes"})
    revoked = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert deleted.status_code == 403
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert AuditEvent.objects.filter(action__contains="revoke").exists()
