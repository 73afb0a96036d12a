"""Page tests of tracking on the seed plan, as of 30 November 2026, with the tracking personas.

The seed is imported once per module (``tests.tracking.conftest``); the clock is pinned to the
seed's date, so overdue and due soon do not move with the calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.clock import moment
from tests.tracking.conftest import (  # noqa: F401  (fixtures)
    AS_OF,
    HEAD_OF_COMMUNITIES,
    LICENSING_MANAGER,
    admin,
    colleague,
    make_user,
    officer,
    owner,
    plan,
    seeded_plan_id,
    viewer,
)


@pytest.fixture(autouse=True)
def _seed_day(time_machine: Any) -> None:
    time_machine.move_to(moment(AS_OF), tick=True)


@pytest.fixture
def as_user() -> Callable[[Any], Client]:
    """A client signed in as ``user`` (Django's test client does not enforce CSRF)."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def form_data(prefix: str, **values: Any) -> dict[str, str]:
    """POST data for a prefixed form: ``progress-status`` …; dates as ``name`` = (d, m, y)."""
    data: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, tuple):
            for part, text in zip(("day", "month", "year"), value, strict=True):
                data[f"{prefix}-{name}-{part}"] = str(text)
        elif isinstance(value, list):
            data[f"{prefix}-{name}"] = value  # type: ignore[assignment]
        else:
            data[f"{prefix}-{name}"] = str(value)
    return data
