"""Fixtures for the monitoring pages: the factory plan, a persona of each kind, a fixed today.

The pages judge lateness by the clock, pinned at 30 November 2026 so that 2026/27 Q2 (due
21 October 2026) is past its deadline whatever day the tests run, and figures are stamped that day.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from civicplan.accounts.roles import Role
from civicplan.plans.models import Plan
from tests.clock import SEED_DAY, moment
from tests.factories.plan_data import plan_create
from tests.monitoring.conftest import COLLEAGUE_POST, OWNER_POST, persona

TODAY = SEED_DAY


@pytest.fixture(autouse=True)
def _fixed_today(time_machine: Any) -> None:
    time_machine.move_to(moment(TODAY), tick=True)


@pytest.fixture
def plan(db: None) -> Plan:
    return plan_create()


@pytest.fixture
def owner(plan: Plan) -> Any:
    """Head of Communities and Community Safety: owns ComS_001, ComS_024 (and so ComS_024a)."""
    return persona("owner", Role.INDICATOR_OWNER, OWNER_POST)


@pytest.fixture
def colleague(plan: Plan) -> Any:
    """The Licensing Manager: owns ComS_093a only."""
    return persona("colleague", Role.INDICATOR_OWNER, COLLEAGUE_POST)


@pytest.fixture
def officer(plan: Plan) -> Any:
    return persona("officer", Role.PERFORMANCE_OFFICER)


@pytest.fixture
def viewer(plan: Plan) -> Any:
    return persona("councillor", Role.VIEWER)


def signed_in(user: Any, **client_options: Any) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    return client


@pytest.fixture
def as_owner(owner: Any) -> Client:
    return signed_in(owner)


@pytest.fixture
def as_colleague(colleague: Any) -> Client:
    return signed_in(colleague)


@pytest.fixture
def as_officer(officer: Any) -> Client:
    return signed_in(officer)


@pytest.fixture
def as_viewer(viewer: Any) -> Client:
    return signed_in(viewer)
