"""The banner a page shows when the day it judges by falls outside the plan's years.

The plan runs to March 2029 and the council keeps using its history after that: pages then open
at the plan's last quarter, and say so (``plans.rules.plan_dates_note``). No query: the plan is
the one ``plans.pages.plan_view`` already read for the page.
"""

from __future__ import annotations

from django import template

from civicplan.core import clock
from civicplan.plans.rules import plan_dates_note

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_dates(context: template.Context) -> str:
    """``The plan ended on 31 March 2029; showing its last quarter, 2028/29 Q4.``, or ``""``."""
    request = context.get("request")
    plan = getattr(request, "civicplan_plan", None)
    if request is None or plan is None:
        return ""
    return plan_dates_note(plan, clock.today())
