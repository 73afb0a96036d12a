"""Writes to the crime-measure mapping and peer groups, and derived figures sent to the value
service. The DuckDB store is written by ``ingest`` and ``areas``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from django.db import transaction

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.audit import audit_record
from civicplan.core.errors import ValueRejected
from civicplan.core.periods import Period as CorePeriod
from civicplan.monitoring.models import ValueSource
from civicplan.monitoring.services import indicator_value_record
from civicplan.opendata import store
from civicplan.opendata.derive import DerivedValue, derive
from civicplan.opendata.models import CrimeMeasure, CrimeMeasureType, PeerGroup
from civicplan.opendata.rules import DEFAULT_MEASURES, Grain, Period
from civicplan.opendata.selectors import stats
from civicplan.opendata.selectors.comparison import (
    AREA_ENV,
    NO_DATA,
    council_area,
    measures_for,
    open_store,
    period_words,
)
from civicplan.plans.models import Organisation, Plan

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor


def crime_measures_seed(*, organisation: Organisation, by: Actor) -> list[CrimeMeasure]:
    """Copy the default mapping to the organisation so it can be edited; idempotent.

    Measures the organisation already has are left as they are (an officer may have edited
    them). ``by`` is None for set-up scripts, else a performance officer.
    """
    require(
        by is None or is_performance_officer(by),
        "Only a performance officer can set up the police data measures.",
    )
    created = []
    with transaction.atomic():
        existing = set(
            CrimeMeasure.objects.filter(organisation=organisation).values_list(
                "indicator_code", flat=True
            )
        )
        for default in DEFAULT_MEASURES:
            if default.code in existing:
                continue
            measure = CrimeMeasure.objects.create(
                organisation=organisation,
                indicator_code=default.code,
                title=default.title,
                rule=default.rule,
                caveat=default.caveat,
            )
            CrimeMeasureType.objects.bulk_create(
                CrimeMeasureType(measure=measure, crime_type=t) for t in default.crime_types
            )
            audit_record(
                by=by,
                action="crime_measure.seed",
                obj=measure,
                after={
                    "indicator_code": default.code,
                    "rule": default.rule,
                    "crime_types": list(default.crime_types),
                },
            )
            created.append(measure)
    return created


@dataclass
class RecordSummary:
    """What recording a derivation run did, for the officer who ran it."""

    recorded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def derived_values_record(
    *, plan: Plan, values: Iterable[DerivedValue], by: Actor = None
) -> RecordSummary:
    """Send derived figures to the value service, which keeps them beside any approved figure.

    A figure is recorded only for a whole period (every month loaded) and only at the
    indicator's own collection frequency; everything else is listed as skipped, with why.
    """
    indicators = {i.code: i for i in plan.indicators.select_related("ratio_numerator")}
    summary = RecordSummary()
    for derived in values:
        label = f"{derived.code} {derived.period}"
        indicator = indicators.get(derived.code)
        if indicator is None:
            summary.skipped.append(f"{label}: the plan has no indicator {derived.code}")
            continue
        if not derived.complete:
            missing = ", ".join(derived.provenance.months_missing)
            summary.skipped.append(f"{label}: months not loaded yet ({missing})")
            continue
        period = CorePeriod.parse(str(derived.period))
        try:
            row = indicator_value_record(
                indicator=indicator,
                period=period,
                value=derived.value,
                source=ValueSource.POLICE,
                provenance=derived.provenance.as_dict(),
                by=by,
            )
        except ValueRejected as exc:
            summary.skipped.append(f"{label}: {exc}")
            continue
        (summary.recorded if row is not None else summary.unchanged).append(label)
    return summary


GRAIN_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def grain_problem(period: Period, grain: Grain) -> str | None:
    """Why ``period`` cannot be recorded for each ``grain`` of it (a quarter as a year), or None.
    The record page's form asks this too, so that its preview is never split wrongly."""
    if GRAIN_MONTHS[grain] <= len(period.months()):
        return None
    if period.grain == "month":
        return f"{period_words(period)} is a month: record a figure for the month"
    return f"{period_words(period)} is a quarter: record a figure for the quarter or for each month"


