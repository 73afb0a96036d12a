"""Writes to the crime-measure mapping. The DuckDB store is written by ``ingest`` and ``areas``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.audit import audit_record
from civicplan.core.periods import Period as CorePeriod
from civicplan.indicators.models import ValueSource
from civicplan.indicators.services import ValueRejected, indicator_value_record
from civicplan.opendata.derive import DerivedValue
from civicplan.opendata.models import CrimeMeasure, CrimeMeasureType
from civicplan.opendata.rules import DEFAULT_MEASURES
from civicplan.plans.models import Organisation, Plan


def crime_measures_seed(*, organisation: Organisation, by: Any) -> list[CrimeMeasure]:
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
    *, plan: Plan, values: Iterable[DerivedValue], by: Any = None
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
