"""Fixtures for page tests: a plan applied through plan_apply, and a signed-in client."""

from __future__ import annotations

import pytest
from django.test import Client

from civicplan.plans.models import Plan
from tests.factories.plan_data import plan_create
from tests.factories.users import user_create


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    """Argon2 is slow on purpose; page tests sign in often."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan(db: None) -> Plan:
    return plan_create()


@pytest.fixture
def signed_in(client: Client, db: None) -> Client:
    client.force_login(user_create())
    return client
