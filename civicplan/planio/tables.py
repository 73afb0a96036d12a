"""The whole plan as tables, one per kind of row, for the Excel workbook and the CSV files.

Plain data first (``Sheet`` with typed values: numbers, dates, percentages, statuses), then one
renderer per format (``render_sheets``). Built from Plan JSON, plus the monitoring values and task
statuses the database holds when there are any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from civicplan.core.numbers import to_json_number
from civicplan.planio.selectors import MonitoringRow, TaskStatusRead


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage as the plan prints it: ``Percent(37)`` is 37%."""

    value: int | float


@dataclass(frozen=True, slots=True)
class Money:
    """Pounds; savings and income negative, as the plan prints them in brackets."""

    value: int | float


@dataclass(frozen=True, slots=True)
class Status:
    """A status word and its RAG colour ("red", "amber", "green" or "" for none)."""

    word: str
    rag: str = ""


Value = str | int | float | bool | dt.date | Percent | Money | Status | None


@dataclass(slots=True)
class Sheet:
    """One table: a name (the sheet and the CSV file), column headings and typed rows."""

    name: str
    columns: list[str]
    rows: list[list[Value]] = field(default_factory=list)


RAG_STATUS = {"green": "green", "amber": "amber", "red": "red"}
TASK_RAG = {"on_track": "green", "completed": "green", "at_risk": "amber", "off_track": "red"}
FRAMEWORK_NAMES = {"service_data": "Service data", "csi": "CSI", "kpi": "KPI", "mpi": "MPI"}


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _joined(items: Sequence[str] | None) -> str:
    return "; ".join(items or [])


def _figure(value: int | float | None, percent: bool) -> Value:
    if value is None:
        return None
    return Percent(value) if percent else value


def _plan_sheet(data: dict[str, Any]) -> Sheet:
    plan = data["plan"]
    rows: list[list[Value]] = [
        ["Organisation", plan["organisation"]],
        ["Priority", plan["priority"]],
        ["Title", plan["title"]],
        ["First year", plan["period"]["first_year"]],
        ["Last year", plan["period"]["last_year"]],
        ["Vision", plan.get("vision")],
        ["Objectives statement", plan.get("objectives_statement")],
        *[["Value", value] for value in plan.get("values") or []],
    ]
    return Sheet("Plan", ["Item", "Value"], rows)


def _objectives(data: dict[str, Any]) -> Sheet:
    sheet = Sheet(
        "Objectives",
        ["Objective", "Objective title", "Service area", "Department", "Service-level objective"],
    )
    for o in data["objectives"]:
        for s in o.get("service_objectives") or []:
            sheet.rows.append(
                [o["code"], o["title"], s.get("service_area"), s["department"], s["text"]]
            )
    return sheet


def _policies(data: dict[str, Any]) -> Sheet:
    sheet = Sheet(
        "Policies",
        [
            "Strategy or policy",
            "Purpose",
            "Purpose items",
            "Renewal as printed",
            "Renewal date",
            "Recurrence",
            "Responsible officers",
        ],
    )
    for p in data["policies"]:
        renewal = p.get("renewal") or {}
        sheet.rows.append(
            [
                p["title"],
                p.get("purpose"),
                _joined(p.get("purpose_items")),
                renewal.get("text"),
                _date(renewal.get("date")),
                renewal.get("recurrence"),
                _joined(p.get("owners")),
            ]
        )
    return sheet


def _years(data: dict[str, Any], key: str) -> list[str]:
    return sorted({year for ind in data["indicators"] for year in ind.get(key) or {}})


def _indicators(data: dict[str, Any]) -> Sheet:
    actual_years, target_years = _years(data, "actuals"), _years(data, "targets")
    sheet = Sheet(
        "Indicators",
        [
            "Code",
            "Title",
            "Unit",
            "Polarity",
            "Frameworks",
            "Objective",
            "Section",
            "Parent",
            "Owners",
            *[f"Actual {y}" for y in actual_years],
            *[f"Target {y}" for y in target_years],
            "Aliases",
            "Comments",
        ],
    )
    for ind in data["indicators"]:
        percent = ind.get("unit") == "percent"
        actuals, targets = ind.get("actuals") or {}, ind.get("targets") or {}
        sheet.rows.append(
            [
                ind["code"],
                ind["title"],
                ind.get("unit"),
                ind.get("polarity"),
                ", ".join(FRAMEWORK_NAMES.get(f, f) for f in ind.get("frameworks") or []),
                ind.get("objective"),
                ind.get("section"),
                ind.get("parent"),
                _joined(ind.get("owners")),
                *[_figure(actuals.get(y), percent) for y in actual_years],
                *[_figure(targets.get(y), percent) for y in target_years],
                _joined(ind.get("aliases")),
                ind.get("comments"),
            ]
        )
    return sheet


