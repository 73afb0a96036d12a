"""The collection workbook as downloaded: who gets which rows; typed, validated, protected cells."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from civicplan.core.periods import Period
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.services import ValueInput, indicator_value_save
from civicplan.monitoring.workbook import workbook_build, workbook_filename
from civicplan.plans.models import Post
from tests.clock import BEFORE_Q2_DEADLINE
from tests.factories.users import COLLEAGUE_POST, OWNER_POST
from tests.monitoring.workbooks import VALUES, cell, codes, open_book

Q2 = Period.parse("2026/27-Q2")
TODAY = BEFORE_Q2_DEADLINE
OWNER_CODES = [
    "ComS_001",
    "ComS_011",
    "ComS_014",
    "ComS_024a",
    "ComS_024b",
    "ComS_014a",
    "ComS_014b",
    "ComS_014c",
    "ComS_100",
]


def test_workbook_owner_gets_the_indicators_of_their_post(seed_plan, owner):
    book = open_book(workbook_build(seed_plan, Q2, by=owner, today=TODAY))

    assert book.sheetnames == ["Instructions", VALUES, "Worked out (read only)", "civicplan"]
    assert book.active.title == VALUES
    assert codes(book[VALUES]) == OWNER_CODES
    derived = book["Worked out (read only)"]
    assert [row[:4] for row in derived.iter_rows(min_row=2, values_only=True)] == [
        (
            "ComS_024",
            "High risk cases of domestic violence in Broxtowe reported to South "
            "Nottinghamshire MARAC which are repeats (%)",
            OWNER_POST,
            "ComS_024b ÷ ComS_024a × 100",
        ),
        (
            "ComS_014d",
            "Communities related ASB cases closed in less than three months – Closed in 3mths %",
            OWNER_POST,
            "ComS_014a ÷ ComS_014 × 100",
        ),
    ]
    assert derived.protection.sheet


def test_workbook_officer_gets_every_typed_quarterly_indicator(seed_plan, officer):
    book = open_book(workbook_build(seed_plan, Q2, by=officer, today=TODAY))

    listed = codes(book[VALUES])
    # 67 indicators less 4 derived ratios and 2 annual surveys (collected in the Q4 workbook)
    assert len(listed) == 61
    assert not {"ComS_024", "ComS_012d", "ComS_013d", "ComS_014d", "ComS_033", "ComS_101"} & set(
        listed
    )


def test_workbook_for_a_post_narrows_to_its_indicators(seed_plan, officer):
    post = Post.objects.get(title=COLLEAGUE_POST)

    book = open_book(workbook_build(seed_plan, Q2, by=officer, post=post, today=TODAY))

    assert codes(book[VALUES]) == ["ComS_069", "ComS_093a", "ComS_093b", "ComS_093d"]
    assert workbook_filename(Q2, post.title) == "collection-2026-27-Q2-licensing-manager.xlsx"


def test_workbook_q4_includes_the_annual_surveys(seed_plan, owner):
    book = open_book(workbook_build(seed_plan, Period.parse("2026/27-Q4"), by=owner, today=TODAY))

    ws = book["Q4 values"]
    assert "ComS_033" in codes(ws)
    assert cell(ws, "ComS_033", "period").value == "2026/27"


def test_workbook_cells_are_typed_validated_and_protected(seed_plan, officer):
    book = open_book(workbook_build(seed_plan, Q2, by=officer, today=TODAY))
    ws = book[VALUES]

    assert [
        cell(ws, "ComS_001", k).value for k in ("period", "annual_target", "target_to_date")
    ] == [
        "2026/27-Q2",
        6800,
        3400,
    ]
    assert cell(ws, "ComS_001", "unit").value == "Number"
    assert cell(ws, "ComS_048", "unit").value == "Per cent"
    rules = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert (rules["whole"].operator, rules["whole"].formula1) == ("greaterThanOrEqual", "0")
    assert (rules["decimal"].formula1, rules["decimal"].formula2) == ("0", "100")
    assert cell(ws, "ComS_001", "value").coordinate in rules["whole"].sqref
    assert cell(ws, "ComS_048", "value").coordinate in rules["decimal"].sqref
    assert cell(ws, "ComS_048", "value").coordinate not in rules["whole"].sqref
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:K{ws.max_row}"
    assert ws.column_dimensions["L"].hidden and ws.column_dimensions["M"].hidden
    assert ws.protection.sheet
    assert not cell(ws, "ComS_001", "value").protection.locked
    assert not cell(ws, "ComS_001", "commentary").protection.locked
    assert cell(ws, "ComS_001", "version").protection.locked
    assert cell(ws, "ComS_001", "code").protection.locked
    assert book["civicplan"].sheet_state == "veryHidden"
    instructions = [row[0] for row in book["Instructions"].iter_rows(values_only=True)]
    assert "Figures are due by Wednesday 21 October 2026." in instructions
    assert (
        "Not collected for 2026/27 Q2, so not in this workbook: ComS_033 (annual), "
        "ComS_101 (annual)." in instructions
    )


def test_workbook_prefills_the_latest_figure_with_its_version(seed_plan, owner):
    indicator = seed_plan.indicators.get(code="ComS_011")
    entry = ValueInput(indicator, Q2, "450", "Fewer reports over the summer")
    saved = indicator_value_save(entry=entry, by=owner, submit=False)
    saved = indicator_value_save(entry=entry, by=owner, submit=False)  # version 2

    ws = open_book(workbook_build(seed_plan, Q2, by=owner, today=TODAY))[VALUES]

    assert cell(ws, "ComS_011", "value").value == 450
    assert cell(ws, "ComS_011", "commentary").value == "Fewer reports over the summer"
    assert cell(ws, "ComS_011", "status").value == "Draft"
    assert (cell(ws, "ComS_011", "value_id").value, cell(ws, "ComS_011", "version").value) == (
        saved.pk,
        2,
    )
    assert cell(ws, "ComS_001", "value").value is None
    assert cell(ws, "ComS_001", "status").value == "Nothing entered"
    assert IndicatorValue.objects.get().value == Decimal(450)


def test_workbook_viewer_gets_none(seed_plan, viewer):
    with pytest.raises(PermissionDenied, match="cannot enter figures"):
        workbook_build(seed_plan, Q2, by=viewer)


def test_workbook_owner_cannot_download_another_posts(seed_plan, owner):
    post = Post.objects.get(title=COLLEAGUE_POST)

    with pytest.raises(PermissionDenied, match="You do not hold the post “Licensing Manager”"):
        workbook_build(seed_plan, Q2, by=owner, post=post)


def test_workbook_administrator_gets_everything(seed_plan, administrator):
    book = open_book(workbook_build(seed_plan, Q2, by=administrator, today=TODAY))

    assert len(codes(book[VALUES])) == 61
