"""Argument types shared by the monitoring commands: errors name the option and show an example."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from civicplan.core.periods import Period
from civicplan.monitoring.selectors.series import period_outside_plan
from civicplan.plans.models import Plan
from civicplan.plans.selectors import plan_choose


def period_arg(text: str) -> Period:
    """``--period 2026/27-Q2``."""
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def date_arg(text: str) -> dt.date:
    """``--as-of 2026-10-22``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        message = f"a date such as 2026-10-22 is needed, not {text!r}"
        raise argparse.ArgumentTypeError(message) from None


def add_period_option(parser: Any, *, as_of: bool = False) -> None:
    """``--period`` (needed) and, with ``as_of``, ``--as-of`` (default: today)."""
    parser.add_argument("--period", type=period_arg, required=True, help="such as 2026/27-Q2")
    if as_of:
        parser.add_argument("--as-of", type=date_arg, default=None, help="default: today")


def add_plan_option(parser: Any) -> None:
    parser.add_argument(
        "--plan", default=None, help="plan id or title (needed only when there are several plans)"
    )


def chosen_plan(key: str | None) -> Plan:
    try:
        return plan_choose(key)
    except LookupError as exc:
        raise CommandError(str(exc), returncode=2) from exc


def plan_period(plan: Plan, period: Period) -> Period:
    """``--period`` checked against the plan: one of its years or the baseline year before."""
    refusal = period_outside_plan(plan, period)
    if refusal:
        raise CommandError(f"--period: {refusal}", returncode=2)
    return period


def plan_and_period(key: str | None, period: Period) -> tuple[Plan, Period]:
    """The plan named by ``--plan`` and ``--period`` checked against it."""
    plan = chosen_plan(key)
    return plan, plan_period(plan, period)


def user_named(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"there is no user {username!r}: check --user", returncode=2)
    return user
