"""Reading the plan's risks: key strategic risks, risks to key tasks and the register extract."""

from __future__ import annotations

from dataclasses import dataclass

from civicplan.plans.models import Plan
from civicplan.risks.models import KeyTaskRisk, RegisterRisk, RiskEntry, RiskReview, StrategicRisk
from civicplan.tasks.models import KeyTask


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
