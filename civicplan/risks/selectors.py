"""Reading the plan's risks: key strategic risks, risks to key tasks, the register extract, and the
register as tracked (owner, scores, trend, review) with its heat map.

Register risks, key strategic risks and key-task risks are listed together, each with its tracked
side where one exists ("not yet scored" where not). The heat map is built from the same rows, so
the page's matrix, its table alternative and the CSV download agree. Seven queries for the
tracked register (five while nothing is tracked yet).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Prefetch

from civicplan.core import clock
from civicplan.plans.models import Plan, Post
from civicplan.risks.models import (
    KeyTaskRisk,
    RegisterRisk,
    RiskAction,
    RiskEntry,
    RiskReview,
    StrategicRisk,
)
from civicplan.risks.rules import (
    MatrixSpec,
    ReviewState,
    Score,
    Trend,
    meets_target,
    rating,
    review_state,
    score_trend,
)
from civicplan.risks.services import PlanRisk, matrix_spec
from civicplan.tasks.models import KeyTask

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Actions(TypedDict):
        action_links: list[RiskAction]

    # A risk's entry as the register loads it: its further actions come as ``action_links``.
    RegisterEntry = WithAnnotations[RiskEntry, _Actions]


@dataclass(frozen=True)
class CitedTask:
    """An action code a key-task risk prints, and the key task it names (``None``: no such task)."""

    code: str
    task: KeyTask | None


@dataclass(frozen=True)
class CitedRegisterRisk:
    number: int
    risk: RegisterRisk | None


@dataclass(frozen=True)
class KeyTaskRiskLine:
    risk: KeyTaskRisk
    tasks: list[CitedTask]
    register_risks: list[CitedRegisterRisk]

    @property
    def unknown_codes(self) -> list[str]:
        return [cited.code for cited in self.tasks if cited.task is None]


@dataclass(frozen=True)
class PlanRisks:
    strategic: list[StrategicRisk]
    key_tasks: list[KeyTaskRiskLine]
    register: list[RegisterRisk]
    register_as_at: str

    @property
    def unknown_codes(self) -> list[str]:
        """Action codes cited by key-task risks that name no key task, each once."""
        return list(dict.fromkeys(code for line in self.key_tasks for code in line.unknown_codes))


def plan_risks(plan: Plan) -> PlanRisks:
    """Every risk of the plan, each citation resolved or marked unknown. Five queries."""
    key_task_risks = plan.key_task_risks.prefetch_related("tasks", "register_risks").order_by(
        "position"
    )
    lines = []
    for risk in key_task_risks:
        tasks = {task.code: task for task in risk.tasks.all()}
        register = {item.number: item for item in risk.register_risks.all()}
        lines.append(
            KeyTaskRiskLine(
                risk=risk,
                tasks=[CitedTask(code, tasks.get(code)) for code in risk.action_codes],
                register_risks=[
                    CitedRegisterRisk(n, register.get(n)) for n in risk.register_numbers
                ],
            )
        )
    return PlanRisks(
        strategic=list(plan.strategic_risks.order_by("position")),
        key_tasks=lines,
        register=list(plan.register_risks.order_by("number")),
        register_as_at=plan.risk_register_as_at,
    )


def risk_reviews(entry: RiskEntry | None) -> list[RiskReview]:
    """A risk's scorings, oldest first, with who recorded each. One query (none if untracked)."""
    if entry is None:
        return []
    return list(
        entry.reviews.select_related("recorded_by").order_by("reviewed_on", "recorded_at", "id")
    )


class RiskKind:
    REGISTER = "register"
    STRATEGIC = "strategic"
    KEY_TASK = "key_task"


def _score(entry: RiskEntry | None, prefix: str) -> Score | None:
    if entry is None or getattr(entry, f"{prefix}_likelihood") is None:
        return None
    return Score(getattr(entry, f"{prefix}_likelihood"), getattr(entry, f"{prefix}_impact"))


