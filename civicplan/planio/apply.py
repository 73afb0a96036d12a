"""Writing a plan: ``plan_apply`` is the one way a Plan JSON dict reaches the database.

The text importer, the JSON importer, roll-forward and the API all end here. It runs in one
transaction, updates the plan in place by natural keys (so monitoring data that hangs off an
indicator, task or policy survives a revised document), reports what changed, and changes nothing
when nothing differs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import jsonschema
from django.db import transaction
from django.db.models import Model, ProtectedError, Q, RestrictedError

from civicplan.budgets.models import BudgetAmount, BudgetLine
from civicplan.core import clock
from civicplan.core.audit import audit_record
from civicplan.core.fy import FinancialYear
from civicplan.core.numbers import to_decimal
from civicplan.indicators.inference import infer_series_break
from civicplan.indicators.models import (
    Indicator,
    IndicatorFramework,
    IndicatorOwner,
    IndicatorYearValue,
    MeasureRow,
    YearValueKind,
)
from civicplan.indicators.rules import infer_collection, infer_decimal_places
from civicplan.planio.diff import plan_diff
from civicplan.planio.plan_json import plan_export, plan_validate
from civicplan.plans.models import (
    Finding,
    Objective,
    Organisation,
    Partner,
    Plan,
    Policy,
    PolicyOwner,
    Post,
    ServiceObjective,
)
from civicplan.risks.models import KeyTaskRisk, RegisterRisk, StrategicRisk
from civicplan.tasks.models import KeyTask, KeyTaskOfficer, KeyTaskPartner

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor

_PLAN_KEYS = {
    "organisation",
    "priority",
    "title",
    "period",
    "vision",
    "values",
    "objectives_statement",
    "introduction",
}


class PlanDataError(ValueError):
    """A Plan JSON document that does not meet the format; ``path`` says where."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


