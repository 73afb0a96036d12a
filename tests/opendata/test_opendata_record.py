"""Derived police figures reach the plan through the value service, beside approved figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from django.conf import settings

from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.selectors.series import value_discrepancies
from civicplan.opendata import ingest
from civicplan.opendata.derive import derive
from civicplan.opendata.rules import DEFAULT_MEASURES, Period
from civicplan.opendata.services import derived_values_record
from civicplan.planio.workflows import plan_import_file

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
MEASURES = [m for m in DEFAULT_MEASURES if m.code in {"ComS_011", "ComS_001"}]


@pytest.fixture(scope="module")
def year_store(notts_year: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("record-store") / "opendata.duckdb"
    ingest.import_police([notts_year], db_path=db)
    return db


@pytest.mark.django_db
def test_derived_quarters_are_recorded_for_approval_once(year_store):
    plan = plan_import_file(SEED, as_of=dt.date(2026, 11, 30)).plan
    with duckdb.connect(str(year_store), read_only=True) as con:
        values = derive(
            con, area="Broxtowe", period=Period.parse("2025/26"), measures=MEASURES, grain="quarter"
        )
    summary = derived_values_record(plan=plan, values=values)
    assert len(summary.recorded) == 8  # two measures × four quarters
    rows = IndicatorValue.objects.filter(source=ValueSource.POLICE)
    assert rows.count() == 8
    assert set(rows.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}
    q1 = rows.get(indicator__code="ComS_011", fy="2025/26", period_number=1)
    expected = next(v for v in values if v.code == "ComS_011" and str(v.period) == "2025/26-Q1")
    assert q1.value == expected.value
    assert q1.provenance["rows_counted"] == expected.value
    assert q1.provenance["files"][0]["name"].endswith("-street.csv")

    again = derived_values_record(plan=plan, values=values)
    assert (len(again.recorded), len(again.unchanged)) == (0, 8)
    assert value_discrepancies(plan) == []  # nothing approved yet to disagree with


@pytest.mark.django_db
def test_year_figures_are_skipped_for_quarterly_indicators(year_store):
    plan = plan_import_file(SEED, as_of=dt.date(2026, 11, 30)).plan
    with duckdb.connect(str(year_store), read_only=True) as con:
        values = derive(con, area="Broxtowe", period=Period.parse("2025/26"), measures=MEASURES)
    summary = derived_values_record(plan=plan, values=values)
    assert summary.recorded == []
    assert all("collected quarterly" in line for line in summary.skipped)
    assert not IndicatorValue.objects.exists()
