"""Reading plans."""

from __future__ import annotations

from civicplan.plans.models import Plan


def plan_choose(key: str | None = None) -> Plan:
    """The plan named by id or title, or the only plan (the latest when there are several)."""
    plans = Plan.objects.select_related("organisation")
    if key:
        match = plans.filter(pk=int(key)).first() if key.isdigit() else plans.filter(title=key).first()
        if match is None:
            raise LookupError(f"no plan with id or title {key!r}")
        return match
    latest = plans.order_by("-first_year", "-id").first()
    if latest is None:
        raise LookupError("there is no plan yet: run civicplan import-plan FILE first")
    return latest
