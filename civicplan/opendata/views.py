"""The performance officer's page for the organisation's peer group (who the council is compared
with on indicator pages and in reports)."""

from __future__ import annotations

import duckdb
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.locking import ValueRejected
from civicplan.core.pages import plan_view
from civicplan.opendata import stats, store
from civicplan.opendata.forms import PeerGroupForm
from civicplan.opendata.models import PeerGroup
from civicplan.opendata.selectors import council_area
from civicplan.opendata.services import peer_group_save
from civicplan.plans.models import Plan


def _known_districts() -> list[str]:
    """The districts the police data holds, to help with spelling (none without a store)."""
    try:
        with store.connect(read_only=True) as con:
            return stats.known_districts(con)
    except (store.StoreMissing, duckdb.IOException):
        return []


@plan_view
def peer_group(request: HttpRequest, plan: Plan) -> HttpResponse:
    require(
        is_performance_officer(request.user),
        "Only a performance officer can change the peer group.",
    )
    organisation = plan.organisation
    group = (
        PeerGroup.objects.filter(organisation=organisation).order_by("-is_default", "name").first()
    )
    initial = (
        {"name": group.name, "districts": group.districts, "is_default": group.is_default}
        if group
        else {"name": "Nearest neighbours", "is_default": True}
    )
    form = PeerGroupForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            peer_group_save(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValueRejected as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, "The peer group has been saved.")
            return redirect("opendata:peer_group")
    return render(
        request,
        "opendata/peer_group.html",
        {
            "plan": plan,
            "form": form,
            "group": group,
            "area": council_area(organisation) or organisation.name,
            "known": _known_districts(),
        },
    )
