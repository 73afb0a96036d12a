"""Fixtures for the report tests."""

from __future__ import annotations

import pytest
from report_helpers import AS_OF, SEED

from civicplan.plans.models import Plan
from civicplan.plans.workflows import plan_import_file


@pytest.fixture
def seed_plan(db) -> Plan:
    """The seed plan imported as of 2026-11-30."""
    return plan_import_file(SEED, as_of=AS_OF).plan
