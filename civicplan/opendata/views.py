"""The police data pages: what the store holds and how the plan's measures are counted (everyone
signed in), the hotspots an ASB officer acts on (everyone signed in: these are public data), and,
for performance officers, the peer group the council is compared with and the page that records
the figures derived from the data for approval."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import duckdb
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.forms import Outcome, form_post, form_submit
from civicplan.core.tables import Table
from civicplan.opendata import store
from civicplan.opendata.forms import HotspotForm, PeerGroupForm, RecordForm
from civicplan.opendata.models import PeerGroup
from civicplan.opendata.pages import common, hotspot_page, recording, store_status
from civicplan.opendata.rules import MeasureDef, Period
from civicplan.opendata.selectors import stats
from civicplan.opendata.selectors.comparison import (
    AREA_ENV,
    IMPORT_COMMAND,
    NO_DATA,
    council_area,
    measures_for,
    open_store,
)
from civicplan.opendata.services import derived_values_record_for_period, peer_group_save
from civicplan.plans.models import Organisation, Plan
from civicplan.plans.pages import plan_view, tables_page

if TYPE_CHECKING:
    from civicplan.accounts.actors import SignedInRequest


def _breadcrumbs(*, inside: bool = True) -> list[tuple[str, str]]:
    """Overview › Indicators (› Police data, on the pages inside it)."""
    crumbs = [
        ("Overview", reverse("plans:overview")),
        ("Indicators", reverse("monitoring:indicators")),
    ]
    return [*crumbs, ("Police data", reverse("opendata:index"))] if inside else crumbs


def _known_districts() -> list[str]:
    """The districts the police data holds, to help with spelling (none without a store)."""
    try:
        with store.connect(read_only=True) as con:
            return stats.known_districts(con)
    except (store.StoreMissing, duckdb.IOException):
        return []


@plan_view
def peer_group(request: SignedInRequest, plan: Plan) -> HttpResponse:
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
    if request.method != "POST":
        return _peer_group_page(request, plan, group, PeerGroupForm(initial=initial))
    form = PeerGroupForm(request.POST, initial=initial)

    def save(data: dict[str, Any]) -> str:
        peer_group_save(organisation=organisation, by=request.user, **data)
        return "The peer group has been saved."

    return form_post(
        request,
        form,
        save,
        saved_to=reverse("opendata:peer_group"),
        reread=lambda: group,
        page=lambda now, status: _peer_group_page(request, plan, now, form, status=status),
    )


def _peer_group_page(
    request: HttpRequest,
    plan: Plan,
    group: PeerGroup | None,
    form: PeerGroupForm,
    *,
    status: int = 200,
) -> HttpResponse:
    organisation = plan.organisation
    return render(
        request,
        "opendata/peer_group.html",
        {
            "breadcrumbs": _breadcrumbs(inside=False),
            "plan": plan,
            "form": form,
            "group": group,
            "area": council_area(organisation) or organisation.name,
            "known": _known_districts(),
        },
        status=status,
    )


@plan_view
def index(request: HttpRequest, plan: Plan) -> HttpResponse:
    con, problem = open_store()
    if con is None:
        page = store_status.police_data_page(None, problem, plan.organisation)
    else:
        with con:
            page = store_status.police_data_page(con, None, plan.organisation)
    return tables_page(
        request,
        "opendata/index.html",
        {
            "breadcrumbs": _breadcrumbs(inside=False),
            "page": page,
            "officer": is_performance_officer(request.user),
        },
        plan=plan,
        tables=page.tables,
    )


HOTSPOT_FIELDS = ("what", "period", "by", "limit")


def _on_the_store(
    organisation: Organisation,
    build: Callable[[duckdb.DuckDBPyConnection, str], dict[str, Any]],
) -> dict[str, Any]:
    """``build(con, district)`` on the store, or the one sentence saying why it cannot run: the
    council's district is not known, there is no store or it is busy, nothing is imported yet,
    or the data does not know the district."""
    area = council_area(organisation)
    if not area:
        return {"problem": f"The council’s district is not known: set {AREA_ENV}."}
    con, problem = open_store()
    if con is None:
        return {"problem": problem, "fix_command": IMPORT_COMMAND if problem == NO_DATA else ""}
    with con:
        if not store.holds_data(con):
            return {"problem": NO_DATA, "fix_command": IMPORT_COMMAND}
        try:
            [area] = stats.check_districts(con, [area])
        except LookupError as exc:
            return {"problem": str(exc)}
        return build(con, area)


@plan_view
def hotspots(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The filter form (GET, every field defaulted) and the streets or LSOAs with most incidents.

    A missing field takes its default; a value that is not one of the choices is an error on the
    page. Whatever is wrong with the store is one sentence.
    """
    organisation = plan.organisation
    measures, _ = measures_for(organisation)
    context: dict[str, Any] = {
        "breadcrumbs": _breadcrumbs(),
        "officer": is_performance_officer(request.user),
        "problem": "",
    }
    context.update(
        _on_the_store(organisation, lambda con, area: _hotspots(request, con, area, measures))
    )
    tables: list[Table] = [context["result"].table] if context.get("result") else []
    return tables_page(request, "opendata/hotspots.html", context, plan=plan, tables=tables)


