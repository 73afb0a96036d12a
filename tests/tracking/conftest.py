"""The seed plan as of 30 November 2026 and the five personas the permission tests use."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from civicplan.accounts.roles import Role
from civicplan.accounts.services import user_posts_set, user_role_set
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan, Post
from tests.clock import SEED_DAY

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
AS_OF = SEED_DAY
HEAD_OF_COMMUNITIES = "Head of Communities and Community Safety"
LICENSING_MANAGER = "Licensing Manager"


def make_user(username: str, role: Role, post_title: str | None = None):
    """A user in one role, holding one post (or none), read back fresh from the database."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    user_role_set(user=user, roles=[role], by=None)
    if post_title:
        user_posts_set(user=user, posts=[Post.objects.get(title=post_title)], by=None)
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture(scope="module")
def seeded_plan_id(django_db_setup, django_db_blocker):
    """The seed imported once per module inside a transaction that is rolled back at its end.

    Each test runs in a savepoint inside it (pytest-django's ``db``), as Django's
    ``setUpTestData`` does, so the 1–2 s import is paid once per module, not once per test.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield plan_import_file(SEED, as_of=AS_OF).plan.pk
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def plan(seeded_plan_id, db) -> Plan:
    return Plan.objects.get(pk=seeded_plan_id)


@pytest.fixture
def owner(plan):
    """Holds the post that is an officer of most key tasks."""
    return make_user("owner", Role.INDICATOR_OWNER, HEAD_OF_COMMUNITIES)


@pytest.fixture
def colleague(plan):
    """An indicator owner, but of another post."""
    return make_user("colleague", Role.INDICATOR_OWNER, LICENSING_MANAGER)


@pytest.fixture
def viewer(plan):
    """A councillor who even holds the owning post: viewers still change nothing."""
    return make_user("councillor", Role.VIEWER, HEAD_OF_COMMUNITIES)


@pytest.fixture
def officer(plan):
    return make_user("officer", Role.PERFORMANCE_OFFICER)


@pytest.fixture
def admin(plan):
    return make_user("admin", Role.ADMINISTRATOR)
