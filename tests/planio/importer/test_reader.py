"""The reader: sections by numbered heading, tables by header row, page breaks merged."""

from __future__ import annotations

import pytest

from civicplan.planio.importer.reader import Bullet, Table, Text, classify_header, read_document


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (
            "Strategy/Policy Document\tPurpose of Document\tRenewal Date\tResponsible Officer",
            "policies",
        ),
        ("Service Data Description\tActual 2022/23\tActual 2023/24\tComments", "measures"),
        (
            "Indicator Description\tAchieved 2022/23\tTarget 2025/26\tFuture Years\tOwner",
            "measures",
        ),
        (
            "Action\tTargeted Outcome\tPartnership / Procurement Arrangement\tOfficers Responsible",
            "actions",
        ),
        (
            "Revenue and Capital Budget Implications/Efficiencies\tAction\t2026/27 Budget £",
            "budget",
        ),
        (
            "Key Strategic Risk\tAction to be taken or required to mitigate/minimise the risk",
            "strategic_risks",
        ),
        (
            "Key Task\tRisk or Threat to Key Task\tCovered by an existing Strategic Risk?\tAction",
            "key_task_risks",
        ),
    ],
)
def test_classify_header_knows_each_table(header, kind):
    assert classify_header(header.split("\t")) == kind


@pytest.mark.parametrize(
    "row",
    [
        "All crime (ComS_001)\t7,162\t7,123\t6,869\t",
        "Housing Renewal Policy\tSets out renewal of licences\t2028\tHead of Housing",
        "Action plan review BCRP_01\tBetter outcome\tPolice\tHead of X March 2028\tNone",
        "Strategic risk review\tAction to mitigate",
        "Budget Implications\t\t-\t-\t-",
        "Indicator for 2024/25 only\tActual 2022/23 figure was 12\t5",
    ],
)
def test_classify_header_rejects_data_rows(row):
    assert classify_header(row.split("\t")) is None


def _plan(*body: str) -> str:
    sections = {
        1: "1. Published Strategy and Policy Documents",
        2: "2. Service Level Objectives",
        3: "3. Measures of Performance",
        4: "4. Key Tasks and Priorities for Improvement",
        5: "5. Link Key Tasks to the Financial Budgets",
        6: "6. Summary Of Key Risks",
    }
    return "\n".join(["Title", *(f"{sections[n]}\n{text}" for n, text in enumerate(body, 1))])


HEADER = "Action\tTargeted Outcome\tPartnership\tOfficers Responsible / Target Date\tBudget"
ROW = "Task {n} A_0{n}\tOutcome\tPolice\tChief Executive March 2028\tNone"
MINIMAL = {
    1: "Strategy/Policy Document\tPurpose\tRenewal Date\tOfficer\nP\tQ\t2028\tChief Executive",
    2: "Objective (CS1) – Be safe\n- Do it",
    3: "Context – Baseline Service Data\nService Data Description\tActual 2024/25\nX (A_001)\t1",
    5: "Revenue and Capital Budget\tAction\t2026/27 Budget £\nBudget Implications\t\t-",
    6: "Key Strategic Risk\tAction to be taken\nR\tM\n\nKey Task\tRisk or Threat\nT\tThreat",
}


def _document(section_4: str):
    body = [MINIMAL[1], MINIMAL[2], MINIMAL[3], section_4, MINIMAL[5], MINIMAL[6]]
    return read_document(_plan(*body))


def test_repeated_header_after_blank_lines_continues_the_table():
    text = "\n".join([HEADER, ROW.format(n=1), "", "", HEADER, ROW.format(n=2)])
    tables = _document(text).sections[4].tables("actions")
    assert len(tables) == 1
    assert [row.cells[0] for row in tables[0].rows] == ["Task 1 A_01", "Task 2 A_02"]


def test_text_between_tables_starts_a_new_table():
    text = "\n".join([HEADER, ROW.format(n=1), "A heading", HEADER, ROW.format(n=2)])
    items = _document(text).sections[4].items
    assert [type(item) for item in items] == [Table, Text, Table]


def test_bullets_and_department_markers():
    document = _document("\n".join(["Intro", "- first", "➤ **Housing**", HEADER, ROW.format(n=1)]))
    items = document.sections[4].items
    assert [(type(i), getattr(i, "marker", None)) for i in items[:3]] == [
        (Text, None),
        (Bullet, "-"),
        (Bullet, "➤"),
    ]
    assert items[2].text == "Housing"


def test_section_headings_are_tolerant_of_wording():
    body = [
        MINIMAL[1],
        MINIMAL[2],
        MINIMAL[3],
        f"{HEADER}\n{ROW.format(n=1)}",
        MINIMAL[5],
        MINIMAL[6],
    ]
    text = _plan(*body).replace("4. Key Tasks and Priorities for Improvement", "4) Key tasks 2026")
    document = read_document(text)
    assert sorted(document.sections) == [1, 2, 3, 4, 5, 6]
    assert document.sections[4].title == "4) Key tasks 2026"


def test_numbered_line_that_is_not_the_next_section_stays_text():
    body = [
        MINIMAL[1],
        MINIMAL[2],
        MINIMAL[3],
        f"1. Review the budget\n{HEADER}\n{ROW.format(n=1)}",
        MINIMAL[5],
        MINIMAL[6],
    ]
    items = read_document(_plan(*body)).sections[4].items
    assert isinstance(items[0], Text) and items[0].text == "1. Review the budget"
