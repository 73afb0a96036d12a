"""The navigation's "Needs attention" count: what the signed-in person's posts must do.

Computed at most once per request, and only for someone who can act on it: an indicator owner or
performance officer who holds a post (a fixed number of queries: ``attention.selectors.
plan_attention``). The attention page hands over the counts it has already worked out. Anyone
else's count is ``None`` and the link shows without a number (viewers change nothing).
"""

from __future__ import annotations

from typing import Any

from django import template

from civicplan.accounts.permissions import has_role, is_performance_officer, user_post_ids
from civicplan.accounts.roles import Role
from civicplan.attention.selectors import attention_for_user
from civicplan.plans.pages import page_as_of
from civicplan.plans.selectors import plan_choose

register = template.Library()

_UNSET = object()


@register.simple_tag(takes_context=True)
def attention_counts(context: template.Context) -> dict[str, int] | None:
    """``{"total": 27, "indicators": 4, …}`` for the signed-in person's posts, or ``None``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return None
    cached: Any = getattr(request, "civicplan_attention", _UNSET)
    if cached is not _UNSET:
        return cached
    counts = None
    acts = is_performance_officer(user) or has_role(user, Role.INDICATOR_OWNER)
    if acts and user_post_ids(user):
        plan = getattr(request, "civicplan_plan", None)
        if plan is None:
            try:
                plan = plan_choose()
            except LookupError:
                plan = None
        if plan is not None:
            counts = attention_for_user(plan, user, as_of=page_as_of(request)).counts
    request.civicplan_attention = counts
    return counts
