"""Who may do what. Services and selectors call these, so page, API and upload agree."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from civicplan.accounts.roles import Role


def has_role(user: Any, role: Role) -> bool:
    """True when the user is active and in the role's group (superusers hold every role)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_civicplan_roles", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._civicplan_roles = cache
    return role.value in cache


def is_administrator(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def is_performance_officer(user: Any) -> bool:
    """Performance officers approve figures; administrators can too."""
    return has_role(user, Role.PERFORMANCE_OFFICER) or is_administrator(user)


def user_post_ids(user: Any) -> set[int]:
    """The posts a user holds (and so the indicators, tasks and policies they own)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_civicplan_posts", None)
    if cache is None:
        cache = set(user.posts_held.values_list("post_id", flat=True))
        user._civicplan_posts = cache
    return cache


def owns(user: Any, owner_post_ids: set[int]) -> bool:
    """An indicator owner owns a thing when one of their posts is among its owners."""
    return has_role(user, Role.INDICATOR_OWNER) and bool(user_post_ids(user) & owner_post_ids)


def require(allowed: bool, message: str) -> None:
    """Raise ``PermissionDenied`` with a message the user can act on."""
    if not allowed:
        raise PermissionDenied(message)
