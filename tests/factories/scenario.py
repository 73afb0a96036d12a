"""Figures for the page tests, entered and approved through the services as people would.

``quarter_two`` gives the factory plan a 2026/27 Q2 with one measure of each judged status:

* ComS_001 (lower is better, 6,800 a year, so 3,400 by Q2): Q1 1,700 + Q2 1,750 = 3,450, worse
  by 50 within the 5% band of 170: **within tolerance**; 2025/26 Q1 + Q2 were 1,700 + 1,650 =
  3,350, so it is worsening on last year and on last quarter (1,750 after 1,700).
* ComS_024 (a percentage, lower is better, 22% target): 25% is worse by 3, beyond 1.1:
  **off target**, with its remedial action and forecast.
* ComS_093a (higher is better, 40 a year, so 20 by Q2): 10 + 12 = 22: **on target**, improving on
  last quarter.

Everything else has no approved figure after the deadline: data missing.
"""

from __future__ import annotations

from typing import Any

from civicplan.core.periods import Period
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.services import ValueInput, indicator_value_approve, indicator_value_save
from civicplan.plans.models import Plan
from tests.clock import SEED_DAY

Q1 = Period.parse("2026/27-Q1")
Q2 = Period.parse("2026/27-Q2")
AS_OF = SEED_DAY


def submit(
    plan: Plan,
    code: str,
    period: Period,
    value: Any,
    by: Any,
    commentary: str = "",
    *,
    remedial_action: str = "",
    forecast: str = "",
):
    indicator = plan.indicators.get(code=code)
    entry = ValueInput(indicator, period, value, commentary, remedial_action, forecast)
    return indicator_value_save(entry=entry, by=by, submit=True, as_of=AS_OF)


def approved(
    plan: Plan,
    code: str,
    period: Period | str,
    value: Any,
    *,
    by: Any,
    officer: Any,
    commentary: str = "",
    remedial_action: str = "",
    forecast: str = "",
) -> IndicatorValue:
    period = Period.parse(period) if isinstance(period, str) else period
    row = submit(
        plan,
        code,
        period,
        value,
        by,
        commentary,
        remedial_action=remedial_action,
        forecast=forecast,
    )
    return indicator_value_approve(value_id=row.pk, by=officer, expected_version=row.version)


def quarter_two(plan: Plan, *, owner: Any, officer: Any) -> None:
    approved(plan, "ComS_001", "2025/26-Q1", 1700, by=owner, officer=officer)
    approved(plan, "ComS_001", "2025/26-Q2", 1650, by=owner, officer=officer)
    approved(plan, "ComS_001", Q1, 1700, by=owner, officer=officer)
    approved(
        plan,
        "ComS_001",
        Q2,
        1750,
        by=owner,
        officer=officer,
        commentary="More vehicle crime over the summer",
    )
    approved(
        plan,
        "ComS_024",
        Q2,
        25,
        by=owner,
        officer=officer,
        commentary="Three repeat referrals from one family",
        remedial_action="A case conference for the family",
        forecast="Back on target by Q4",
    )
    approved(plan, "ComS_093a", Q1, 10, by=officer, officer=officer)
    approved(plan, "ComS_093a", Q2, 12, by=officer, officer=officer)
