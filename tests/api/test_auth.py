"""Every endpoint needs a signed-in session or a live personal token; nothing is public."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client

from civicplan.api.models import ApiToken
from civicplan.api.services import api_token_create, api_token_revoke
from civicplan.core.models import AuditEvent
from civicplan.monitoring.models import IndicatorValue
from tests.api.conftest import indicator_id, persona, post_json

READS = [
    "/api/plans/",
    "/api/plans/{plan}/",
    "/api/plans/{plan}/indicators/",
    "/api/indicators/{indicator}/",
    "/api/plans/{plan}/standings/?period=2026/27-Q2",
    "/api/plans/{plan}/tasks/",
    "/api/plans/{plan}/policies/",
    "/api/plans/{plan}/risks/",
    "/api/plans/{plan}/budget/",
    "/api/plans/{plan}/findings/",
]
WRITES = [
    ("/api/indicators/{indicator}/values/", {"period": "2026/27-Q2", "value": 1}),
    ("/api/values/1/approve/", {"expected_version": 1}),
    ("/api/values/1/return/", {"expected_version": 1, "reason": "why"}),
]


def _url(template: str, plan) -> str:
    return template.format(plan=plan.pk, indicator=indicator_id(plan, "ComS_001"))


@pytest.mark.parametrize("template", READS)
def test_read_anonymous_gets_401_not_a_login_redirect(client, plan, template):
    response = client.get(_url(template, plan))

    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("template", "body"), WRITES)
@pytest.mark.parametrize("enforce_csrf", [False, True])
def test_write_anonymous_gets_401_and_nothing_is_saved(plan, template, body, enforce_csrf):
    anonymous = Client(enforce_csrf_checks=enforce_csrf)

    response = post_json(anonymous, _url(template, plan), body)

    assert response.status_code == 401
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("template", READS)
def test_read_with_token_works(plan, viewer, with_token, template):
    response = with_token(viewer).get(_url(template, plan))

    assert response.status_code == 200


def test_token_is_stored_only_as_its_sha256(plan, viewer):
    token, raw = api_token_create(user=viewer, name="Power BI", by=None)

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.token_hash, stored.name}
    assert len(raw) >= 43  # token_urlsafe(32): 256 bits


def test_token_use_is_recorded_as_last_used(plan, viewer):
    token, raw = api_token_create(user=viewer, name="Power BI", by=None)

    Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/plans/")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(plan, viewer):
    token, raw = api_token_create(user=viewer, name="Power BI", by=None)
    api_token_revoke(token=token, by=viewer)

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/plans/")

    assert response.status_code == 401


def test_token_of_deactivated_user_is_refused(plan, viewer):
    _, raw = api_token_create(user=viewer, name="Power BI", by=None)
    viewer.is_active = False
    viewer.save()

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/plans/")

    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwYXNz"])
def test_unknown_or_malformed_credentials_are_refused(plan, header):
    response = Client(headers={"Authorization": header}).get("/api/plans/")

    assert response.status_code == 401


def test_token_write_needs_no_csrf_token(plan, owner):
    _, raw = api_token_create(user=owner, name="feed", by=None)
    script = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})

    response = post_json(
        script,
        f"/api/indicators/{indicator_id(plan, 'ComS_001')}/values/",
        {"period": "2026/27-Q2", "value": 1600},
    )

    assert response.status_code == 201
    assert response.json()["entered_by"] == "owner"
    assert response.json()["source"] == "api"


def test_session_write_without_csrf_token_is_refused(plan, owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)

    response = post_json(
        browser,
        f"/api/indicators/{indicator_id(plan, 'ComS_001')}/values/",
        {"period": "2026/27-Q2", "value": 1600},
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not IndicatorValue.objects.exists()


def test_session_write_with_csrf_token_is_accepted(plan, owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    browser.get("/login/")  # any page sets the CSRF cookie, as the browser would have it
    csrf = browser.cookies["csrftoken"].value

    response = browser.post(
        f"/api/indicators/{indicator_id(plan, 'ComS_001')}/values/",
        {"period": "2026/27-Q2", "value": 1600},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert response.status_code == 201


def test_session_read_needs_no_csrf_token(plan, viewer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(viewer)

    assert browser.get("/api/plans/").status_code == 200


def test_openapi_document_needs_sign_in(client, plan, viewer, with_token):
    assert client.get("/api/openapi.json").status_code == 401
    response = with_token(viewer).get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/plans/" in response.json()["paths"]


def test_docs_page_sends_a_browser_to_sign_in(client, plan, viewer):
    response = client.get("/api/docs", headers={"Accept": "text/html"})

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/api/docs")
    client.force_login(viewer)
    page = client.get("/api/docs", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert b"swagger-ui" in page.content
    assert b"cdn.jsdelivr" not in page.content  # assets are served by civicplan itself


def test_command_prints_a_working_token_once(plan, viewer):
    out, err = StringIO(), StringIO()

    call_command("api_token", "create", "viewer", "--name", "Power BI", stdout=out, stderr=err)

    raw = out.getvalue().strip()
    assert "not shown again" in err.getvalue()
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/plans/")
    assert response.status_code == 200
    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert "Power BI" in listing.getvalue()
    assert raw not in listing.getvalue()
    assert AuditEvent.objects.filter(action="api_token.create").count() == 1


def test_command_refuses_a_second_live_token_of_the_same_name(plan, viewer):
    call_command(
        "api_token", "create", "viewer", "--name", "Power BI", stdout=StringIO(), stderr=StringIO()
    )

    with pytest.raises(CommandError, match="already has a token called “Power BI”"):
        call_command(
            "api_token",
            "create",
            "viewer",
            "--name",
            "Power BI",
            stdout=StringIO(),
            stderr=StringIO(),
        )


def test_command_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        call_command("api_token", "create", "nobody", "--name", "x", stdout=StringIO())


def test_command_revoke_stops_the_token(plan, viewer):
    token, raw = api_token_create(user=viewer, name="Power BI", by=None)

    call_command("api_token", "revoke", str(token.pk), stdout=StringIO())

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/plans/")
    assert response.status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_owner_cannot_make_a_token_for_someone_else(plan, owner, viewer):
    with pytest.raises(PermissionDenied):
        api_token_create(user=viewer, name="sneaky", by=owner)


def test_admin_lists_tokens_and_revokes_them(client, plan, viewer):
    token, raw = api_token_create(user=viewer, name="Power BI", by=None)
    admin = persona("admin", None)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    page = client.get("/admin/api/apitoken/")
    assert page.status_code == 200
    assert b"Power BI" in page.content
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/plans/").status_code == 401