def derived_values_record_for_period(
    *,
    plan: Plan,
    period: Period,
    grain: Grain,
    by: Actor,
    store_path: Path | str | None = None,
) -> RecordSummary:
    """Derive the council's police measures for ``period`` (each ``grain`` of it) from the store
    and record them through ``derived_values_record``, in one transaction: what the "Record
    figures from police data" page does, and ``civicplan opendata derive --record`` does in steps.

    Refused (``ValueRejected``, in words for a council user) when the grain is longer than the
    period, the council's district is not known or not in the store, or the store cannot be read
    (none yet, or busy with an import).
    """
    require(is_performance_officer(by), "Only a performance officer can record derived figures.")
    problem = grain_problem(period, grain)
    if problem:
        raise ValueRejected(problem, field="grain")
    area = council_area(plan.organisation)
    if not area:
        raise ValueRejected(f"The council’s district is not known: set {AREA_ENV}.")
    measures, origin = measures_for(plan.organisation)
    con, problem = open_store(store_path)
    if con is None:
        raise ValueRejected(problem or NO_DATA)
    with con:
        try:
            values = derive(
                con, area=area, period=period, measures=measures, grain=grain, mapping=origin
            )
        except LookupError as exc:
            raise ValueRejected(str(exc)) from None
    with transaction.atomic():
        return derived_values_record(plan=plan, values=values, by=by)


def _district_names(text: str) -> list[str]:
    """One district a line, trimmed (inner runs of spaces made one); blank lines ignored."""
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]


def _districts_checked(names: list[str], store_path: Path | str | None) -> list[str]:
    """The names as the police data spells them; unknown ones are refused, all of them named.

    Without a store yet there is nothing to check against, and the names are kept as typed.
    """
    try:
        con = store.connect(store_path, read_only=True)
    except store.StoreMissing:
        return names
    except duckdb.IOException:
        raise ValueRejected(
            "The police data store is busy (an import is running), so the districts cannot be "
            "checked. Try again when the import has finished.",
            field="districts",
        ) from None
    with con:
        if not stats.known_districts(con):
            return names
        found, unknown = [], []
        for name in names:
            try:
                found.extend(stats.check_districts(con, [name]))
            except LookupError as exc:
                unknown.append((name, str(exc)))
    if len(unknown) == 1:
        raise ValueRejected(unknown[0][1], field="districts")
    if unknown:
        listed = ", ".join(repr(name) for name, _ in unknown)
        raise ValueRejected(
            f"The police data has no LSOAs of {listed}. Check the spelling: a district is named "
            "as police.uk names it, such as 'Broxtowe' for 'Broxtowe 003C'.",
            field="districts",
        )
    return found


def peer_group_save(
    *,
    organisation: Organisation,
    name: str,
    districts: str,
    is_default: bool = True,
    by: Actor,
    store_path: Path | str | None = None,
) -> PeerGroup:
    """Create or update the organisation's peer group (its default one, else its first).

    ``districts`` is the text typed, one district a line. Refused, with a message naming what
    is wrong, when it lists no district or one twice, or (once police data has been imported)
    a district the police data does not hold. An unchanged group is not written again.
    """
    require(is_performance_officer(by), "Only a performance officer can change the peer group.")
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise ValueRejected("Enter a name for the peer group", field="name")
    if len(name) > 200:
        raise ValueRejected("The name must be 200 characters or fewer", field="name")
    names = _district_names(districts or "")
    if not names:
        raise ValueRejected("Enter the districts to compare with, one a line", field="districts")
    spelt: dict[str, str] = {}  # each district as first typed
    times = Counter(district.lower() for district in names)
    for district in names:
        spelt.setdefault(district.lower(), district)
    twice = [spelt[key] for key in spelt if times[key] > 1]
    if twice:
        listed = ", ".join(twice)
        raise ValueRejected(
            f"{listed} {'is' if len(twice) == 1 else 'are'} listed twice: list each district once",
            field="districts",
        )
    names = _districts_checked(names, store_path)
    text = "\n".join(names)
    with transaction.atomic():
        group = (
            PeerGroup.objects.select_for_update()
            .filter(organisation=organisation)
            .order_by("-is_default", "name")
            .first()
        )
        before = _peer_group_state(group) if group else None
        if group is None:
            group = PeerGroup(organisation=organisation)
        group.name, group.districts, group.is_default = name, text, is_default
        after = _peer_group_state(group)
        if before == after:
            return group
        if is_default:
            PeerGroup.objects.filter(organisation=organisation, is_default=True).exclude(
                pk=group.pk
            ).update(is_default=False)
        group.save()
        audit_record(by=by, action="peer_group.save", obj=group, before=before, after=after)
    return group


def _peer_group_state(group: PeerGroup) -> dict[str, Any]:
    return {
        "name": group.name,
        "districts": group.district_list(),
        "is_default": group.is_default,
    }
