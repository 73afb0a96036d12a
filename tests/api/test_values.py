"""Writing figures through the API: the indicator services' permission, validation, locking and
approval rules, seen from outside."""

from __future__ import annotations

import pytest

from civicplan.accounts.roles import Role
from civicplan.core.models import AuditEvent
from civicplan.monitoring.models import IndicatorValue
from tests.api.conftest import SEED_AS_OF, indicator_id, persona, post_json
from tests.clock import SEED_DAY
from tests.factories.plan_data import HEAD_OF_COMMUNITIES


def _values_url(plan, code: str) -> str:
    return f"/api/indicators/{indicator_id(plan, code)}/values/"


def _errors(response) -> dict[str, str]:
    return {error["field"]: error["msg"] for error in response.json()["detail"]}


def test_owner_saves_a_draft_for_their_own_indicator(plan, owner, as_user):
    response = post_json(
        as_user(owner), _values_url(plan, "ComS_001"), {"period": "2026/27-Q2", "value": 1600}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["value"] == 1600
    assert body["period"] == "2026/27-Q2"
    assert (body["status"], body["source"], body["revision"], body["version"]) == (
        "draft",
        "api",
        1,
        1,
    )
    row = IndicatorValue.objects.get(pk=body["id"])
    assert row.entered_by == owner
    assert AuditEvent.objects.filter(action="value.save", object_id=str(row.pk)).exists()


def test_owner_cannot_write_another_posts_indicator(plan, owner, as_user):
    response = post_json(
        as_user(owner), _values_url(plan, "ComS_012"), {"period": "2026/27-Q2", "value": 90}
    )

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "You cannot enter figures for ComS_012: it is owned by another post."
    )
    assert not IndicatorValue.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="value.").exists()


def test_colleague_cannot_write_the_owners_indicator(plan, colleague, as_user):
    response = post_json(
        as_user(colleague),
        _values_url(plan, "ComS_001"),
        {"period": "2026/27-Q2", "value": 1600, "submit": True},
    )

    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("code", ["ComS_001", "ComS_012"])
def test_viewer_cannot_write_at_all(plan, viewer, as_user, code):
    response = post_json(
        as_user(viewer), _values_url(plan, code), {"period": "2026/27-Q2", "value": 1}
    )

    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_performance_officer_may_enter_any_indicator(plan, officer, as_user):
    response = post_json(
        as_user(officer), _values_url(plan, "ComS_012"), {"period": "2026/27-Q2", "value": 90}
    )

    assert response.status_code == 201


def test_validation_is_checked_after_permission(plan, viewer, as_user):
    """A refused caller learns nothing about the figure: 403 even for nonsense."""
    response = post_json(
        as_user(viewer), _values_url(plan, "ComS_001"), {"period": "2026/27-Q2", "value": -5}
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("code", "body", "field", "message"),
    [
        (
            "ComS_024",
            {"period": "2026/27-Q2", "value": 101},
            "value",
            "A percentage must be between 0 and 100, not 101",
        ),
        (
            "ComS_001",
            {"period": "2026/27-Q2", "value": -3},
            "value",
            "A count cannot be negative (-3)",
        ),
        (
            "ComS_001",
            {"period": "2026/27-Q2", "value": 12.5},
            "value",
            "A count must be a whole number, not 12.5",
        ),
        (
            "ComS_001",
            {"period": "2026/27-Q2", "value": "lots"},
            "value",
            "Input should be a valid decimal",
        ),
        (
            "ComS_001",
            {"period": "2026/27-Q7", "value": 1},
            "period",
            "'2026/27-Q7': a financial year has quarters Q1 to Q4",
        ),
        (
            "ComS_001",
            {"period": "Q2 2026", "value": 1},
            "period",
            "'Q2 2026' is not a period: write a financial year as 2026/27, a quarter as "
            "2026/27-Q2 or a month as 2026-10",
        ),
        (
            "ComS_001",
            {"period": "2026/27", "value": 1},
            "period",
            "ComS_001 is collected quarterly, so a value is for a quarter, not 2026/27",
        ),
        (
            "ComS_001",
            {"period": "2026/27-Q2", "value": "1e1000000"},
            "value",
            "1E+1000000 has too many digits",
        ),
        (
            "ComS_024",
            {"period": "2026/27-Q2", "value": "-1e1000000"},
            "value",
            "A percentage must be between 0 and 100, not -1E+1000000",
        ),
        (
            "ComS_001",
            {"period": "2026/27-Q2", "value": "12345678901234567890123"},
            "value",
            "12345678901234567890123 has too many digits",
        ),
        ("ComS_001", {"value": 1}, "period", "Field required"),
        (
            "ComS_001",
            {"period": "2026/27-Q1", "value": 3000, "submit": True},
            "commentary",
            "Explain the figure: 3000 is off target for ComS_001",
        ),
    ],
)
def test_invalid_figure_is_422_naming_the_field(plan, owner, as_user, code, body, field, message):
    response = post_json(as_user(owner), _values_url(plan, code), body)

    assert response.status_code == 422
    assert _errors(response) == {field: message}
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert not IndicatorValue.objects.exists()


