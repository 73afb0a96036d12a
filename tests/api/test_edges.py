"""Parameters at the edges: an id past what a database column holds, a day outside the years
civicplan can hold, a figure of 1e1000000. Each is a 422 naming the parameter; never a 500."""

from __future__ import annotations

import pytest

from civicplan.monitoring.models import IndicatorValue
from tests.api.conftest import indicator_id, post_json

BIG = "9" * 20  # a 20-digit id: more than a BIGINT column holds


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        (f"indicators/?owner={BIG}", "owner", "less than or equal to 9223372036854775807"),
        (f"task-progress/?partner={BIG}", "partner", "less than or equal to"),
        (f"task-progress/?post={BIG}", "post", "less than or equal to"),
        (f"attention/?post={BIG}", "post", "less than or equal to"),
        ("indicators/?owner=0", "owner", "greater than or equal to 1"),
        ("standings/?as_of=0605-01-01", "as_of", "Choose a day from 1 April 1901 to 31 March 2998"),
        ("standings/?as_of=7468-01-01", "as_of", "Choose a day from 1 April 1901 to 31 March 2998"),
        ("task-progress/?as_of=0", "as_of", "Write a day as YYYY-MM-DD, such as 2026-11-30"),
        ("risk-register/?as_of=2026-02-30", "as_of", "2026-02-30 is not a day of the calendar"),
        ("budget-position/?year=2026/28", "year", "the second year must follow the first"),
        ("standings/?period=action_links", "period", "is not a period"),
    ],
)
def test_query_parameter_out_of_range_is_422_naming_it(
    plan, officer, as_user, path, field, message
):
    response = as_user(officer).get(f"/api/plans/{plan.pk}/{path}")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["field"]) == (["query", field], field)
    assert message in error["msg"]


def test_a_20_digit_expected_version_is_422_and_nothing_is_stored(plan, owner, as_user):
    indicator = plan.indicators.get(code="ComS_001")
    body = {"period": "2026/27-Q2", "value": 1700, "expected_version": int(BIG)}

    response = post_json(as_user(owner), f"/api/indicators/{indicator.pk}/values/", body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "expected_version"]
    assert not IndicatorValue.objects.exists()


def test_approving_with_a_20_digit_id_or_version_is_422_naming_it_never_500(plan, officer, as_user):
    big_id = post_json(as_user(officer), f"/api/values/{BIG}/approve/", {"expected_version": 1})
    big_version = post_json(
        as_user(officer), "/api/values/1/approve/", {"expected_version": int(BIG)}
    )
    not_a_number = post_json(as_user(officer), "/api/values/1/approve/", {"expected_version": True})

    assert big_id.status_code == 422
    assert big_id.json()["detail"][0]["loc"] == ["path", "value_id"]
    assert big_version.status_code == 422
    assert big_version.json()["detail"][0]["loc"] == ["body", "expected_version"]
    assert not_a_number.status_code == 422
    assert not_a_number.json()["detail"][0]["msg"] == "Send a whole number"


def test_a_path_id_that_is_not_a_number_is_422_in_json(plan, officer, as_user):
    response = as_user(officer).get("/api/plans/null,null/")

    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"][0]["loc"] == ["path", "plan_id"]


def test_a_body_that_is_not_json_is_400(plan, officer, as_user):
    response = as_user(officer).post(
        "/api/values/1/approve/", "q.", content_type="application/json"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_body_larger_than_the_limit_is_413_naming_the_limit(plan, owner, as_user, settings):
    settings.CIVICPLAN_MAX_REQUEST_BYTES = 1024 * 1024
    url = f"/api/indicators/{indicator_id(plan, 'ComS_001')}/values/"

    response = as_user(owner).post(
        url,
        {"period": "2026/27-Q2", "value": 1, "commentary": "x" * (2 * 1024 * 1024)},
        content_type="application/json",
    )

    assert response.status_code == 413
    assert "bigger than civicplan accepts (1 MB)" in response.json()["detail"]
