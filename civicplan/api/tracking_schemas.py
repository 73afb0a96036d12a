"""What the tracking read endpoints return: key-task progress, the risk register and heat map,
policy renewals and what needs attention (the budget's are in ``api.budget_schemas``).

As in ``api.schemas``, output schemas read the selectors' rows directly; ``resolve_*`` turns a
relation into codes and titles. Every derived figure (overdue, trend, review state …) is the
selector's, so the API and the pages agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from civicplan.api.fields import AsOfDay, PeriodText, RowId
from civicplan.risks.tables import risk_code

# -- key tasks --------------------------------------------------------------------------------


class TaskProgressQuery(Schema):
    as_of: AsOfDay | None = Field(None, description="Judge overdue and due soon on this date.")
    post: RowId | None = Field(None, description="Only the tasks of this post (id).")
    partner: RowId | None = Field(None, description="Only the tasks of this partner (id).")


class TaskUpdateOut(Schema):
    period: PeriodText
    status: str
    percent_complete: int
    commentary: str
    recorded_at: dt.datetime


class TargetChangeOut(Schema):
    previous_date: dt.date | None
    new_date: dt.date
    reason: str
    changed_at: dt.datetime


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: dt.date
    status: str


class TaskProgressOut(Schema):
    """A key task as tracked, judged as of ``as_of``. ``version`` is what a change must send."""

    code: str
    title: str = Field(alias="task.title")
    officers: list[str]
    partners: list[str]
    status: str | None = Field(description="The latest report's status; None before any.")
    percent_complete: int | None
    planned_target_date: dt.date | None = Field(description="As the plan printed it.")
    current_target_date: dt.date | None
    date_changed: bool
    overdue: bool
    due_soon: bool = Field(description="Due within the next 90 days.")
    needs_update: bool = Field(description="No report yet for the quarter being reported.")
    reporting_quarter: PeriodText
    as_of: dt.date
    version: int
    updates: list[TaskUpdateOut]
    target_changes: list[TargetChangeOut]
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_officers(row: Any) -> list[str]:
        return [post.title for post in row.officers]

    @staticmethod
    def resolve_partners(row: Any) -> list[str]:
        return [partner.name for partner in row.partners]


class PartnerOut(Schema):
    id: int = Field(alias="partner.id")
    name: str = Field(alias="partner.name")
    tasks: list[str] = Field(description="Codes of the key tasks it is a partner in.")

    @staticmethod
    def resolve_tasks(item: Any) -> list[str]:
        return [task.code for task in item.tasks]


# -- risks ------------------------------------------------------------------------------------


class AsOfQuery(Schema):
    as_of: AsOfDay | None = Field(None, description="Judge reviews and renewals on this date.")


class HeatMapQuery(AsOfQuery):
    which: str = Field("residual", pattern="^(residual|inherent|target)$")


class MatrixOut(Schema):
    size: int
    likelihood_labels: list[str]
    impact_labels: list[str]
    bands: list[dict[str, Any]]


class ScoreOut(Schema):
    likelihood: int
    impact: int
    score: int = Field(alias="value")


class ReviewOut(Schema):
    reviewed_on: dt.date
    inherent_score: int
    residual_score: int
    reason: str


class RiskOut(Schema):
    """One risk of the plan as tracked. ``code``: R2 register risk 2, S1, T3 (as the pages)."""

    code: str
    ref: str
    kind: str = Field(description="register, strategic or key_task")
    title: str
    owner: str | None
    causes: str
    controls: str
    further_actions: list[str]
    inherent: ScoreOut | None
    residual: ScoreOut | None
    target: ScoreOut | None
    rating: str = Field(alias="residual_rating")
    meets_target: bool | None
    trend: str
    last_reviewed_on: dt.date | None
    review_date: dt.date | None
    review_state: str
    review_overdue: bool
    version: int
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_code(row: Any) -> str:
        return risk_code(row)

    @staticmethod
    def resolve_owner(row: Any) -> str | None:
        return row.owner.title if row.owner else None

    @staticmethod
    def resolve_causes(row: Any) -> str:
        return row.entry.causes if row.entry else ""

    @staticmethod
    def resolve_controls(row: Any) -> str:
        return row.entry.controls if row.entry else ""

    @staticmethod
    def resolve_further_actions(row: Any) -> list[str]:
        return [task.code for task in row.further_actions]

    @staticmethod
    def resolve_trend(row: Any) -> str:
        return row.trend.value

    @staticmethod
    def resolve_review_state(row: Any) -> str:
        return row.review_state.value

    @staticmethod
    def resolve_last_reviewed_on(row: Any) -> dt.date | None:
        return row.entry.last_reviewed_on if row.entry else None

    @staticmethod
    def resolve_reviews(row: Any) -> list[Any]:
        return list(row.entry.reviews.all()) if row.entry else []


class RiskRegisterOut(Schema):
    matrix: MatrixOut = Field(alias="spec")
    risks: list[RiskOut] = Field(alias="rows")


class HeatCellOut(Schema):
    likelihood: int
    impact: int
    score: int
    rating: str
    risks: list[str] = Field(description="Codes of the risks in the cell.")

    @staticmethod
    def resolve_risks(cell: Any) -> list[str]:
        return [risk_code(row) for row in cell.risks]


class HeatMapOut(Schema):
    """The matrix, most likely row first, impact rising left to right."""

    which: str
    matrix: MatrixOut = Field(alias="spec")
    cells: list[HeatCellOut]
    unscored: list[str] = Field(description="Codes of the risks without this score.")

    @staticmethod
    def resolve_cells(heat: Any) -> list[Any]:
        return [cell for row in heat.rows for cell in row.cells]

    @staticmethod
    def resolve_unscored(heat: Any) -> list[str]:
        return [risk_code(row) for row in heat.unscored]


# -- policies ---------------------------------------------------------------------------------


class RenewalQuery(AsOfQuery):
    mine: bool = Field(False, description="Only the policies the caller's posts own.")


class RenewalOut(Schema):
    sequence: int
    document_version: str
    approved_on: dt.date
    approved_by_body: str
    document_url: str
    next_renewal_date: dt.date | None
    note: str


class PolicyRenewalOut(Schema):
    id: int = Field(alias="policy.id")
    title: str
    owners: list[str]
    renewal_text: str = Field(alias="policy.renewal_text")
    recurrence: str | None
    next_due: dt.date | None
    state: str
    state_label: str
    version: int = Field(description="Renewals recorded so far: a new renewal's expected_version.")
    renewals: list[RenewalOut]

    @staticmethod
    def resolve_owners(row: Any) -> list[str]:
        return [post.title for post in row.owners]

    @staticmethod
    def resolve_recurrence(row: Any) -> str | None:
        return row.policy.recurrence or None

    @staticmethod
    def resolve_state(row: Any) -> str:
        return row.state.value

    @staticmethod
    def resolve_state_label(row: Any) -> str:
        return row.state.label


class RenewalTrackerOut(Schema):
    as_of: dt.date
    counts: dict[str, int]
    policies: list[PolicyRenewalOut] = Field(alias="rows")


# -- attention --------------------------------------------------------------------------------


class AttentionQuery(AsOfQuery):
    post: RowId | None = Field(None, description="A post's list (id); default: the caller's posts.")


class IndicatorDueOut(Schema):
    code: str
    period: PeriodText
    due_date: dt.date
    missing: bool


class TaskAttentionOut(Schema):
    code: str
    current_target_date: dt.date | None
    overdue: bool
    due_soon: bool
    needs_update: bool


class RiskAttentionOut(Schema):
    code: str
    ref: str
    title: str
    review_date: dt.date | None
    review_state: str

    @staticmethod
    def resolve_code(row: Any) -> str:
        return risk_code(row)

    @staticmethod
    def resolve_review_state(row: Any) -> str:
        return row.review_state.value


class PolicyAttentionOut(Schema):
    id: int = Field(alias="policy.id")
    title: str
    next_due: dt.date | None
    state: str

    @staticmethod
    def resolve_state(row: Any) -> str:
        return row.state.value


class AttentionOut(Schema):
    """What the posts must do as of ``as_of``; ``counts`` is what the navigation shows."""

    as_of: dt.date
    counts: dict[str, int]
    indicators: list[IndicatorDueOut]
    tasks: list[TaskAttentionOut]
    risks: list[RiskAttentionOut]
    policies: list[PolicyAttentionOut]