def test_ratio_indicator_is_never_typed(seed_plan, client):
    owner = persona("owner", Role.INDICATOR_OWNER, [HEAD_OF_COMMUNITIES])
    client.force_login(owner)

    response = post_json(
        client, _values_url(seed_plan, "ComS_024"), {"period": "2026/27-Q2", "value": 20}
    )

    assert response.status_code == 422
    assert _errors(response) == {
        "value": "ComS_024 is worked out from ComS_024b and ComS_024a; enter those instead"
    }


def test_stale_version_is_409_and_the_newer_figure_stands(plan, owner, as_user):
    client = as_user(owner)
    url = _values_url(plan, "ComS_001")
    first = post_json(client, url, {"period": "2026/27-Q2", "value": 1600}).json()
    post_json(client, url, {"period": "2026/27-Q2", "value": 1650, "expected_version": 1})

    response = post_json(
        client, url, {"period": "2026/27-Q2", "value": 1700, "expected_version": 1}
    )

    assert response.status_code == 409
    assert "changed by someone else" in response.json()["detail"]
    row = IndicatorValue.objects.get(pk=first["id"])
    assert (row.value, row.version) == (1650, 2)


def test_unknown_indicator_is_404(plan, owner, as_user):
    response = post_json(
        as_user(owner), "/api/indicators/999999/values/", {"period": "2026/27-Q2", "value": 1}
    )

    assert response.status_code == 404
    assert response.json()["detail"] == "There is no indicator with id 999999."


