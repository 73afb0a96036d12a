"""Parameters at the edges: an id past what a database column holds, a day outside the years
civicplan can hold, a figure of 1e1000000. Each is a 422 naming the parameter; never a 500."""

from __future__ import annotations

import pytest

from civicplan.indicators.models import IndicatorValue
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
        ("standings/?as_of=0605-01-01", "as_of", "greater than or equal to 1901-04-01"),
        ("standings/?as_of=7468-01-01", "as_of", "less than or equal to 2998-03-31"),
        ("task-progress/?as_of=7468-01-01", "as_of", "less than or equal to 2998-03-31"),
        ("risk-register/?as_of=0605-01-01", "as_of", "greater than or equal to 1901-04-01"),
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


def test_approving_with_a_20_digit_id_and_version_is_404_or_422_never_500(plan, officer, as_user):
    response = post_json(as_user(officer), f"/api/values/{BIG}/approve/", {"expected_version": 1})
    refused = post_json(as_user(officer), f"/api/values/{BIG}/approve/", {"expected_version": BIG})

    assert response.status_code == 404
    assert refused.status_code == 422


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
