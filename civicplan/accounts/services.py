"""Managing who holds which role (who holds which post: ``plans.services.user_posts_set``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, User
from django.db import transaction

from civicplan.accounts.permissions import is_administrator, require
from civicplan.accounts.roles import Role
from civicplan.core.audit import audit_record

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor


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
