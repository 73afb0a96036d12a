"""Plan JSON out of the database: ``plan_export`` builds the dict that ``plan_apply`` reads.

The format is documented in docs/plan-format.md and checked against its JSON Schema.
A fixed number of queries whatever the size of the plan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from civicplan.budgets.models import BudgetLine
from civicplan.core.numbers import to_json_number
from civicplan.indicators.models import Framework, Indicator, MeasureRow, YearValueKind
from civicplan.plans.models import Objective, Plan, Policy
from civicplan.risks.models import KeyTaskRisk
from civicplan.tasks.models import KeyTask

FORMAT = "civicplan.plan/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "plan-format.schema.json"
FRAMEWORK_ORDER = [choice.value for choice in Framework]


def _iso(day: Any) -> str | None:
    return None if day is None else day.isoformat()


def _ordered_titles(through_rows: Any, attr: str) -> list[str]:
    return [
        getattr(getattr(row, attr), "title", None) or getattr(row, attr).name
        for row in sorted(through_rows, key=lambda row: row.position)
    ]


def _year_map(values: Any, kind: str) -> dict[str, int | float | None]:
    return {
        str(v.year): to_json_number(v.value)
        for v in sorted(values, key=lambda v: v.year)
        if v.kind == kind
    }


def _plan_header(plan: Plan) -> dict[str, Any]:
    header: dict[str, Any] = {
        "organisation": plan.organisation.name,
        "priority": plan.priority,
        "title": plan.title,
        "period": {"first_year": str(plan.first_year), "last_year": str(plan.last_year)},
        "vision": plan.vision or None,
        "values": list(plan.values),
        "objectives_statement": plan.objectives_statement or None,
        "introduction": list(plan.introduction),
    }
    header.update({k: v for k, v in plan.extra.items() if k not in header})
    return header


def _objectives(plan: Plan) -> list[dict[str, Any]]:
    objectives = Objective.objects.filter(plan=plan).prefetch_related("service_objectives")
    return [
        {
            "code": o.code,
            "title": o.title,
            "service_objectives": [
                {"service_area": s.service_area or None, "department": s.department, "text": s.text}
                for s in o.service_objectives.all()
            ],
        }
        for o in objectives
    ]


def _policies(plan: Plan) -> list[dict[str, Any]]:
    policies = Policy.objects.filter(plan=plan).prefetch_related("policyowner_set__post")
    return [
        {
            "title": p.title,
            "purpose": p.purpose or None,
            "purpose_items": list(p.purpose_items),
            "owners": _ordered_titles(p.policyowner_set.all(), "post"),
            "renewal": {
                "text": p.renewal_text,
                "date": _iso(p.renewal_date),
                "recurrence": p.recurrence or None,
            },
        }
        for p in policies
    ]


def _indicators(plan: Plan) -> list[dict[str, Any]]:
    indicators = (
        Indicator.objects.filter(plan=plan)
        .select_related("objective", "parent")
        .prefetch_related("framework_set", "year_values", "indicatorowner_set__post")
    )
    out = []
    for ind in indicators:
        frameworks = {f.framework for f in ind.framework_set.all()}
        values = list(ind.year_values.all())
        out.append(
            {
                "code": ind.code,
                "aliases": list(ind.aliases),
                "title": ind.title,
                "unit": ind.unit,
                "polarity": ind.polarity or None,
                "polarity_source": ind.polarity_source or None,
                "frameworks": [f for f in FRAMEWORK_ORDER if f in frameworks],
                "objective": ind.objective.code if ind.objective else None,
                "section": ind.section or None,
                "parent": ind.parent.code if ind.parent else None,
                "owners": _ordered_titles(ind.indicatorowner_set.all(), "post"),
                "comments": ind.comments or None,
                "actuals": _year_map(values, YearValueKind.ACTUAL),
                "targets": _year_map(values, YearValueKind.TARGET),
            }
        )
    return out


def _measure_rows(plan: Plan) -> list[dict[str, Any]]:
    rows = MeasureRow.objects.filter(plan=plan).select_related("objective")
    return [
        {
            "framework": r.framework,
            "section": r.section or None,
            "objective": r.objective.code if r.objective else None,
            "title": r.title,
            "new": r.is_new,
            "items": list(r.items),
            "codes": list(r.codes),
            "value_codes": list(r.value_codes),
            "owners": list(r.owners),
            "comments": r.comments or None,
            "unassigned": r.unassigned,
        }
        for r in rows
    ]


def _actions(plan: Plan) -> list[dict[str, Any]]:
    tasks = KeyTask.objects.filter(plan=plan).prefetch_related(
        "keytaskpartner_set__partner", "keytaskofficer_set__post"
    )
    return [
        {
            "code": t.code,
            "title": t.title,
            "new": t.is_new,
            "outcome": t.outcome or None,
            "partners": _ordered_titles(t.keytaskpartner_set.all(), "partner"),
            "officers": _ordered_titles(t.keytaskofficer_set.all(), "post"),
            "target_date": _iso(t.target_date),
            "target_date_text": t.target_date_text or None,
            "budget_note": t.budget_note or None,
        }
        for t in tasks
    ]


def _budget_lines(plan: Plan) -> list[dict[str, Any]]:
    lines = BudgetLine.objects.filter(plan=plan).prefetch_related("amounts")
    return [
        {
            "kind": line.kind,
            "description": line.description,
            "action": line.action or None,
            "amounts": {str(a.year): to_json_number(a.amount) for a in line.amounts.all()},
        }
        for line in lines
    ]


def _risks(plan: Plan) -> dict[str, Any]:
    key_task_risks = KeyTaskRisk.objects.filter(plan=plan)
    return {
        "strategic": [
            {"title": r.title, "mitigation": r.mitigation or None}
            for r in plan.strategic_risks.all()
        ],
        "register": [{"number": r.number, "title": r.title} for r in plan.register_risks.all()],
        "key_tasks": [
            {
                "task": r.task_text,
                "actions": list(r.action_codes),
                "threat": r.threat or None,
                "register_risks": list(r.register_numbers),
                "covered": r.covered,
                "mitigation": r.mitigation or None,
            }
            for r in key_task_risks
        ],
        "register_as_at": plan.risk_register_as_at or None,
        "register_url": plan.risk_register_url or None,
    }


def plan_export(plan: Plan, *, include_findings: bool = True) -> dict[str, Any]:
    """The whole plan as a Plan JSON dict, lists in the document's order."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "plan": _plan_header(plan),
        "objectives": _objectives(plan),
        "policies": _policies(plan),
        "indicators": _indicators(plan),
        "measure_rows": _measure_rows(plan),
        "actions": _actions(plan),
        "budget_lines": _budget_lines(plan),
        "budget_notes": list(plan.budget_notes),
        "risks": _risks(plan),
    }
    if include_findings:
        data["findings"] = [
            {
                "kind": f.kind,
                "line": f.line,
                "message": f.message,
                "suggestion": f.suggestion or None,
            }
            for f in plan.findings.all()
        ]
    return data


def plan_json_dumps(data: dict[str, Any]) -> str:
    """The canonical text of a Plan JSON document: stable, UTF-8, two-space indent."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def plan_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def plan_validate(data: Any) -> None:
    """Raise ``jsonschema.ValidationError`` naming the path of the first problem."""
    validator = jsonschema.Draft202012Validator(plan_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise errors[0]


__all__ = ["FORMAT", "plan_export", "plan_json_dumps", "plan_schema", "plan_validate"]
