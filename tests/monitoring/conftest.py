"""Fixtures for monitoring tests: the seed plan, and one persona for each kind of user.

The personas follow the guide (owner, colleague, outsider, viewer, administrator) and are made
through the account services, as the demo command makes its users, so that they can move to
``tests/conftest.py`` unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from civicplan.accounts.roles import Role
from civicplan.accounts.services import user_posts_set, user_role_set
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan, Post
from tests.clock import SEED_DAY

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
SEED_AS_OF = SEED_DAY
OWNER_POST = "Head of Communities and Community Safety"
COLLEAGUE_POST = "Licensing Manager"


def persona(username: str, role: Role | None, *post_titles: str, email: str | None = None) -> Any:
    """A user with one role and the posts named, e-mail ``<username>@example.org`` unless given.

    No password (nothing signs in here, and Argon2 is slow on purpose); returned fresh from the
    database so no role or post is cached on it.
    """
    address = f"{username}@example.org" if email is None else email
    user = get_user_model().objects.create_user(username, address, first_name=username.title())
    if role is not None:
        user_role_set(user=user, roles=[role], by=None)
    if post_titles:
        posts = [Post.objects.get(title=title) for title in post_titles]
        user_posts_set(user=user, posts=posts, by=None)
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def plan(db: None) -> Plan:
    """The seed plan, imported as of 30 November 2026."""
    return plan_import_file(SEED, as_of=SEED_AS_OF).plan


@pytest.fixture
def owner(plan: Plan) -> Any:
    """Holds the Head of Communities and Community Safety post, and so owns its indicators."""
    return persona("owner", Role.INDICATOR_OWNER, OWNER_POST)


@pytest.fixture
def colleague(plan: Plan) -> Any:
    """Another indicator owner, of another post (the Licensing Manager)."""
    return persona("colleague", Role.INDICATOR_OWNER, COLLEAGUE_POST)


@pytest.fixture
def officer(plan: Plan) -> Any:
    """A performance officer: enters, approves and returns any figure."""
    return persona("officer", Role.PERFORMANCE_OFFICER)


@pytest.fixture
def viewer(plan: Plan) -> Any:
    """A councillor: reads everything, changes nothing."""
    return persona("councillor", Role.VIEWER)


@pytest.fixture
def administrator(plan: Plan) -> Any:
    """Manages users and settings; may do everything a performance officer may."""
    return persona("admin", Role.ADMINISTRATOR)
