"""Roll forward: next year's draft business plan, made from this year's plan and what was recorded.

``roll_forward_data`` is pure (Plan JSON in, Plan JSON out); ``plan_roll_forward`` reads the
database, calls it and writes the draft through ``plan_apply``, the one way a plan is written. The
draft covers the same number of years one year on: the achieved columns become the latest years
from the recorded actuals, target columns move on with the new year left empty for owners to fill,
completed and cancelled key tasks leave the tasks table for an appendix (``plan.closed_actions``),
and everything else (policies and their renewal dates, objectives, risks) stays as it is.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from civicplan.core.fy import FinancialYear, fy_range
from civicplan.planio.apply import PlanApplyResult, plan_apply
from civicplan.planio.importer import check_plan
from civicplan.planio.plan_json import plan_export
from civicplan.planio.selectors import TaskStatusRead, recorded_year_actuals, task_latest_statuses
from civicplan.plans.models import Plan

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor

CLOSED = ("completed", "cancelled")
YearValues = dict[str, int | float | None]


class RollForwardError(ValueError):
    """Roll forward cannot go ahead; the message says why and what to do."""


@dataclass
class RollForwardResult:
    data: dict[str, Any]
    applied: PlanApplyResult | None = None
    closed: list[str] = field(default_factory=list)

    @property
    def plan(self) -> Plan | None:
        return self.applied.plan if self.applied else None


def _years(first: FinancialYear, last: FinancialYear) -> list[str]:
    return [str(year) for year in fy_range(first, last)]


def achieved_years(data: dict[str, Any], to: FinancialYear) -> list[str]:
    """The achieved columns of the draft: as many years as the plan shows now, ending the year
    before the one in progress when the draft starts (2023/24–2025/26 for a 2027/28 plan)."""
    shown = {year for ind in data["indicators"] for year in (ind.get("actuals") or {})}
    count = len(shown) or 3
    return _years(to - 1 - count, to - 2)


def rolled_title(
    title: str, old: tuple[FinancialYear, FinancialYear], new: tuple[FinancialYear, FinancialYear]
) -> str:
    """ "… 2026–2029" → "… 2027–2030" (and "2026/27 – 2028/29" → "2027/28 – 2029/30")."""
    (first, last), (new_first, new_last) = old, new
    spans = (
        (
            rf"{first.start}(\s*[–—-]\s*){last.start + 1}",
            rf"{new_first.start}\g<1>{new_last.start + 1}",
        ),
        (
            rf"{re.escape(str(first))}(\s*[–—-]\s*){re.escape(str(last))}",
            rf"{new_first}\g<1>{new_last}",
        ),
    )
    for pattern, replacement in spans:
        if re.search(pattern, title):
            return re.sub(pattern, replacement, title, count=1)
    return f"{title} {new_first.start}–{new_last.start + 1}"


def _moved(values: Mapping[str, Any], keep_from: str, years: list[str]) -> YearValues:
    """Targets from ``keep_from`` on, and every year of ``years`` (new ones empty)."""
    kept = {year: value for year, value in values.items() if year >= keep_from}
    return dict(sorted({**dict.fromkeys(years), **kept}.items()))


def roll_forward_data(
    data: dict[str, Any],
    *,
    to: FinancialYear,
    actuals: Mapping[str, YearValues] | None = None,
    statuses: Mapping[str, TaskStatusRead] | None = None,
) -> dict[str, Any]:
    """The draft plan starting in ``to``. ``actuals`` gives each indicator's figure for the
    achieved years (recorded or printed); without it the printed actuals are used. ``statuses``
    gives key tasks' latest status; completed and cancelled ones go to the appendix."""
    period = data["plan"]["period"]
    first, last = (
        FinancialYear.parse(period["first_year"]),
        FinancialYear.parse(period["last_year"]),
    )
    if to <= first:
        raise RollForwardError(
            f"the plan already starts in {first}; roll forward to a later year, such as {first + 1}"
        )
    new_last = to + (last.start - first.start)
    draft = copy.deepcopy(data)
    header = draft["plan"]
    header["title"] = rolled_title(header["title"], (first, last), (to, new_last))
    header["period"] = {"first_year": str(to), "last_year": str(new_last)}
    achieved = achieved_years(data, to)
    plan_years = _years(to, new_last)
    target_years = [str(to - 1), *plan_years]
    for ind in draft["indicators"]:
        printed = ind.get("actuals") or {}
        recorded = (actuals or {}).get(ind["code"], {})
        ind["actuals"] = {year: recorded.get(year, printed.get(year)) for year in achieved}
        targeted = bool(ind.get("targets")) or set(ind.get("frameworks") or []) - {"service_data"}
        if targeted:
            ind["targets"] = _moved(ind.get("targets") or {}, target_years[0], target_years)
    for row in draft.get("measure_rows") or []:
        if row.get("unassigned"):  # figures no code owns: kept for the years still shown
            values = row["unassigned"]
            actual = {y: v for y, v in (values.get("actuals") or {}).items() if y in achieved}
            target = _moved(values.get("targets") or {}, target_years[0], [])
            row["unassigned"] = {"actuals": actual, "targets": target}
    closed = {code: status for code, status in (statuses or {}).items() if status.status in CLOSED}
    header.pop("closed_actions", None)  # last year's appendix does not carry on
    appendix = [
        {
            **action,
            "status": closed[action["code"]].status,
            "status_period": str(closed[action["code"]].period),
        }
        for action in draft["actions"]
        if action.get("code") in closed
    ]
    if appendix:
        header["closed_actions"] = appendix
    draft["actions"] = [a for a in draft["actions"] if a.get("code") not in closed]
    for line in draft["budget_lines"]:
        amounts = line.get("amounts") or {}
        line["amounts"] = {year: amounts.get(year) for year in plan_years}
    draft["findings"] = []
    return draft


def plan_roll_forward(
    *, plan: Plan, to: FinancialYear, as_of: dt.date, by: Actor = None, dry_run: bool = False
) -> RollForwardResult:
    """Make (or, with ``dry_run``, only work out) the draft plan for ``to`` from ``plan``."""
    existing = Plan.objects.filter(
        organisation=plan.organisation, priority=plan.priority, first_year=to
    ).first()
    if existing is not None and existing.pk != plan.pk:
        raise RollForwardError(
            f"there is already a {plan.priority} plan starting in {to} (“{existing.title}”, id "
            f"{existing.pk}); roll forward makes a new draft and would overwrite the changes made "
            "to it. Work on that draft, or remove it first."
        )
    data = plan_export(plan, include_findings=False)
    achieved = [FinancialYear.parse(y) for y in achieved_years(data, to)]
    statuses = task_latest_statuses(plan)
    draft = roll_forward_data(
        data,
        to=to,
        actuals=recorded_year_actuals(plan, achieved, as_of=as_of),
        statuses=statuses,
    )
    draft["findings"] = check_plan(draft, as_of=as_of)
    closed = [a["code"] for a in draft["plan"].get("closed_actions", [])]
    if dry_run:
        return RollForwardResult(draft, None, closed)
    applied = plan_apply(draft, by=by, source_name=f"roll forward of “{plan.title}”")
    return RollForwardResult(draft, applied, closed)