@dataclass(frozen=True)
class RiskRow:
    """One risk of the plan as tracked, judged as of a date."""

    kind: str
    risk: PlanRisk
    ref: str
    title: str
    entry: RiskEntry | None
    further_actions: list[KeyTask]
    residual_history: list[int]
    spec: MatrixSpec
    as_of: dt.date

    @property
    def owner(self) -> Post | None:
        return self.entry.owner if self.entry and self.entry.owner_id else None

    @property
    def version(self) -> int:
        """What an edit form sends back as ``expected_version`` (0: never tracked)."""
        return self.entry.version if self.entry else 0

    @property
    def inherent(self) -> Score | None:
        return _score(self.entry, "inherent")

    @property
    def residual(self) -> Score | None:
        return _score(self.entry, "residual")

    @property
    def target(self) -> Score | None:
        return _score(self.entry, "target")

    @property
    def residual_rating(self) -> str:
        return rating(self.residual.value, self.spec) if self.residual else ""

    @property
    def trend(self) -> Trend:
        return score_trend(self.residual_history)

    @property
    def meets_target(self) -> bool | None:
        return meets_target(self.residual, self.target)

    @property
    def review_date(self) -> dt.date | None:
        return self.entry.review_date if self.entry else None

    @property
    def review_state(self) -> ReviewState:
        return review_state(self.review_date, self.as_of)

    @property
    def review_overdue(self) -> bool:
        return self.review_state is ReviewState.OVERDUE

    @property
    def due_for_review(self) -> bool:
        """Overdue, due within 30 days, or owned but never scored."""
        state = self.review_state
        if state is ReviewState.UNSCHEDULED:
            return self.owner is not None
        return state in (ReviewState.OVERDUE, ReviewState.DUE)


@dataclass(frozen=True)
class RiskRegister:
    spec: MatrixSpec
    rows: list[RiskRow] = field(default_factory=list)

    def owned_by(self, post_ids: set[int]) -> list[RiskRow]:
        return [r for r in self.rows if r.owner is not None and r.owner.pk in post_ids]


def _entries(plan: Plan) -> dict[tuple[str, int], RegisterEntry]:
    actions = Prefetch(
        "riskaction_set",
        to_attr="action_links",
        queryset=RiskAction.objects.select_related("task").order_by("position"),
    )
    entries = (
        RiskEntry.objects.filter(plan=plan)
        .select_related("owner")
        .prefetch_related(actions, "reviews")
    )
    out: dict[tuple[str, int], RegisterEntry] = {}
    for entry in entries:
        if entry.register_risk_id:
            out[(RiskKind.REGISTER, entry.register_risk_id)] = entry
        elif entry.strategic_risk_id:
            out[(RiskKind.STRATEGIC, entry.strategic_risk_id)] = entry
        elif entry.key_task_risk_id is not None:
            out[(RiskKind.KEY_TASK, entry.key_task_risk_id)] = entry
    return out


def _entry_known_on(entry: RegisterEntry, known_on: dt.date) -> RegisterEntry:
    """A copy of ``entry`` scored as its reviews recorded by the end of ``known_on`` left it
    (unscored if none was), to read, not to save; its owner, target and next review are today's."""
    end = clock.day_end(known_on)
    reviews = [r for r in entry.reviews.all() if r.recorded_at < end]
    known = copy.copy(entry)
    last = reviews[-1] if reviews else None
    known.inherent_likelihood = last.inherent_likelihood if last else None
    known.inherent_impact = last.inherent_impact if last else None
    known.residual_likelihood = last.residual_likelihood if last else None
    known.residual_impact = last.residual_impact if last else None
    known.last_reviewed_on = last.reviewed_on if last else None
    return known


def risk_register(plan: Plan, *, as_of: dt.date, known_on: dt.date | None = None) -> RiskRegister:
    """Register risks by number, then key strategic risks, then key-task risks, as printed.

    With ``known_on``, each risk is scored as the reviews recorded by the end of that day left it
    (``residual_history`` holds only those reviews)."""
    spec = matrix_spec(plan.organisation_id)
    entries = _entries(plan)
    if known_on is not None:
        entries = {key: _entry_known_on(e, known_on) for key, e in entries.items()}
    items: list[tuple[str, PlanRisk, str, str]] = []
    for numbered in RegisterRisk.objects.filter(plan=plan).order_by("number"):
        items.append((RiskKind.REGISTER, numbered, f"Risk {numbered.number}", numbered.title))
    for i, strategic in enumerate(StrategicRisk.objects.filter(plan=plan).order_by("position"), 1):
        items.append((RiskKind.STRATEGIC, strategic, f"Key strategic risk {i}", strategic.title))
    for i, task_risk in enumerate(KeyTaskRisk.objects.filter(plan=plan).order_by("position"), 1):
        items.append((RiskKind.KEY_TASK, task_risk, f"Key-task risk {i}", task_risk.task_text))
    rows = []
    for kind, risk, ref, title in items:
        entry = entries.get((kind, risk.pk))
        reviews = list(entry.reviews.all()) if entry else []
        if known_on is not None:
            reviews = [r for r in reviews if r.recorded_at < clock.day_end(known_on)]
        rows.append(
            RiskRow(
                kind=kind,
                risk=risk,
                ref=ref,
                title=title,
                entry=entry,
                further_actions=[a.task for a in entry.action_links] if entry else [],
                residual_history=[r.residual_score for r in reviews],
                spec=spec,
                as_of=as_of,
            )
        )
    return RiskRegister(spec=spec, rows=rows)


