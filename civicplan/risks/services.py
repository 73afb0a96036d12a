"""Writing the risk register: owners, causes and controls, scores and reviews, the matrix setting.

A risk's tracked side (``RiskEntry``) is made the first time anyone records something about it, so
every register, key strategic and key-task risk of the plan can be tracked. Performance officers
assign owners; the owner (through the post they hold) or a performance officer records details and
scores; viewers never change anything. Each service moves the entry's ``version`` on (a stale copy
raises ``EditConflict`` and changes nothing) and writes the audit trail in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from civicplan.accounts.permissions import (
    is_administrator,
    is_performance_officer,
    owns,
    require,
)
from civicplan.core import clock
from civicplan.core.audit import actor, audit_record
from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.formats import date_text
from civicplan.core.locking import conflict_message, version_bump
from civicplan.plans.models import Organisation, Post
from civicplan.risks.models import (
    KeyTaskRisk,
    RegisterRisk,
    RiskAction,
    RiskEntry,
    RiskMatrix,
    RiskReview,
    StrategicRisk,
)
from civicplan.risks.rules import (
    MatrixSpec,
    Score,
    default_matrix,
    matrix_problems,
    next_review_after,
    score_problem,
)
from civicplan.tasks.models import KeyTask

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor, AnyUser

PlanRisk = RegisterRisk | StrategicRisk | KeyTaskRisk
_SCORE_FIELDS = tuple(
    f"{kind}_{part}"
    for kind in ("inherent", "residual", "target")
    for part in ("likelihood", "impact")
)
_FIELD = {
    RegisterRisk: "register_risk",
    StrategicRisk: "strategic_risk",
    KeyTaskRisk: "key_task_risk",
}

__all__ = [
    "PlanRisk",
    "can_manage_risk",
    "matrix_spec",
    "risk_details_update",
    "risk_entry_get",
    "risk_matrix_set",
    "risk_owner_set",
    "risk_score_record",
]


def matrix_spec(organisation: Organisation | int) -> MatrixSpec:
    """The organisation's scoring matrix, or the default 5×5 when it has set none."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    row = RiskMatrix.objects.filter(organisation_id=org_id).first()
    if row is None:
        return default_matrix(5)
    return MatrixSpec(
        row.size, list(row.likelihood_labels), list(row.impact_labels), list(row.bands)
    )


def risk_entry_get(risk: PlanRisk) -> RiskEntry:
    """The risk's tracked side, made (at version 0) the first time it is needed."""
    entry, _ = RiskEntry.objects.get_or_create(
        **{_FIELD[type(risk)]: risk}, defaults={"plan_id": risk.plan_id}
    )
    return entry


def can_manage_risk(user: AnyUser, entry: RiskEntry | None) -> bool:
    """A risk's owner (the post) and performance officers may record its details and scores."""
    if is_performance_officer(user):
        return True
    return entry is not None and entry.owner_id is not None and owns(user, {entry.owner_id})


def _require_manage(user: AnyUser, entry: RiskEntry) -> None:
    owner = entry.owner.title if entry.owner is not None else "no one yet"
    require(
        can_manage_risk(user, entry),
        f"You cannot change “{entry}”: it is owned by {owner}. Ask a performance officer.",
    )


def _locked(risk: PlanRisk, expected_version: int, **changes: Any) -> RiskEntry:
    entry = risk_entry_get(risk)
    version_bump(RiskEntry, entry.pk, expected_version, f"The risk “{entry}”", **changes)
    entry.refresh_from_db()
    return entry


def _score_json(score: Score | None) -> list[int] | None:
    return None if score is None else [score.likelihood, score.impact]


def _entry_snapshot(entry: RiskEntry) -> dict[str, Any]:
    return {
        "owner": entry.owner.title if entry.owner is not None else None,
        "causes": entry.causes,
        "controls": entry.controls,
        "further_actions": [a.task.code for a in entry.riskaction_set.select_related("task")],
        "inherent": _score_json(_score(entry, "inherent")),
        "residual": _score_json(_score(entry, "residual")),
        "target": _score_json(_score(entry, "target")),
        "review_date": entry.review_date.isoformat() if entry.review_date else None,
    }


def _score(entry: RiskEntry, prefix: str) -> Score | None:
    likelihood = getattr(entry, f"{prefix}_likelihood")
    impact = getattr(entry, f"{prefix}_impact")
    return None if likelihood is None else Score(likelihood, impact)


def _check_score(score: Score, size: int, what: str) -> None:
    problem = score_problem(score, size, what)
    if problem:
        raise ValueRejected(problem, field=what)


@transaction.atomic
def risk_owner_set(
    *, risk: PlanRisk, owner: Post | None, by: Actor, expected_version: int
) -> RiskEntry:
    """Give a risk an owning post (or none); only a performance officer assigns risks."""
    require(is_performance_officer(by), "Only a performance officer can assign a risk's owner.")
    if owner is not None and owner.organisation_id != risk.plan.organisation_id:
        raise ValueRejected(f"{owner} is not a post of {risk.plan.organisation}", field="owner")
    before = risk_entry_get(risk).owner
    entry = _locked(risk, expected_version, owner=owner)
    audit_record(
        by=by,
        action="risk.owner",
        obj=entry,
        before={"owner": before.title if before else None},
        after={"owner": owner.title if owner else None},
    )
    return entry


