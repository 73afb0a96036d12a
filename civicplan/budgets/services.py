"""Writing budget tracking: actual amounts per quarter per line, and income bids with outcomes.

Performance officers record for any line; a key task's officers for the lines of their task. A
line with no key task ("Funding bids") is a performance officer's. Viewers never write. Every
service validates, locks (``version``; a stale copy raises ``EditConflict`` and changes nothing)
and writes the audit trail in the same transaction. Variances are never stored: see ``rules``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from civicplan.accounts.permissions import is_performance_officer, owns, require
from civicplan.budgets.models import BidOutcome, BudgetActual, BudgetKind, BudgetLine, IncomeBid
from civicplan.budgets.rules import bid_problems, money_parse, sign_problem
from civicplan.core import clock
from civicplan.core.audit import actor, audit_record
from civicplan.core.errors import EditConflict, ValueRejected, required_text
from civicplan.core.locking import (
    conflict_message,
    version_bump,
)
from civicplan.core.numbers import to_json_number
from civicplan.core.periods import Period, PeriodKind

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor, AnyUser

__all__ = [
    "budget_actual_record",
    "can_record_budget",
    "income_bid_decide",
    "income_bid_record",
]


def can_record_budget(user: AnyUser, line: BudgetLine) -> bool:
    """Performance officers record any line; the officers of a line's key task record that line."""
    if is_performance_officer(user):
        return True
    if line.task is None:
        return False
    return owns(user, {link.post_id for link in line.task.keytaskofficer_set.all()})


def _require_can_record(user: AnyUser, line: BudgetLine) -> None:
    whose = (
        f"the officers of {line.task.code}" if line.task is not None else "a performance officer"
    )
    require(
        can_record_budget(user, line),
        f"You cannot record amounts for “{line.description}”: that is for {whose}.",
    )


def _money(raw: Any, field: str) -> Decimal:
    try:
        return money_parse(raw)
    except ValueError as exc:
        raise ValueRejected(str(exc), field=field) from None


def _actual_snapshot(row: BudgetActual) -> dict[str, Any]:
    return {"period": str(row.period), "amount": to_json_number(row.amount), "note": row.note}


@transaction.atomic
def budget_actual_record(
    *,
    line: BudgetLine,
    period: Period,
    amount: Any,
    note: str = "",
    by: Actor,
    expected_version: int,
    as_of: dt.date | None = None,
) -> BudgetActual:
    """Record (or correct) a line's actual amount for a quarter; a new quarter expects version 0."""
    _require_can_record(by, line)
    plan = line.plan
    if period.kind is not PeriodKind.QUARTER:
        raise ValueRejected(f"Actuals are recorded by quarter, not {period.label}", field="period")
    if not plan.first_year <= period.fy <= plan.last_year:
        raise ValueRejected(
            f"{period.label} is outside the plan ({plan.period_label})", field="period"
        )
    if period.first_day > (as_of or clock.today()):
        raise ValueRejected(f"{period.label} has not started yet", field="period")
    value = _money(amount, "amount")
    problem = sign_problem(line.kind, value)
    if problem:
        raise ValueRejected(problem, field="amount")
    note = (note or "").strip()
    recorder = actor(by)
    what = f"The {period.label} actual of “{line.description}”"
    row = BudgetActual.objects.filter(line=line, fy=period.fy, quarter=period.number).first()
    if row is None:
        if expected_version != 0:
            raise EditConflict(conflict_message(what))
        try:
            with transaction.atomic():
                row = BudgetActual.objects.create(
                    line=line,
                    fy=period.fy,
                    quarter=period.number,
                    amount=value,
                    note=note,
                    version=1,
                    recorded_by=recorder,
                )
        except IntegrityError:
            raise EditConflict(conflict_message(what)) from None
        before = None
    else:
        before = _actual_snapshot(row)
        version_bump(
            BudgetActual,
            row.pk,
            expected_version,
            what,
            amount=value,
            note=note,
            recorded_by=recorder,
        )
        row.refresh_from_db()
    audit_record(by=by, action="budget.actual", obj=row, before=before, after=_actual_snapshot(row))
    return row


def _bid_snapshot(bid: IncomeBid) -> dict[str, Any]:
    return {
        "funder": bid.funder,
        "purpose": bid.purpose,
        "submitted_on": bid.submitted_on.isoformat(),
        "amount_bid": to_json_number(bid.amount_bid),
        "outcome": bid.outcome,
        "amount_awarded": to_json_number(bid.amount_awarded),
        "decided_on": bid.decided_on.isoformat() if bid.decided_on else None,
    }


@transaction.atomic
def income_bid_record(
    *,
    line: BudgetLine,
    funder: str,
    purpose: str,
    submitted_on: dt.date,
    amount_bid: Any,
    by: Actor,
    as_of: dt.date | None = None,
) -> IncomeBid:
    """Record a bid for funding against an income line; it starts pending."""
    _require_can_record(by, line)
    if line.kind != BudgetKind.INCOME:
        raise ValueRejected(
            f"Bids are recorded against income lines; “{line.description}” is "
            f"{line.get_kind_display().lower()}",
            field="line",
        )
    if not isinstance(submitted_on, dt.date) or submitted_on > (as_of or clock.today()):
        raise ValueRejected(
            "Enter the date the bid was submitted (not a future date)", field="submitted_on"
        )
    amount = _money(amount_bid, "amount_bid")
    problems = bid_problems(
        outcome=BidOutcome.PENDING, amount_bid=amount, amount_awarded=None, decided=False
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise ValueRejected(message, field=field)
    bid = IncomeBid.objects.create(
        line=line,
        funder=required_text(funder, field="funder", what="the funder", limit=200),
        purpose=required_text(purpose, field="purpose", what="what the bid is for", limit=300),
        submitted_on=submitted_on,
        amount_bid=amount,
        version=1,
        recorded_by=actor(by),
    )
    audit_record(by=by, action="budget.bid", obj=bid, after=_bid_snapshot(bid))
    return bid


@transaction.atomic
def income_bid_decide(
    *,
    bid: IncomeBid,
    outcome: str,
    decided_on: dt.date | None,
    amount_awarded: Any = None,
    by: Actor,
    expected_version: int,
    as_of: dt.date | None = None,
) -> IncomeBid:
    """Record a bid's outcome (or put it back to pending); the amount awarded goes with success."""
    _require_can_record(by, bid.line)
    awarded = None if amount_awarded in (None, "") else _money(amount_awarded, "amount_awarded")
    if outcome == BidOutcome.PENDING:
        decided_on, awarded = None, None
    problems = bid_problems(
        outcome=outcome,
        amount_bid=bid.amount_bid,
        amount_awarded=awarded,
        decided=decided_on is not None,
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise ValueRejected(message, field=field)
    if decided_on is not None and not (bid.submitted_on <= decided_on <= (as_of or clock.today())):
        raise ValueRejected(
            "The decision date must be on or after the bid and not in the future",
            field="decided_on",
        )
    before = _bid_snapshot(bid)
    version_bump(
        IncomeBid,
        bid.pk,
        expected_version,
        f"The bid to {bid.funder}",
        outcome=BidOutcome(outcome),
        amount_awarded=awarded,
        decided_on=decided_on,
    )
    bid.refresh_from_db()
    audit_record(
        by=by, action="budget.bid.outcome", obj=bid, before=before, after=_bid_snapshot(bid)
    )
    return bid