def _hotspots(
    request: HttpRequest,
    con: duckdb.DuckDBPyConnection,
    area: str,
    measures: Sequence[MeasureDef],
) -> dict[str, Any]:
    """The form, bound to the query with defaults filled in, and its result when it is valid."""
    choices = hotspot_page.hotspot_choices(con, area, measures)
    data = {name: request.GET.get(name) or choices.defaults[name] for name in HOTSPOT_FIELDS}
    form = HotspotForm(data, what=choices.what, periods=choices.periods)
    found: dict[str, Any] = {"form": form, "area": area, "location_note": common.LOCATION_NOTE}
    if form.is_valid():
        found["result"] = hotspot_page.hotspot_result(
            con, choices, area=area, measures=measures, what=form.cleaned_data["what"],
            period=Period.parse(form.cleaned_data["period"]), by=form.cleaned_data["by"],
            limit=form.cleaned_data["limit"],
        )  # fmt: skip
    return found


RECORDED = "opendata.recorded"  # the session key of what the last recording did, shown once


@require_http_methods(["GET", "POST"])
@plan_view
def record(request: SignedInRequest, plan: Plan) -> HttpResponse:
    """The figures the police data gives for a period (GET, defaulted to the latest whole
    quarter), and recording them for approval (POST, the same period and grain hidden; then back
    here with a banner saying what was recorded, what was unchanged and what was skipped, why)."""
    require(
        is_performance_officer(request.user),
        "Only a performance officer can record figures from police data.",
    )
    organisation = plan.organisation
    context: dict[str, Any] = {"breadcrumbs": _breadcrumbs(), "officer": True, "problem": ""}
    if request.method == "GET":
        done = request.session.pop(RECORDED, None)
        context["outcome"] = recording.record_outcome(**done) if done else None
    context.update(_on_the_store(organisation, lambda con, area: _record(request, con, area, plan)))

    def save(data: dict[str, Any]) -> None:
        summary = derived_values_record_for_period(
            plan=plan, period=Period.parse(data["period"]), grain=data["grain"], by=request.user
        )
        request.session[RECORDED] = {
            "recorded": summary.recorded,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped,
        }

    form = context.get("form")
    if request.method == "POST" and form is not None and form_submit(form, save) is Outcome.SAVED:
        query = urlencode({name: form.cleaned_data[name] for name in RECORD_FIELDS})
        return redirect(f"{reverse('opendata:record')}?{query}")
    preview = context.get("preview")
    tables = [preview.table] if preview else []
    return tables_page(request, "opendata/record.html", context, plan=plan, tables=tables)


RECORD_FIELDS = ("period", "grain")


def _record(
    request: HttpRequest, con: duckdb.DuckDBPyConnection, area: str, plan: Plan
) -> dict[str, Any]:
    """The form (bound to the query, or to the post) and, for a valid query, the preview."""
    choices = recording.record_choices(con, area)
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in RECORD_FIELDS}
    else:
        data = {name: request.GET.get(name) or choices.defaults[name] for name in RECORD_FIELDS}
    form = RecordForm(data, periods=choices.periods)
    found: dict[str, Any] = {"form": form, "area": area}
    if request.method == "GET" and form.is_valid():
        found["preview"] = recording.record_preview(
            con, plan, area=area, period=Period.parse(form.cleaned_data["period"]),
            grain=form.cleaned_data["grain"],
        )  # fmt: skip
    return found
