"""Managing who holds which role and post."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, User
from django.db import transaction

from civicplan.accounts.models import PostHolder
from civicplan.accounts.permissions import is_administrator, require
from civicplan.accounts.roles import Role
from civicplan.core.audit import audit_record

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor
    from civicplan.plans.models import Post  # the plans app's; accounts only links users to it


@transaction.atomic
def user_role_set(*, user: User, roles: list[Role], by: Actor) -> None:
    """Give a user exactly these roles."""
    require(by is None or is_administrator(by), "Only an administrator can change roles.")
    before = sorted(user.groups.values_list("name", flat=True))
    user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
    after = sorted(role.value for role in roles)
    if before != after:
        audit_record(by=by, action="user.roles", obj=user, before=before, after=after)
    user.__dict__.pop("_civicplan_roles", None)


@transaction.atomic
def user_posts_set(*, user: User, posts: list[Post], by: Actor) -> None:
    """Map a user to the posts they hold (and so to what those posts own)."""
    require(by is None or is_administrator(by), "Only an administrator can map users to posts.")
    before = sorted(PostHolder.objects.filter(user=user).values_list("post__title", flat=True))
    PostHolder.objects.filter(user=user).exclude(post__in=posts).delete()
    for post in posts:
        PostHolder.objects.get_or_create(user=user, post=post)
    after = sorted(p.title for p in posts)
    if before != after:
        audit_record(by=by, action="user.posts", obj=user, before=before, after=after)
    user.__dict__.pop("_civicplan_posts", None)
