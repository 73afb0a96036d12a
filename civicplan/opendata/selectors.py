"""Reads of the organisation's crime-measure mapping (Django side); area counts are in ``stats``."""

from __future__ import annotations

from typing import Any

from civicplan.opendata.models import CrimeMeasure
from civicplan.opendata.rules import DEFAULT_MEASURES, MeasureDef
from civicplan.plans.models import Organisation


def measures_for(organisation: Organisation | None) -> tuple[list[MeasureDef], str]:
    """The organisation's measures and where they came from ("organisation" or "default").

    An organisation that has not set up its mapping uses the seed defaults, so derived figures
    are available from the first import; ``crime_measures_seed`` copies them to be edited.
    """
    if organisation is not None:
        rows = list(
            CrimeMeasure.objects.filter(organisation=organisation).prefetch_related("types")
        )
        if rows:
            return [
                MeasureDef(
                    code=row.indicator_code,
                    title=row.title,
                    rule=row.rule,  # type: ignore[arg-type]
                    crime_types=tuple(t.crime_type for t in row.types.all()),
                    caveat=row.caveat,
                )
                for row in rows
            ], "organisation"
    return list(DEFAULT_MEASURES), "default"


def measure_for(organisation: Organisation | None, code: str) -> tuple[MeasureDef, str] | None:
    measures, origin = measures_for(organisation)
    for measure in measures:
        if measure.code.lower() == code.strip().lower():
            return measure, origin
    return None


def measure_caveats(plan: Any, code: str) -> list[str]:
    """What police.uk cannot show for this indicator, one point each, for the indicator page.

    Empty when the indicator is not derived from police data.
    """
    found = measure_for(plan.organisation, code)
    return found[0].caveats() if found else []