def _measure_rows(data: dict[str, Any]) -> Sheet:
    sheet = Sheet(
        "Measure rows",
        [
            "Table",
            "Section",
            "Objective",
            "Description",
            "Items",
            "Codes",
            "Values belong to",
            "Owners",
            "Comments",
            "Values no single code owns",
        ],
    )
    for row in data.get("measure_rows") or []:
        unassigned = row.get("unassigned") or {}
        loose = "; ".join(
            f"{kind[:-1]} {year}: {value}"
            for kind in ("actuals", "targets")
            for year, value in (unassigned.get(kind) or {}).items()
        )
        sheet.rows.append(
            [
                FRAMEWORK_NAMES.get(row["framework"], row["framework"]),
                row.get("section"),
                row.get("objective"),
                row["title"],
                _joined(row.get("items")),
                ", ".join(row.get("codes") or []),
                ", ".join(row.get("value_codes") or []),
                _joined(row.get("owners")),
                row.get("comments"),
                loose or None,
            ]
        )
    return sheet


def _status_of_task(status: TaskStatusRead | None) -> Value:
    if status is None:
        return None
    return Status(status.label, TASK_RAG.get(status.status, ""))


def _actions(data: dict[str, Any], statuses: Mapping[str, TaskStatusRead]) -> Sheet:
    sheet = Sheet(
        "Key tasks",
        [
            "Code",
            "Title",
            "New",
            "Targeted outcome",
            "Partners",
            "Officers",
            "Target date",
            "Target date as printed",
            "Budget note",
            "Status",
            "Status reported for",
        ],
    )
    closed = [{**a, "closed": True} for a in data["plan"].get("closed_actions") or []]
    for a in [*data["actions"], *closed]:
        status = statuses.get(a.get("code") or "")
        reported = str(status.period) if status else a.get("status_period")
        if status is None and a.get("status"):
            word = a["status"].capitalize()
            shown: Value = Status(word, TASK_RAG.get(a["status"], ""))
        else:
            shown = _status_of_task(status)
        sheet.rows.append(
            [
                a.get("code"),
                a["title"],
                bool(a.get("new")),
                a.get("outcome"),
                _joined(a.get("partners")),
                _joined(a.get("officers")),
                _date(a.get("target_date")),
                a.get("target_date_text"),
                a.get("budget_note"),
                shown,
                reported,
            ]
        )
    return sheet


def _budget(data: dict[str, Any]) -> Sheet:
    years = sorted({y for line in data["budget_lines"] for y in line.get("amounts") or {}})
    sheet = Sheet("Budget", ["Kind", "Description", "Action", *[f"{y} £" for y in years]])
    for line in data["budget_lines"]:
        amounts = line.get("amounts") or {}
        sheet.rows.append(
            [
                line["kind"],
                line["description"],
                line.get("action"),
                *[None if amounts.get(y) is None else Money(amounts[y]) for y in years],
            ]
        )
    return sheet


def _risks(data: dict[str, Any]) -> list[Sheet]:
    risks = data["risks"]
    strategic = Sheet(
        "Strategic risks",
        ["Key strategic risk", "Mitigation"],
        [[r["title"], r.get("mitigation")] for r in risks.get("strategic") or []],
    )
    tasks = Sheet(
        "Key task risks",
        [
            "Key task",
            "Action codes",
            "Risk or threat",
            "Covered by a strategic risk",
            "Register risks",
            "Mitigation",
        ],
    )
    for r in risks.get("key_tasks") or []:
        tasks.rows.append(
            [
                r["task"],
                ", ".join(r.get("actions") or []),
                r.get("threat"),
                r.get("covered"),
                ", ".join(str(n) for n in r.get("register_risks") or []),
                r.get("mitigation"),
            ]
        )
    register = Sheet(
        "Register risks",
        ["Number", "Risk"],
        [[r["number"], r["title"]] for r in risks.get("register") or []],
    )
    return [strategic, tasks, register]


def _findings(data: dict[str, Any]) -> Sheet:
    return Sheet(
        "Findings",
        ["Kind", "Line", "Message", "Suggestion"],
        [
            [f["kind"], f.get("line"), f["message"], f.get("suggestion")]
            for f in data.get("findings") or []
        ],
    )


def _monitoring(rows: Sequence[MonitoringRow]) -> Sheet:
    sheet = Sheet(
        "Monitoring values",
        [
            "Code",
            "Title",
            "Period",
            "Period starts",
            "Period ends",
            "Value",
            "Source",
            "Year to date",
            "Target to date",
            "Status",
            "Commentary",
        ],
    )
    for row in rows:
        percent = row.indicator.unit == "percent"
        ev = row.evaluation
        sheet.rows.append(
            [
                row.indicator.code,
                row.indicator.title,
                str(row.value.period),
                row.value.period.first_day,
                row.value.period.last_day,
                _figure(to_json_number(row.value.value), percent),
                row.value.get_source_display(),
                _figure(to_json_number(ev.actual), percent),
                _figure(to_json_number(ev.target), percent),
                Status(ev.status.label, RAG_STATUS.get(ev.status.value, "")),
                row.value.commentary or None,
            ]
        )
    return sheet


def build_plan_tables(
    data: dict[str, Any],
    *,
    statuses: Mapping[str, TaskStatusRead] | None = None,
    monitoring: Sequence[MonitoringRow] = (),
) -> list[Sheet]:
    """Every table of the plan; monitoring values only when there are some."""
    sheets = [
        _plan_sheet(data),
        _objectives(data),
        _policies(data),
        _indicators(data),
        _measure_rows(data),
        _actions(data, statuses or {}),
        _budget(data),
        *_risks(data),
        _findings(data),
    ]
    if monitoring:
        sheets.append(_monitoring(monitoring))
    return sheets
