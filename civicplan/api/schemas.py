"""What the API reads and writes. Output schemas read the selectors' objects directly
(``resolve_*`` turns a relation into codes and titles), so handlers only fetch and return.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, StrictBool

from civicplan.api.fields import AsOfDay, Number, PeriodText, RowId, Version, VersionOrNone, Year
from civicplan.indicators.models import Framework, Indicator
from civicplan.monitoring.models import IndicatorValue

# -- errors -----------------------------------------------------------------------------------


class Message(Schema):
    """A refusal in words the caller can act on (400, 401, 403, 404)."""

    detail: str


class Conflict(Schema):
    """409 or 428: the figure stands at ``current_version``; read it again, then send that."""

    detail: str
    current_version: int | None = None


class FieldError(Schema):
    field: str = Field(description="The input at fault, such as value, period or commentary.")
    msg: str
    loc: list[str | int]
    type: str


class ValidationErrors(Schema):
    """422: each problem names the field at fault."""

    detail: list[FieldError]


READ_REFUSALS: dict[int, type[Schema]] = {401: Message, 404: Message, 422: ValidationErrors}
WRITE_REFUSALS: dict[int, type[Schema]] = {
    **READ_REFUSALS,
    400: Message,  # the body is not JSON at all
    403: Message,
    409: Conflict,
}

# -- plans ------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    title: str
    organisation: str = Field(alias="organisation.name")
    priority: str
    first_year: Year
    last_year: Year
    source_name: str
    imported_at: dt.datetime | None


class TaskOut(Schema):
    id: int
    code: str
    title: str
    new: bool = Field(alias="is_new")
    outcome: str
    partners: list[str]
    officers: list[str]
    target_date: dt.date | None
    target_date_text: str
    budget_note: str

    @staticmethod
    def resolve_partners(task: Any) -> list[str]:
        return [link.partner.name for link in task.partner_links]

    @staticmethod
    def resolve_officers(task: Any) -> list[str]:
        return [link.post.title for link in task.officer_links]


class PolicyOut(Schema):
    id: int
    title: str
    purpose: str
    purpose_items: list[str]
    owners: list[str]
    renewal_text: str
    renewal_date: dt.date | None
    recurrence: str | None

    @staticmethod
    def resolve_owners(policy: Any) -> list[str]:
        return [link.post.title for link in policy.owner_links]

    @staticmethod
    def resolve_recurrence(policy: Any) -> str | None:
        return policy.recurrence or None


class FindingOut(Schema):
    kind: str
    line: int | None
    message: str
    suggestion: str | None
    extra: dict[str, Any]

    @staticmethod
    def resolve_suggestion(finding: Any) -> str | None:
        return finding.suggestion or None


# -- risks ------------------------------------------------------------------------------------


class StrategicRiskOut(Schema):
    title: str
    mitigation: str


class RegisterRiskOut(Schema):
    number: int
    title: str


class CitedTaskOut(Schema):
    code: str
    known: bool = Field(description="False when the code names no key task of the plan.")
    title: str | None

    @staticmethod
    def resolve_known(cited: Any) -> bool:
        return cited.task is not None

    @staticmethod
    def resolve_title(cited: Any) -> str | None:
        return cited.task.title if cited.task else None


class CitedRegisterRiskOut(Schema):
    number: int
    title: str | None = Field(description="None when the number is not in the register extract.")

    @staticmethod
    def resolve_title(cited: Any) -> str | None:
        return cited.risk.title if cited.risk else None


class KeyTaskRiskOut(Schema):
    task: str = Field(alias="risk.task_text")
    threat: str = Field(alias="risk.threat")
    covered: bool | None = Field(alias="risk.covered")
    mitigation: str = Field(alias="risk.mitigation")
    actions: list[CitedTaskOut] = Field(alias="tasks")
    register_risks: list[CitedRegisterRiskOut]


class RisksOut(Schema):
    register_as_at: str
    strategic: list[StrategicRiskOut]
    register_risks: list[RegisterRiskOut] = Field(alias="register")
    key_tasks: list[KeyTaskRiskOut]
    unknown_action_codes: list[str] = Field(alias="unknown_codes")


# -- budget -----------------------------------------------------------------------------------


def _by_year(amounts: Any) -> Any:
    """Amounts keyed by financial year, in year order, with the years as text (2026/27)."""
    if isinstance(amounts, dict):
        return {str(year): amount for year, amount in sorted(amounts.items())}
    return amounts


ByYear = Annotated[dict[str, Number], BeforeValidator(_by_year)]
"""Amounts per financial year: ``{"2026/27": -20000, …}``."""


class BudgetLineOut(Schema):
    description: str = Field(alias="line.description")
    action: str = Field(alias="line.action")
    task: str | None = Field(description="The code of the key task the line belongs to.")
    amounts: ByYear

    @staticmethod
    def resolve_task(entry: Any) -> str | None:
        return entry.line.task.code if entry.line.task else None


class BudgetGroupOut(Schema):
    kind: str
    label: str
    lines: list[BudgetLineOut]
    totals: ByYear


class BudgetOut(Schema):
    """Planned amounts per financial year; negative amounts are savings or income."""

    years: list[Year]
    groups: list[BudgetGroupOut]
    totals: ByYear
    notes: list[str]


# -- indicators -------------------------------------------------------------------------------


class PostOut(Schema):
    id: int
    title: str


class YearFigureOut(Schema):
    year: Year
    value: Number


class IndicatorQuery(Schema):
    """Filters of the indicator list; empty means every indicator."""

    framework: Framework | None = Field(None, description="service_data, csi, kpi or mpi")
    objective: str = Field("", description="Objective code, such as CS1")
    owner: RowId | None = Field(None, description="Post id (see an indicator's owners)")


class _IndicatorNamed(Schema):
    """What every indicator line of the API starts with: the indicator as the plan names it."""

    code: str = Field(alias="indicator.code")
    title: str = Field(alias="indicator.title")
    unit: str = Field(alias="indicator.unit")
    polarity: str | None
    frameworks: list[str]
    objective: str | None

    @staticmethod
    def resolve_polarity(row: Any) -> str | None:
        return row.indicator.polarity or None

    @staticmethod
    def resolve_objective(row: Any) -> str | None:
        return row.indicator.objective.code if row.indicator.objective else None


class IndicatorOut(_IndicatorNamed):
    """A line of the indicator list."""

    id: int = Field(alias="indicator.id")
    section: str = Field(alias="indicator.section")
    parent: str | None
    owners: list[PostOut]
    frequency: str = Field(alias="indicator.frequency")
    aggregation: str = Field(alias="indicator.aggregation")
    latest_actual: YearFigureOut | None
    next_target: YearFigureOut | None

    @staticmethod
    def resolve_parent(row: Any) -> str | None:
        return row.indicator.parent.code if row.indicator.parent else None


class YearLineOut(Schema):
    year: Year
    actual: Number | None
    target: Number | None


class MonitoringSettingsOut(Schema):
    """How the indicator is monitored (a performance officer's to edit)."""

    frequency: str
    aggregation: str
    ratio_numerator: str | None = Field(description="Code of the numerator of a ratio.")
    ratio_denominator: str | None = Field(description="Code of the denominator of a ratio.")
    tolerance_kind: str
    tolerance_amount: Number
    target_profile: str
    series_break_date: dt.date | None
    series_break_reason: str

    @staticmethod
    def resolve_ratio_numerator(indicator: Indicator) -> str | None:
        return indicator.ratio_numerator.code if indicator.ratio_numerator else None

    @staticmethod
    def resolve_ratio_denominator(indicator: Indicator) -> str | None:
        return indicator.ratio_denominator.code if indicator.ratio_denominator else None


class _Revision(Schema):
    """What every revision of a figure shows; ``version`` is what ``expected_version`` matches."""

    id: int
    source: str
    revision: int
    value: Number
    commentary: str
    remedial_action: str = Field(description="What is being done to bring it back on target.")
    forecast: str = Field(description="When it is expected back on target.")
    status: str
    version: int
    submitted_at: dt.datetime | None


class ValueOut(_Revision):
    """One revision of a figure, with who entered and decided it."""

    indicator_id: int
    period: PeriodText
    entered_by: str | None
    entered_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    return_reason: str

    @staticmethod
    def resolve_entered_by(row: IndicatorValue) -> str | None:
        return row.entered_by.get_username() if row.entered_by else None

    @staticmethod
    def resolve_decided_by(row: IndicatorValue) -> str | None:
        return row.decided_by.get_username() if row.decided_by else None


class LatestValueOut(_Revision):
    """The newest revision for the period (who entered it is on the indicator's history)."""


class IndicatorDetailOut(Schema):
    """One indicator: what it is, how it is monitored, its yearly figures and every revision."""

    id: int = Field(alias="indicator.id")
    plan_id: int = Field(alias="indicator.plan_id")
    code: str = Field(alias="indicator.code")
    aliases: list[str] = Field(alias="indicator.aliases")
    title: str = Field(alias="indicator.title")
    unit: str = Field(alias="indicator.unit")
    polarity: str | None
    polarity_source: str | None
    frameworks: list[str] = Field(alias="detail.frameworks")
    objective: str | None
    section: str = Field(alias="indicator.section")
    parent: str | None
    children: list[str]
    owners: list[PostOut] = Field(alias="detail.owners")
    comments: str = Field(alias="indicator.comments")
    version: int = Field(alias="indicator.version")
    settings: MonitoringSettingsOut = Field(alias="indicator")
    years: list[YearLineOut] = Field(alias="detail.years")
    values: list[ValueOut] = Field(alias="history")

    @staticmethod
    def resolve_polarity(full: Any) -> str | None:
        return full.detail.indicator.polarity or None

    @staticmethod
    def resolve_polarity_source(full: Any) -> str | None:
        return full.detail.indicator.polarity_source or None

    @staticmethod
    def resolve_objective(full: Any) -> str | None:
        objective = full.detail.indicator.objective
        return objective.code if objective else None

    @staticmethod
    def resolve_parent(full: Any) -> str | None:
        parent = full.detail.indicator.parent
        return parent.code if parent else None

    @staticmethod
    def resolve_children(full: Any) -> list[str]:
        return [child.code for child in full.detail.children]


class StandingsQuery(Schema):
    """The period to judge, and the day to judge lateness on (for reproducible reports)."""

    period: PeriodText | None = Field(None, description="Default: the quarter most recently ended.")
    as_of: AsOfDay | None = Field(
        None, description="Judge lateness as on this date (default: today)."
    )


class StandingOut(_IndicatorNamed):
    """One indicator's standing for the period: year-to-date actual against the profiled target."""

    indicator_id: int = Field(alias="indicator.id")
    owners: list[str]
    period: PeriodText = Field(alias="evaluation.period")
    actual: Number | None = Field(alias="evaluation.actual", description="Year to date.")
    period_actual: Number | None = Field(
        alias="evaluation.period_actual", description="The period on its own."
    )
    target: Number | None = Field(alias="evaluation.target", description="Profiled to date.")
    status: str = Field(alias="evaluation.status")
    status_label: str
    direction: str = Field(
        alias="evaluation.direction", description="Against the same period a year earlier."
    )
    direction_label: str
    direction_previous: str = Field(
        alias="evaluation.direction_previous", description="Against the previous period."
    )
    latest: LatestValueOut | None = Field(
        description="The newest revision entered for the period, whatever its status."
    )

    @staticmethod
    def resolve_owners(standing: Any) -> list[str]:
        return [link.post.title for link in standing.indicator.indicatorowner_set.all()]

    @staticmethod
    def resolve_status_label(standing: Any) -> str:
        return standing.evaluation.status.label

    @staticmethod
    def resolve_direction_label(standing: Any) -> str:
        return standing.evaluation.direction.label


# -- writes -----------------------------------------------------------------------------------


class ValueIn(Schema):
    """A figure for a period. Saved as a draft unless ``submit`` is true."""

    period: PeriodText
    value: Decimal = Field(description="A count (whole, not negative) or a percentage 0–100.")
    commentary: str = Field("", max_length=10_000, description="Required for amber or red.")
    remedial_action: str = Field(
        "", max_length=10_000, description="What is being done about it: required for red."
    )
    forecast: str = Field(
        "", max_length=500, description="When it is expected back on target: required for red."
    )
    confirm_unusual: StrictBool = Field(
        False,
        description=(
            "true: the figure is right although it is far out of line with the measure's history "
            "and target (without it such a figure is refused, 422 naming confirm_unusual)."
        ),
    )
    submit: StrictBool = False  # true or false; not 0 or "yes"
    expected_version: VersionOrNone | None = Field(
        None,
        description=(
            "The version of the period's figure you read (0: there was none). Required when the "
            "period has a figure (428 without it); a stale one is refused (409)."
        ),
    )


class ApproveIn(Schema):
    expected_version: Version = Field(description="The version of the revision you checked.")


class ReturnIn(Schema):
    expected_version: Version = Field(description="The version of the revision you checked.")
    reason: str = Field(
        max_length=10_000,
        # Documented as required words; the service refuses a blank one in its own words.
        json_schema_extra={"minLength": 1, "pattern": r"\S"},
        description="Why the figure goes back to its owner (required: some words).",
    )