def _submitted(plan, owner, as_user, value: int = 1600, expected_version: int = 0) -> dict:
    response = post_json(
        as_user(owner),
        _values_url(plan, "ComS_001"),
        {
            "period": "2026/27-Q2",
            "value": value,
            "submit": True,
            "commentary": "Summer",
            "expected_version": expected_version,
        },
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_officer_approves_a_submitted_figure(plan, owner, officer, as_user):
    submitted = _submitted(plan, owner, as_user)

    response = post_json(
        as_user(officer), f"/api/values/{submitted['id']}/approve/", {"expected_version": 1}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["decided_by"], body["version"]) == ("approved", "officer", 2)
    standings = as_user(owner).get(
        f"/api/plans/{plan.pk}/standings/?period=2026/27-Q2&as_of={SEED_AS_OF}"
    )
    all_crime = next(s for s in standings.json() if s["code"] == "ComS_001")
    assert all_crime["period_actual"] == 1600
    assert all_crime["latest"]["status"] == "approved"


def test_owner_and_viewer_cannot_approve(plan, owner, viewer, as_user):
    submitted = _submitted(plan, owner, as_user)

    for who in (owner, viewer):
        response = post_json(
            as_user(who), f"/api/values/{submitted['id']}/approve/", {"expected_version": 1}
        )
        assert response.status_code == 403
        assert response.json()["detail"] == "Only a performance officer can approve figures."
    assert IndicatorValue.objects.get(pk=submitted["id"]).status == "submitted"


def test_approving_a_stale_copy_is_409(plan, owner, officer, as_user):
    submitted = _submitted(plan, owner, as_user)
    _submitted(plan, owner, as_user, value=1650, expected_version=1)  # corrected: version 2

    response = post_json(
        as_user(officer), f"/api/values/{submitted['id']}/approve/", {"expected_version": 1}
    )

    assert response.status_code == 409
    assert IndicatorValue.objects.get(pk=submitted["id"]).status == "submitted"


def test_approving_twice_is_422_naming_status(plan, owner, officer, as_user):
    submitted = _submitted(plan, owner, as_user)
    client = as_user(officer)
    post_json(client, f"/api/values/{submitted['id']}/approve/", {"expected_version": 1})

    response = post_json(client, f"/api/values/{submitted['id']}/approve/", {"expected_version": 2})

    assert response.status_code == 422
    assert _errors(response) == {
        "status": "Only a submitted figure can be approved; this one is approved"
    }


def test_officer_returns_a_figure_with_a_reason(plan, owner, officer, as_user):
    submitted = _submitted(plan, owner, as_user)

    response = post_json(
        as_user(officer),
        f"/api/values/{submitted['id']}/return/",
        {"expected_version": 1, "reason": "Police figure for Q2 is 1,580"},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["return_reason"]) == ("returned", "Police figure for Q2 is 1,580")


def test_return_without_a_reason_is_422(plan, owner, officer, as_user):
    submitted = _submitted(plan, owner, as_user)

    response = post_json(
        as_user(officer),
        f"/api/values/{submitted['id']}/return/",
        {"expected_version": 1, "reason": "  "},
    )

    assert response.status_code == 422
    assert _errors(response) == {"reason": "Say why the figure is being returned"}


def test_approving_an_unknown_figure_is_404(plan, officer, as_user):
    response = post_json(as_user(officer), "/api/values/424242/approve/", {"expected_version": 1})

    assert response.status_code == 404
    assert response.json()["detail"] == "There is no figure with id 424242."


def test_approve_needs_expected_version(plan, owner, officer, as_user):
    submitted = _submitted(plan, owner, as_user)

    response = post_json(as_user(officer), f"/api/values/{submitted['id']}/approve/", {})

    assert response.status_code == 422
    assert _errors(response) == {"expected_version": "Field required"}


def test_changing_a_figure_without_expected_version_is_428_and_changes_nothing(
    plan, owner, as_user
):
    first = _submitted(plan, owner, as_user, value=1600)

    response = post_json(
        as_user(owner), _values_url(plan, "ComS_001"), {"period": "2026/27-Q2", "value": 1700}
    )

    assert response.status_code == 428
    assert response.json() == {
        "detail": "ComS_001 2026/27 Q2 already has a figure (version 1): send expected_version, "
        "the version you read, so a change made meanwhile is not overwritten.",
        "current_version": 1,
    }
    row = IndicatorValue.objects.get(pk=first["id"])
    assert (row.value, row.version, row.status) == (1600, 1, "submitted")


def test_a_stale_save_is_409_with_the_current_version(plan, owner, as_user):
    _submitted(plan, owner, as_user, value=1600)
    _submitted(plan, owner, as_user, value=1650, expected_version=1)

    response = post_json(
        as_user(owner),
        _values_url(plan, "ComS_001"),
        {"period": "2026/27-Q2", "value": 1700, "expected_version": 1},
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == 2


def test_a_revision_after_approval_carries_the_version_on(plan, owner, officer, as_user):
    """A form read at version 1, before submission and approval, must not match the revision made
    after the approval (it would if that revision started again at version 1)."""
    owner_client = as_user(owner)
    url = _values_url(plan, "ComS_001")
    draft = post_json(
        owner_client, url, {"period": "2026/27-Q2", "value": 1600, "expected_version": 0}
    ).json()
    assert draft["version"] == 1  # a second form is read here, at version 1
    submitted = _submitted(plan, owner, as_user, value=1600, expected_version=1)
    post_json(
        as_user(officer),
        f"/api/values/{submitted['id']}/approve/",
        {"expected_version": submitted["version"]},
    )
    revised = post_json(
        owner_client, url, {"period": "2026/27-Q2", "value": 1610, "expected_version": 3}
    ).json()

    stale = post_json(
        owner_client, url, {"period": "2026/27-Q2", "value": 9999, "expected_version": 1}
    )

    assert (revised["revision"], revised["version"]) == (2, 4)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 4
    assert IndicatorValue.objects.get(pk=revised["id"]).value == 1610


@pytest.mark.today(SEED_DAY)
def test_an_unusual_figure_is_422_until_the_caller_confirms_it(plan, owner, as_user):
    url = _values_url(plan, "ComS_001")

    refused = post_json(as_user(owner), url, {"period": "2026/27-Q2", "value": 99999999})

    assert refused.status_code == 422
    assert _errors(refused)["confirm_unusual"].startswith(
        "99,999,999 for 2026/27 Q2 is more than ten times any figure ComS_001 has had"
    )
    assert not IndicatorValue.objects.exists()

    body = {"period": "2026/27-Q2", "value": 99999999, "confirm_unusual": True}
    confirmed = post_json(as_user(owner), url, body)

    assert confirmed.status_code == 201
    assert IndicatorValue.objects.get().value == 99999999


@pytest.mark.today(SEED_DAY)  # 30 November 2026: Q3 has not ended
def test_a_figure_for_a_quarter_that_has_not_ended_is_422_naming_the_period(plan, owner, as_user):
    response = post_json(
        as_user(owner), _values_url(plan, "ComS_001"), {"period": "2026/27-Q3", "value": 1600}
    )

    assert response.status_code == 422
    assert _errors(response)["period"] == (
        "2026/27 Q3 has not ended yet (it ends on 31 December 2026): its figures can be "
        "entered from 1 January 2027"
    )
    assert not IndicatorValue.objects.exists()
