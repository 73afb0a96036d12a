"""Writes to the crime-measure mapping. The DuckDB store is written by ``ingest`` and ``areas``."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from civicplan.accounts.permissions import is_performance_officer, require
from civicplan.core.audit import audit_record
from civicplan.opendata.models import CrimeMeasure, CrimeMeasureType
from civicplan.opendata.rules import DEFAULT_MEASURES
from civicplan.plans.models import Organisation


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
