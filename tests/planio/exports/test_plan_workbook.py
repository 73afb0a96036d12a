"""The whole plan as an Excel workbook and as CSV files: typed cells, exact seed values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from civicplan.core.periods import Period
from civicplan.indicators.models import Indicator
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.planio.exports import plan_export_bytes, plan_sheets
from civicplan.planio.render_sheets import csv_name, render_csv, render_xlsx
from civicplan.planio.tables import Percent, Sheet, Status
from civicplan.planio.workflows import plan_import_file
from tests.clock import SEED_DAY
from tests.planio.exports.report_helpers import SEED, rolled_back

# The module-scoped fixtures need the test database set up even when this file runs alone.
pytestmark = pytest.mark.django_db

AS_OF = SEED_DAY


def _approve(plan, code: str, period: str, value: int) -> None:
    p = Period.parse(period)
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(plan=plan, code=code),
        fy=p.fy,
        period_kind=p.kind.value,
        period_number=p.number,
        value=Decimal(value),
        status=ValueStatus.APPROVED,
    )


@pytest.fixture(scope="module")
def workbook(django_db_setup, django_db_blocker):
    """The seed's workbook with two approved figures for 2026/27 Q1."""
    with rolled_back(django_db_blocker):
        plan = plan_import_file(SEED, as_of=AS_OF).plan
        _approve(plan, "ComS_001", "2026/27-Q1", 1650)  # 1,650 against 1,700 a quarter: green
        _approve(plan, "ComS_011", "2026/27-Q1", 520)  # against 450: red
        raw = plan_export_bytes(plan, "xlsx", as_of=AS_OF)
    return openpyxl.load_workbook(io.BytesIO(raw))


def _row(ws, first: str) -> list:
    return next([c for c in row] for row in ws.iter_rows(min_row=2) if row[0].value == first)


def _column(ws, heading: str) -> int:
    return [c.value for c in ws[1]].index(heading)


def test_plan_workbook_has_a_sheet_per_table(workbook):
    assert workbook.sheetnames == [
        "Plan",
        "Objectives",
        "Policies",
        "Indicators",
        "Measure rows",
        "Key tasks",
        "Budget",
        "Strategic risks",
        "Key task risks",
        "Register risks",
        "Findings",
        "Monitoring values",
    ]


def test_plan_workbook_numbers_are_numbers(workbook):
    ws = workbook["Indicators"]
    all_crime = _row(ws, "ComS_001")

    assert all_crime[_column(ws, "Actual 2022/23")].value == 7162
    assert all_crime[_column(ws, "Target 2028/29")].value == 6800


def test_plan_workbook_percentages_are_formatted_fractions(workbook):
    ws = workbook["Indicators"]
    repeats = _row(ws, "ComS_024")[_column(ws, "Actual 2022/23")]
    feel_safe = _row(ws, "ComS_033")[_column(ws, "Actual 2022/23")]

    assert (repeats.value, repeats.number_format) == (0.37, "0%")
    assert (feel_safe.value, feel_safe.number_format) == (pytest.approx(0.577), "0.0%")


def test_plan_workbook_dates_are_dates(workbook):
    ws = workbook["Key tasks"]
    cell = _row(ws, "BCRPASB_29")[_column(ws, "Target date")]

    assert cell.is_date
    assert cell.value == dt.datetime(2028, 3, 31)


def test_plan_workbook_money_is_a_negative_number_shown_in_brackets(workbook):
    ws = workbook["Budget"]
    line = next(row for row in ws.iter_rows(min_row=2) if row[2].value == "COMS2629_07")

    assert [c.value for c in line[3:]] == [-20000, -20000, -20000]
    assert line[3].number_format == "#,##0;(#,##0)"


def test_plan_workbook_headers_are_frozen_and_filtered(workbook):
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")


def test_plan_workbook_status_cells_say_the_status_and_are_filled(workbook):
    ws = workbook["Monitoring values"]
    status = _column(ws, "Status")
    cells = {row[0].value: row[status] for row in ws.iter_rows(min_row=2)}

    assert cells["ComS_001"].value == "On target"
    assert cells["ComS_001"].fill.fgColor.rgb.endswith("C6EFCE")
    assert cells["ComS_011"].value == "Off target"
    assert cells["ComS_011"].fill.fgColor.rgb.endswith("FFC7CE")


@pytest.mark.django_db
def test_plan_workbook_without_monitoring_has_no_monitoring_sheet(seed_plan):
    names = [sheet.name for sheet in plan_sheets(seed_plan, as_of=AS_OF)]

    assert "Monitoring values" not in names
    assert "Findings" in names


@pytest.mark.django_db
def test_plan_workbook_is_the_same_bytes_for_the_same_plan(seed_plan):
    first = plan_export_bytes(seed_plan, "xlsx", as_of=AS_OF)

    assert plan_export_bytes(seed_plan, "xlsx", as_of=AS_OF) == first


@pytest.mark.django_db
def test_plan_csv_has_a_file_per_table_with_plain_values(seed_plan, tmp_path):
    call_command("export_plan", "--format", "csv", "-o", str(tmp_path / "csv"))

    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    indicators = _csv(tmp_path / "csv" / "indicators.csv")
    tasks = _csv(tmp_path / "csv" / "key-tasks.csv")
    budget = _csv(tmp_path / "csv" / "budget.csv", key="Action")

    assert len(files) == 11 and "key-task-risks.csv" in files
    assert indicators["ComS_001"]["Actual 2022/23"] == "7162"
    assert indicators["ComS_024"]["Actual 2022/23"] == "37"
    assert tasks["BCRPASB_29"]["Target date"] == "2028-03-31"
    assert budget["COMS2629_07"]["2026/27 £"] == "-20000"


def _csv(path, key: str = "Code") -> dict[str, dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return {row[key]: row for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))}


def test_plan_csv_writes_statuses_as_words_and_percentages_as_numbers():
    sheet = Sheet(
        "Status check",
        ["Code", "Value", "Status"],
        [["X_001", Percent(57.7), Status("Within tolerance", "amber")]],
    )

    assert csv_name(sheet) == "status-check.csv"
    assert render_csv(sheet).splitlines()[1] == "X_001,57.7,Within tolerance"


def test_plan_xlsx_renders_a_sheet_of_any_shape():
    sheet = Sheet("Empty", ["A", "B"])

    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx([sheet]))).active

    assert [c.value for c in ws[1]] == ["A", "B"]
    assert ws.auto_filter.ref == "A1:B1"


FORMULA_TEXTS = ['=HYPERLINK("http://example.org","click")', "=1+1", "+44 115 917 7777", "@SUM(A1)"]


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook_and_the_csv():
    sheet = Sheet("Notes", ["=Heading", "Note", "Figure"], [[t, t, 5] for t in FORMULA_TEXTS])

    data = render_xlsx([sheet], title="Notes")
    ws = openpyxl.load_workbook(io.BytesIO(data))["Notes"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()

    assert "<f>" not in xml  # nothing Excel would calculate
    assert ws["A1"].value == "=Heading" and ws["A1"].data_type == "s"
    assert [ws.cell(row=r, column=2).value for r in range(2, 6)] == FORMULA_TEXTS
    assert {ws.cell(row=r, column=2).data_type for r in range(2, 6)} == {"s"}
    assert [ws.cell(row=r, column=3).value for r in range(2, 6)] == [5, 5, 5, 5]
    rows = list(csv.reader(io.StringIO(render_csv(sheet).removeprefix("\ufeff"))))
    assert [row[1] for row in rows[1:]] == [f"'{t}" for t in FORMULA_TEXTS]
