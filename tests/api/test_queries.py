"""Reads run a fixed number of queries: the same for a plan three times the size, with three times
the figures (signed in by session: two queries for the session and the user)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicplan.accounts.roles import Role
from civicplan.core.periods import Period
from civicplan.indicators.models import Indicator
from civicplan.monitoring.services import ValueInput, indicator_value_approve, indicator_value_save
from civicplan.planio.apply import plan_apply
from tests.api.conftest import persona
from tests.factories.plan_data import plan_create, plan_data

# The most queries each read may run, whatever the plan's size (2 of them are the session's).
BUDGETS = {
    "/api/plans/": 3,
    "/api/plans/{plan}/": 25,
    "/api/plans/{plan}/indicators/?framework=csi": 7,
    "/api/indicators/{indicator}/": 10,
    "/api/plans/{plan}/standings/?period=2026/27-Q1&as_of=2026-11-30": 10,
    "/api/plans/{plan}/tasks/": 6,
    "/api/plans/{plan}/policies/": 5,
    "/api/plans/{plan}/risks/": 8,
    "/api/plans/{plan}/budget/": 5,
    "/api/plans/{plan}/findings/": 4,
}


def _approve(indicator: Indicator, period: str, value: int, *, owner: Any, officer: Any) -> None:
    row = indicator_value_save(
        entry=ValueInput(indicator, Period.parse(period), value, commentary="as counted"),
        by=owner,
        submit=True,
    )
    indicator_value_approve(value_id=row.pk, by=officer, expected_version=row.version)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("template", list(BUDGETS))
def test_read_query_count_is_fixed(db, as_user, template):
    plan = plan_create()
    officer = persona("officer", Role.PERFORMANCE_OFFICER)
    owners = [persona(f"clerk{n}", Role.PERFORMANCE_OFFICER) for n in range(3)]
    all_crime = plan.indicators.get(code="ComS_001")
    _approve(all_crime, "2026/27-Q1", 1500, owner=owners[0], officer=officer)
    client = as_user(persona("councillor", Role.VIEWER))
    url = template.format(plan=plan.pk, indicator=all_crime.pk)
    client.get(url)  # first request of the session: nothing cached is counted below

    small = _count(client, url)
    plan_apply(plan_data(scale=3), source_name="tests")
    _approve(all_crime, "2026/27-Q2", 1600, owner=owners[1], officer=officer)
    _approve(all_crime, "2025/26-Q1", 1700, owner=owners[2], officer=officer)
    for code in ("ComS_001x2", "ComS_001x3"):
        _approve(
            plan.indicators.get(code=code), "2026/27-Q1", 1500, owner=owners[1], officer=officer
        )
    large = _count(client, url)

    assert plan.indicators.count() == 3 * len(plan_data()["indicators"])
    assert small == large, f"{url}: {small} queries for the plan, {large} for 3× the plan"
    assert large <= BUDGETS[template], f"{url}: {large} queries"
