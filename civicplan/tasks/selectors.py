"""Reading key tasks in bulk, with partners and officers in the order the plan prints them."""

from __future__ import annotations

from django.db.models import Prefetch

from civicplan.plans.models import Plan
from civicplan.tasks.models import KeyTask, KeyTaskOfficer, KeyTaskPartner


def key_task_list(plan: Plan) -> list[KeyTask]:
    """Key tasks in printed order; ``task.partner_links`` and ``task.officer_links`` are ordered.

    Three queries whatever the number of tasks.
    """
    partners = Prefetch(
        "keytaskpartner_set",
        to_attr="partner_links",
        queryset=KeyTaskPartner.objects.select_related("partner").order_by("position"),
    )
    officers = Prefetch(
        "keytaskofficer_set",
        to_attr="officer_links",
        queryset=KeyTaskOfficer.objects.select_related("post").order_by("position"),
    )
    return list(plan.key_tasks.prefetch_related(partners, officers).order_by("position"))
