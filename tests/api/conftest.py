"""Fixtures for the API tests: a plan, the five personas, and clients that sign in either way.

Personas (issue 3): the owner holds the post that owns ComS_001 and ComS_024; the colleague holds
another post (Environmental Health, owner of ComS_012); the viewer reads only; the performance
officer approves; anonymous has no session and no token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from civicplan.accounts.roles import Role
from civicplan.accounts.services import user_role_set
from civicplan.api.services import api_token_create
from civicplan.indicators.models import Indicator
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan, Post
from civicplan.plans.services import user_posts_set
from tests.clock import SEED_DAY
from tests.factories.plan_data import HEAD_OF_COMMUNITIES, HEAD_OF_EH, plan_create

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
SEED_AS_OF = SEED_DAY


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Argon2 is slow on purpose; these tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan(db: None) -> Plan:
    return plan_create()


@pytest.fixture
def seed_plan(db: None) -> Plan:
    """The real seed plan, imported as of 2026-11-30."""
    return plan_import_file(SEED, as_of=SEED_AS_OF).plan


def persona(username: str, role: Role | None, post_titles: Sequence[str] = ()) -> Any:
    """A user with one role (or none) holding the posts named."""
    user = get_user_model().objects.create_user(username=username, password="x" * 20)
    if role is not None:
        user_role_set(user=user, roles=[role], by=None)
    user_posts_set(user=user, posts=list(Post.objects.filter(title__in=post_titles)), by=None)
    return user


@pytest.fixture
def owner(plan: Plan) -> Any:
    return persona("owner", Role.INDICATOR_OWNER, [HEAD_OF_COMMUNITIES])


@pytest.fixture
def colleague(plan: Plan) -> Any:
    return persona("colleague", Role.INDICATOR_OWNER, [HEAD_OF_EH])


@pytest.fixture
def viewer(plan: Plan) -> Any:
    return persona("viewer", Role.VIEWER)


@pytest.fixture
def officer(plan: Plan) -> Any:
    return persona("officer", Role.PERFORMANCE_OFFICER)


@pytest.fixture
def as_user() -> Callable[[Any], Client]:
    """A client signed in to a session as ``user`` (CSRF not enforced, as Django's test client)."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def with_token() -> Callable[[Any], Client]:
    """A client with no session that sends a fresh personal token of ``user``."""

    def make(user: Any) -> Client:
        _, raw = api_token_create(user=user, name="tests", by=None)
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


def indicator_id(plan: Plan, code: str) -> int:
    return Indicator.objects.get(plan=plan, code=code).pk


def post_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")
