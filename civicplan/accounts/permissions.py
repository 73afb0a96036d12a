"""Who may do what. Services and selectors call these, so page, API and upload agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from civicplan.accounts.roles import Role

if TYPE_CHECKING:
    from civicplan.accounts.actors import AnyUser

# Each user object remembers its roles and posts for as long as it lives (one request);
# ``accounts.services`` forgets them when it changes either.
_ROLES_CACHE = "_civicplan_roles"
_POSTS_CACHE = "_civicplan_posts"


def has_role(user: AnyUser, role: Role) -> bool:
    """True when the user is active and in the role's group (superusers hold every role)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache: set[str] | None = getattr(user, _ROLES_CACHE, None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        setattr(user, _ROLES_CACHE, cache)
    return role.value in cache


def is_administrator(user: AnyUser) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def is_performance_officer(user: AnyUser) -> bool:
    """Performance officers approve figures; administrators can too."""
    return has_role(user, Role.PERFORMANCE_OFFICER) or is_administrator(user)


def user_post_ids(user: AnyUser) -> set[int]:
    """The posts a user holds (and so the indicators, tasks and policies they own)."""
    if user is None or not user.is_authenticated:
        return set()
    cache: set[int] | None = getattr(user, _POSTS_CACHE, None)
    if cache is None:
        cache = set(user.posts_held.values_list("post_id", flat=True))
        setattr(user, _POSTS_CACHE, cache)
    return cache


def owns(user: AnyUser, owner_post_ids: set[int]) -> bool:
    """An indicator owner owns a thing when one of their posts is among its owners."""
    return has_role(user, Role.INDICATOR_OWNER) and bool(user_post_ids(user) & owner_post_ids)


def require(allowed: bool, message: str) -> None:
    """Raise ``PermissionDenied`` with a message the user can act on."""
    if not allowed:
        raise PermissionDenied(message)