@dataclass
class PlanApplyResult:
    plan: Plan
    created: bool
    changes: list[str] = field(default_factory=list)
    findings: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class _Lookup:
    """Posts and partners of one organisation, created the first time a plan names them."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.posts = {p.title: p for p in Post.objects.filter(organisation=organisation)}
        self.partners = {p.name: p for p in Partner.objects.filter(organisation=organisation)}

    def post(self, title: str) -> Post:
        if title not in self.posts:
            self.posts[title] = Post.objects.create(organisation=self.organisation, title=title)
        return self.posts[title]

    def partner(self, name: str) -> Partner:
        if name not in self.partners:
            self.partners[name] = Partner.objects.create(organisation=self.organisation, name=name)
        return self.partners[name]


_M = TypeVar("_M", bound=Model)


class _Sync(Generic[_M]):
    """The rows of one model matched to a new document by natural key.

    Rows whose key is still there are updated in place (only the fields that changed); new keys are
    created in one bulk insert; keys no longer there are removed by ``flush``.
    """

    def __init__(self, model: type[_M], existing: dict[Any, _M]) -> None:
        self.model = model
        self.existing = existing
        self.new: list[_M] = []
        self.changed: dict[str, list[_M]] = {}

    def row(self, key: Any, values: dict[str, Any], **fixed: Any) -> _M:
        obj = self.existing.pop(key, None)
        if obj is None:
            obj = self.model(**fixed, **values)
            self.new.append(obj)
            return obj
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                self.changed.setdefault(name, []).append(obj)
        return obj

    def flush(self) -> None:
        _delete_rest(self.existing)
        self.model._default_manager.bulk_create(self.new)
        for name, objs in self.changed.items():
            self.model._default_manager.bulk_update(objs, [name])


def _delete_rest(existing: dict[Any, Any]) -> None:
    """Remove what the new document no longer has, unless monitoring data depends on it."""
    if not existing:
        return
    model = type(next(iter(existing.values())))
    try:
        with transaction.atomic():
            model.objects.filter(pk__in=[obj.pk for obj in existing.values()]).delete()
    except (ProtectedError, RestrictedError) as exc:
        blocked = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        dependant = next(iter(blocked))
        raise PlanDataError(
            f"{model._meta.verbose_name} “{getattr(dependant, 'indicator', dependant)}” is not in "
            "the new document, but monitoring records depend on it, so an import cannot remove "
            "it. Keep it in the document, or ask an administrator to archive it."
        ) from exc


def _apply_header(plan: Plan, header: dict[str, Any]) -> None:
    plan.title = header["title"]
    plan.first_year = FinancialYear.parse(header["period"]["first_year"])
    plan.last_year = FinancialYear.parse(header["period"]["last_year"])
    plan.vision = header.get("vision") or ""
    plan.values = list(header.get("values") or [])
    plan.objectives_statement = header.get("objectives_statement") or ""
    plan.introduction = list(header.get("introduction") or [])
    plan.extra = {k: v for k, v in header.items() if k not in _PLAN_KEYS}


def _apply_objectives(plan: Plan, objectives: list[dict[str, Any]]) -> dict[str, Objective]:
    ServiceObjective.objects.filter(objective__plan=plan).delete()
    sync = _Sync(Objective, {o.code: o for o in plan.objectives.all()})
    by_code = {
        item["code"]: sync.row(
            item["code"],
            {"title": item["title"], "position": position},
            plan=plan,
            code=item["code"],
        )
        for position, item in enumerate(objectives)
    }
    sync.flush()
    ServiceObjective.objects.bulk_create(
        ServiceObjective(
            objective=by_code[item["code"]],
            service_area=s.get("service_area") or "",
            department=s["department"],
            text=s["text"],
            position=i,
        )
        for item in objectives
        for i, s in enumerate(item.get("service_objectives", []))
    )
    return by_code


def _apply_policies(plan: Plan, policies: list[dict[str, Any]], lookup: _Lookup) -> None:
    PolicyOwner.objects.filter(policy__plan=plan).delete()
    sync = _Sync(Policy, {p.title: p for p in plan.policies.all()})
    owners = []
    for position, item in enumerate(policies):
        renewal = item.get("renewal") or {}
        policy = sync.row(
            item["title"],
            {
                "purpose": item.get("purpose") or "",
                "purpose_items": list(item.get("purpose_items") or []),
                "renewal_text": renewal.get("text") or "",
                "renewal_date": _date(renewal.get("date")),
                "recurrence": renewal.get("recurrence") or "",
                "position": position,
            },
            plan=plan,
            title=item["title"],
        )
        owners += [
            PolicyOwner(policy=policy, post=lookup.post(title), position=i)
            for i, title in enumerate(dict.fromkeys(item.get("owners") or []))
        ]
    sync.flush()
    PolicyOwner.objects.bulk_create(owners)


def _year_values(indicator: Indicator, item: dict[str, Any]) -> list[IndicatorYearValue]:
    rows = []
    for kind, key in ((YearValueKind.ACTUAL, "actuals"), (YearValueKind.TARGET, "targets")):
        for year, value in (item.get(key) or {}).items():
            if value is not None:
                rows.append(
                    IndicatorYearValue(
                        indicator=indicator,
                        kind=kind,
                        year=FinancialYear.parse(year),
                        value=to_decimal(value),
                    )
                )
    return rows


def _apply_indicators(
    plan: Plan, indicators: list[dict[str, Any]], objectives: dict[str, Objective], lookup: _Lookup
) -> None:
    IndicatorFramework.objects.filter(indicator__plan=plan).delete()
    IndicatorOwner.objects.filter(indicator__plan=plan).delete()
    IndicatorYearValue.objects.filter(indicator__plan=plan).delete()
    sync = _Sync(Indicator, {i.code: i for i in plan.indicators.all()})
    by_code: dict[str, Indicator] = {}
    frameworks, owners, values = [], [], []
    for position, item in enumerate(indicators):
        indicator = sync.row(
            item["code"],
            {
                "aliases": list(item.get("aliases") or []),
                "title": item["title"],
                "unit": item.get("unit") or "count",
                "polarity": item.get("polarity") or "",
                "polarity_source": item.get("polarity_source") or "",
                "objective": objectives.get(item.get("objective") or ""),
                "section": item.get("section") or "",
                "comments": item.get("comments") or "",
                "position": position,
            },
            plan=plan,
            code=item["code"],
        )
        by_code[indicator.code] = indicator
        frameworks += [
            IndicatorFramework(indicator=indicator, framework=f)
            for f in dict.fromkeys(item.get("frameworks") or [])
        ]
        owners += [
            IndicatorOwner(indicator=indicator, post=lookup.post(t), position=i)
            for i, t in enumerate(dict.fromkeys(item.get("owners") or []))
        ]
        values += _year_values(indicator, item)
    removed = [i.pk for i in sync.existing.values()]
    # A ratio whose parts leave the plan can no longer be worked out: it becomes a typed figure.
    Indicator.objects.filter(plan=plan, aggregation="ratio").exclude(pk__in=removed).filter(
        Q(ratio_numerator__in=removed) | Q(ratio_denominator__in=removed)
    ).update(aggregation="latest", ratio_numerator=None, ratio_denominator=None)
    ratios = _infer_monitoring(sync.new, {item["code"]: item for item in indicators}, by_code)
    parts = [(i, i.ratio_numerator, i.ratio_denominator) for i in ratios]
    for indicator in ratios:  # their parts may be created in the same insert
        indicator.ratio_numerator = indicator.ratio_denominator = None
        indicator.aggregation = "latest"
    sync.flush()
    IndicatorFramework.objects.bulk_create(frameworks)
    IndicatorOwner.objects.bulk_create(owners)
    IndicatorYearValue.objects.bulk_create(values)
    for indicator, numerator, denominator in parts:
        indicator.aggregation = "ratio"
        indicator.ratio_numerator, indicator.ratio_denominator = numerator, denominator
    Indicator.objects.bulk_update(
        ratios, ["aggregation", "ratio_numerator", "ratio_denominator"], batch_size=100
    )
    reparented = []
    for item in indicators:
        indicator = by_code[item["code"]]
        parent = by_code.get(item.get("parent") or "")
        if indicator.parent_id != (parent.pk if parent else None):
            indicator.parent = parent
            reparented.append(indicator)
    Indicator.objects.bulk_update(reparented, ["parent"], batch_size=100)


def _infer_monitoring(
    created: list[Indicator], items: dict[str, dict[str, Any]], by_code: dict[str, Indicator]
) -> list[Indicator]:
    """Sensible monitoring defaults for new indicators (later imports leave them alone); returns
    the new ratios, whose parts are set once every indicator has been saved."""
    codes = set(by_code)
    ratios = []
    for indicator in created:
        rule = infer_collection(
            indicator.code,
            indicator.unit,
            indicator.title,
            items[indicator.code].get("frameworks") or [],
            plan_codes=codes,
            comments=indicator.comments,
        )
        indicator.frequency = rule.frequency.value
        indicator.aggregation = rule.aggregation.value
        item = items[indicator.code]
        indicator.decimal_places = infer_decimal_places(
            indicator.unit,
            [*(item.get("actuals") or {}).values(), *(item.get("targets") or {}).values()],
        )
        series_break = infer_series_break(indicator.comments)
        if series_break is not None:
            indicator.series_break_date = series_break.starts
            indicator.series_break_reason = series_break.reason[:300]
        if rule.is_derived:
            indicator.ratio_numerator = by_code[rule.numerator or ""]
            indicator.ratio_denominator = by_code[rule.denominator or ""]
            ratios.append(indicator)
    return ratios


def _apply_measure_rows(plan: Plan, rows: list[dict[str, Any]], objectives: dict) -> None:
    plan.measure_rows.all().delete()
    MeasureRow.objects.bulk_create(
        MeasureRow(
            plan=plan,
            framework=r["framework"],
            section=r.get("section") or "",
            objective=objectives.get(r.get("objective") or ""),
            title=r["title"],
            is_new=bool(r.get("new")),
            items=list(r.get("items") or []),
            codes=list(r.get("codes") or []),
            value_codes=list(r.get("value_codes") or []),
            owners=list(r.get("owners") or []),
            comments=r.get("comments") or "",
            unassigned=r.get("unassigned"),
            position=i,
        )
        for i, r in enumerate(rows)
    )


def _apply_actions(
    plan: Plan, actions: list[dict[str, Any]], lookup: _Lookup
) -> dict[str, KeyTask]:
    KeyTaskPartner.objects.filter(task__plan=plan).delete()
    KeyTaskOfficer.objects.filter(task__plan=plan).delete()
    sync = _Sync(KeyTask, {t.code: t for t in plan.key_tasks.all()})
    by_code: dict[str, KeyTask] = {}
    partners, officers = [], []
    for position, item in enumerate(actions):
        task = sync.row(
            item["code"],
            {
                "title": item["title"],
                "is_new": bool(item.get("new")),
                "outcome": item.get("outcome") or "",
                "target_date": _date(item.get("target_date")),
                "target_date_text": item.get("target_date_text") or "",
                "budget_note": item.get("budget_note") or "",
                "position": position,
            },
            plan=plan,
            code=item["code"],
        )
        by_code[task.code] = task
        partners += [
            KeyTaskPartner(task=task, partner=lookup.partner(n), position=i)
            for i, n in enumerate(dict.fromkeys(item.get("partners") or []))
        ]
        officers += [
            KeyTaskOfficer(task=task, post=lookup.post(t), position=i)
            for i, t in enumerate(dict.fromkeys(item.get("officers") or []))
        ]
    sync.flush()
    KeyTaskPartner.objects.bulk_create(partners)
    KeyTaskOfficer.objects.bulk_create(officers)
    return by_code


def _apply_budget(plan: Plan, lines: list[dict[str, Any]], tasks: dict[str, KeyTask]) -> None:
    BudgetAmount.objects.filter(line__plan=plan).delete()
    sync = _Sync(BudgetLine, {(b.kind, b.description): b for b in plan.budget_lines.all()})
    amounts = []
    for position, item in enumerate(lines):
        line = sync.row(
            (item["kind"], item["description"]),
            {
                "action": item.get("action") or "",
                "task": tasks.get(item.get("action") or ""),
                "position": position,
            },
            plan=plan,
            kind=item["kind"],
            description=item["description"],
        )
        amounts += [
            BudgetAmount(line=line, year=FinancialYear.parse(y), amount=to_decimal(a))
            for y, a in (item.get("amounts") or {}).items()
            if a is not None
        ]
    sync.flush()
    BudgetAmount.objects.bulk_create(amounts)


def _apply_risks(plan: Plan, risks: dict[str, Any], tasks: dict[str, KeyTask]) -> None:
    sync = _Sync(RegisterRisk, {r.number: r for r in plan.register_risks.all()})
    register: dict[int, RegisterRisk] = {
        item["number"]: sync.row(
            item["number"], {"title": item["title"]}, plan=plan, number=item["number"]
        )
        for item in risks.get("register", [])
    }
    sync.flush()

    strategic = _Sync(StrategicRisk, {r.title: r for r in plan.strategic_risks.all()})
    for position, item in enumerate(risks.get("strategic", [])):
        strategic.row(
            item["title"],
            {"mitigation": item.get("mitigation") or "", "position": position},
            plan=plan,
            title=item["title"],
        )
    strategic.flush()

    by_task = _Sync(KeyTaskRisk, {r.task_text: r for r in plan.key_task_risks.all()})
    task_risks = [
        by_task.row(
            item["task"],
            {
                "action_codes": list(item.get("actions") or []),
                "threat": item.get("threat") or "",
                "register_numbers": list(item.get("register_risks") or []),
                "covered": item.get("covered"),
                "mitigation": item.get("mitigation") or "",
                "position": position,
            },
            plan=plan,
            task_text=item["task"],
        )
        for position, item in enumerate(risks.get("key_tasks", []))
    ]
    by_task.flush()
    for risk in task_risks:
        risk.tasks.set([tasks[c] for c in risk.action_codes if c in tasks])
        risk.register_risks.set([register[n] for n in risk.register_numbers if n in register])
    plan.risk_register_as_at = risks.get("register_as_at") or ""
    plan.risk_register_url = risks.get("register_url") or ""


def _apply_findings(plan: Plan, findings: list[dict[str, Any]]) -> None:
    plan.findings.all().delete()
    Finding.objects.bulk_create(
        Finding(
            plan=plan,
            kind=f["kind"],
            line=f.get("line"),
            message=f["message"],
            suggestion=f.get("suggestion") or "",
            position=i,
        )
        for i, f in enumerate(findings)
    )


# Lists whose items are matched to rows by a natural key: each key may appear once.
_NATURAL_KEYS = (
    ("objectives", "code", "objective"),
    ("policies", "title", "policy"),
    ("indicators", "code", "indicator"),
    ("actions", "code", "key task"),
)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _validate(data: Any) -> None:
    """The schema, then what it cannot say: no natural key twice (the database would refuse
    the second with an integrity error half way through the import)."""
    try:
        plan_validate(data)
    except jsonschema.ValidationError as exc:
        path = "/".join(str(p) for p in exc.absolute_path)
        raise PlanDataError(exc.message, path or "(top level)") from exc
    for section, key, noun in _NATURAL_KEYS:
        first: dict[str, int] = {}
        for index, item in enumerate(data[section]):
            seen = first.setdefault(item[key], index)
            if seen != index:
                raise PlanDataError(
                    f"the {noun} {item[key]!r} is listed twice (the {_ordinal(seen + 1)} and "
                    f"{_ordinal(index + 1)} {section}); list each {noun} once",
                    f"{section}/{index}/{key}",
                )


@transaction.atomic
def plan_apply(
    data: dict[str, Any], *, by: Actor = None, source_name: str = "", source_sha256: str = ""
) -> PlanApplyResult:
    """Create or update the plan ``data`` describes; roll back if nothing differs."""
    _validate(data)
    header = data["plan"]
    organisation, _ = Organisation.objects.get_or_create(name=header["organisation"])
    first_year = FinancialYear.parse(header["period"]["first_year"])
    found = (
        Plan.objects.select_for_update()
        .filter(organisation=organisation, priority=header["priority"], first_year=first_year)
        .first()
    )
    created = found is None
    before = None if found is None else plan_export(found)
    plan = Plan(organisation=organisation, priority=header["priority"]) if found is None else found
    _apply_header(plan, header)
    plan.save()
    lookup = _Lookup(organisation)
    objectives = _apply_objectives(plan, data["objectives"])
    _apply_policies(plan, data["policies"], lookup)
    _apply_indicators(plan, data["indicators"], objectives, lookup)
    _apply_measure_rows(plan, data.get("measure_rows") or [], objectives)
    tasks = _apply_actions(plan, data["actions"], lookup)
    _apply_budget(plan, data["budget_lines"], tasks)
    _apply_risks(plan, data["risks"], tasks)
    plan.budget_notes = list(data.get("budget_notes") or [])
    _apply_findings(plan, data.get("findings") or [])
    after = plan_export(plan)
    changes = plan_diff(before, after)
    findings_changed = before is not None and before["findings"] != after["findings"]
    if not changes and not findings_changed:
        transaction.set_rollback(True)
        return PlanApplyResult(plan=plan, created=False, findings=len(after["findings"]))
    plan.source_name = source_name
    plan.source_sha256 = source_sha256
    plan.imported_at = clock.now()
    plan.save()
    audit_record(
        by=by,
        action="plan.import",
        obj=plan,
        after={"changes": changes},
        reason=f"Imported from {source_name}" if source_name else "Imported",
    )
    return PlanApplyResult(
        plan=plan, created=created, changes=changes, findings=len(after["findings"])
    )
