"""People who use the pages in tests: a plain user, and the personas the permission tests use."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from civicplan.accounts.roles import Role
from civicplan.accounts.services import user_role_set
from civicplan.plans.models import Post
from civicplan.plans.services import user_posts_set
from tests.factories.plan_data import HEAD_OF_COMMUNITIES, LICENSING_MANAGER

PASSWORD = "a long enough test passphrase"


def user_create(username: str = "viewer", *, password: str = PASSWORD) -> AbstractBaseUser:
    """A plain signed-up user (no staff rights) who can read every page."""
    return get_user_model().objects.create_user(username=username, password=password)


# The posts the personas hold: the owner owns ComS_001 and ComS_024 (and so ComS_024a) and is an
# officer of most key tasks; the colleague, another indicator owner, owns ComS_093a only.
OWNER_POST = HEAD_OF_COMMUNITIES
COLLEAGUE_POST = LICENSING_MANAGER


def persona(username: str, role: Role | None, *post_titles: str, email: str | None = None) -> Any:
    """A user with one role and the posts named, e-mail ``<username>@example.org`` unless given.

    Made through the account services, as the demo command makes its users. No password (Argon2
    is slow on purpose; sign in with ``Client.force_login``); returned fresh from the database so
    no role or post is cached on it.
    """
    address = f"{username}@example.org" if email is None else email
    user = get_user_model().objects.create_user(username, address, first_name=username.title())
    if role is not None:
        user_role_set(user=user, roles=[role], by=None)
    if post_titles:
        posts = [Post.objects.get(title=title) for title in post_titles]
        user_posts_set(user=user, posts=posts, by=None)
    return get_user_model().objects.get(pk=user.pk)