@dataclass(frozen=True)
class HeatMapCell:
    likelihood: int
    impact: int
    score: int
    rating: str
    risks: list[RiskRow]


@dataclass(frozen=True)
class HeatMapRow:
    likelihood: int
    label: str
    cells: list[HeatMapCell]


@dataclass(frozen=True)
class HeatMap:
    """The matrix, most likely row first, impact rising left to right, with the risks in cells."""

    spec: MatrixSpec
    which: str
    rows: list[HeatMapRow]
    unscored: list[RiskRow]

    @property
    def impact_labels(self) -> list[str]:
        return list(self.spec.impact_labels)

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """The table alternative (and CSV): one row per scored risk."""
        header = ["Risk", "Title", "Likelihood", "Impact", "Score", "Rating", "Owner"]
        out: list[list[Any]] = []
        for row in self.rows:
            for cell in row.cells:
                for risk in cell.risks:
                    out.append(
                        [
                            risk.ref,
                            risk.title,
                            f"{cell.likelihood} {self.spec.likelihood_labels[cell.likelihood - 1]}",
                            f"{cell.impact} {self.spec.impact_labels[cell.impact - 1]}",
                            cell.score,
                            cell.rating,
                            risk.owner.title if risk.owner else "",
                        ]
                    )
        out.sort(key=lambda r: (-r[4], r[0]))
        return header, out


def risk_heat_map(register: RiskRegister, *, which: str = "residual") -> HeatMap:
    """Place each scored risk in its cell by its ``residual``, ``inherent`` or ``target`` score."""
    if which not in ("residual", "inherent", "target"):
        raise ValueError(f"a heat map shows residual, inherent or target scores, not {which!r}")
    spec = register.spec
    placed: dict[tuple[int, int], list[RiskRow]] = {}
    unscored = []
    for row in register.rows:
        score = getattr(row, which)
        if score is None or score.likelihood > spec.size or score.impact > spec.size:
            unscored.append(row)
            continue
        placed.setdefault((score.likelihood, score.impact), []).append(row)
    rows = [
        HeatMapRow(
            likelihood=lk,
            label=spec.likelihood_labels[lk - 1],
            cells=[
                HeatMapCell(lk, im, lk * im, rating(lk * im, spec), placed.get((lk, im), []))
                for im in range(1, spec.size + 1)
            ],
        )
        for lk in range(spec.size, 0, -1)
    ]
    return HeatMap(spec=spec, which=which, rows=rows, unscored=unscored)


REGISTER_CSV_HEADER = [
    "Risk",
    "Title",
    "Owner",
    "Causes",
    "Controls",
    "Further actions",
    "Inherent score",
    "Residual score",
    "Residual rating",
    "Target score",
    "Meets target",
    "Trend",
    "Last reviewed",
    "Next review",
    "Review status",
]


def risk_register_csv(register: RiskRegister) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for ``core.downloads.csv_response``: one row per risk."""
    out = []
    for row in register.rows:
        entry = row.entry
        out.append(
            [
                row.ref,
                row.title,
                row.owner.title if row.owner else "",
                entry.causes if entry else "",
                entry.controls if entry else "",
                [t.code for t in row.further_actions],
                row.inherent.value if row.inherent else None,
                row.residual.value if row.residual else None,
                row.residual_rating,
                row.target.value if row.target else None,
                row.meets_target,
                row.trend.label,
                entry.last_reviewed_on if entry else None,
                row.review_date,
                row.review_state.label,
            ]
        )
    return REGISTER_CSV_HEADER, out