@transaction.atomic
def risk_details_update(
    *,
    risk: PlanRisk,
    causes: str,
    controls: str,
    further_actions: Iterable[KeyTask],
    target: Score | None,
    review_date: dt.date | None,
    by: Actor,
    expected_version: int,
) -> RiskEntry:
    """Record what causes a risk, the controls in place, the key tasks that act on it, its target
    score and when it is next reviewed."""
    entry = risk_entry_get(risk)
    _require_manage(by, entry)
    tasks = list(dict.fromkeys(further_actions))
    for task in tasks:
        if task.plan_id != entry.plan_id:
            raise ValueRejected(f"{task.code} is not a key task of this plan", field="actions")
    if target is not None:
        _check_score(target, matrix_spec(risk.plan.organisation_id).size, "target")
    before = _entry_snapshot(entry)
    entry = _locked(
        risk,
        expected_version,
        causes=(causes or "").strip(),
        controls=(controls or "").strip(),
        target_likelihood=target.likelihood if target else None,
        target_impact=target.impact if target else None,
        review_date=review_date,
    )
    entry.riskaction_set.all().delete()
    RiskAction.objects.bulk_create(
        RiskAction(entry=entry, task=task, position=i) for i, task in enumerate(tasks)
    )
    audit_record(
        by=by, action="risk.details", obj=entry, before=before, after=_entry_snapshot(entry)
    )
    return entry


@transaction.atomic
def risk_score_record(
    *,
    risk: PlanRisk,
    inherent: Score,
    residual: Score,
    reason: str,
    by: Actor,
    expected_version: int,
    reviewed_on: dt.date | None = None,
    next_review: dt.date | None = None,
    as_of: dt.date | None = None,
) -> RiskReview:
    """Score (or re-score) a risk at a review; the review is kept for good, so the trend shows.

    Reviewing without a change is recording the same scores with a reason ("reviewed, no
    change"). The next review is ``next_review``, or a quarter after this one.
    """
    entry = risk_entry_get(risk)
    _require_manage(by, entry)
    reason = (reason or "").strip()
    if not reason:
        raise ValueRejected("Say why the risk is scored this way", field="reason")
    size = matrix_spec(risk.plan.organisation_id).size
    _check_score(inherent, size, "inherent")
    _check_score(residual, size, "residual")
    if residual.value > inherent.value:
        raise ValueRejected(
            f"The residual score ({residual.value}) is what is left after the controls, so it "
            f"cannot be higher than the inherent score ({inherent.value})",
            field="residual",
        )
    today = as_of or clock.today()
    reviewed_on = reviewed_on or today
    if reviewed_on > today:
        raise ValueRejected("A review cannot be dated in the future", field="reviewed_on")
    if entry.last_reviewed_on and reviewed_on < entry.last_reviewed_on:
        raise ValueRejected(
            f"The last review was on {date_text(entry.last_reviewed_on)}; a review cannot be "
            "recorded before it",
            field="reviewed_on",
        )
    next_review = next_review or next_review_after(reviewed_on)
    if next_review <= reviewed_on:
        raise ValueRejected("The next review must be after this one", field="next_review")
    before = _entry_snapshot(entry)
    entry = _locked(
        risk,
        expected_version,
        inherent_likelihood=inherent.likelihood,
        inherent_impact=inherent.impact,
        residual_likelihood=residual.likelihood,
        residual_impact=residual.impact,
        last_reviewed_on=reviewed_on,
        review_date=next_review,
    )
    review = RiskReview.objects.create(
        entry=entry,
        reviewed_on=reviewed_on,
        inherent_likelihood=inherent.likelihood,
        inherent_impact=inherent.impact,
        residual_likelihood=residual.likelihood,
        residual_impact=residual.impact,
        matrix_size=size,
        reason=reason,
        recorded_by=actor(by),
    )
    audit_record(
        by=by,
        action="risk.score",
        obj=entry,
        before=before,
        after=_entry_snapshot(entry),
        reason=reason,
    )
    return review


@transaction.atomic
def risk_matrix_set(
    *, organisation: Organisation, spec: MatrixSpec, by: Actor, expected_version: int
) -> RiskMatrix:
    """Set the organisation's matrix size, labels and bands (administrators only).

    A smaller matrix is refused while any current or target score would fall off it.
    """
    require(is_administrator(by), "Only an administrator can change the risk matrix.")
    problems = matrix_problems(spec)
    if problems:
        field, message = next(iter(problems.items()))
        raise ValueRejected(message, field=field)
    limit = spec.size
    off_matrix = Q()
    for name in _SCORE_FIELDS:
        off_matrix |= Q(**{f"{name}__gt": limit})
    clash = RiskEntry.objects.filter(plan__organisation=organisation).filter(off_matrix).first()
    if clash is not None:
        raise ValueRejected(
            f"“{clash}” is scored beyond {limit} × {limit}; re-score it before making the "
            "matrix smaller",
            field="size",
        )
    row, created = RiskMatrix.objects.get_or_create(
        organisation=organisation,
        defaults={"size": spec.size, "likelihood_labels": [], "impact_labels": [], "bands": []},
    )
    before = (
        None
        if created
        else {
            "size": row.size,
            "likelihood_labels": row.likelihood_labels,
            "impact_labels": row.impact_labels,
            "bands": row.bands,
        }
    )
    after = {
        "size": spec.size,
        "likelihood_labels": [s.strip() for s in spec.likelihood_labels],
        "impact_labels": [s.strip() for s in spec.impact_labels],
        "bands": spec.bands,
    }
    if row.version != expected_version:
        raise EditConflict(conflict_message("The risk matrix"))
    version_bump(RiskMatrix, row.pk, expected_version, "The risk matrix", **after)
    row.refresh_from_db()
    audit_record(by=by, action="risk.matrix", obj=row, before=before, after=after)
    return row
