"""Every table downloads as CSV: plain values, ISO dates, unformatted numbers, a named file."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.factories.plan_data import VAWG_STRATEGY
from tests.support.html import parse


def download(client, url: str, **query: str) -> tuple[str, list[dict[str, str]]]:
    response = client.get(url, {"format": "csv", **query})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return response["Content-Disposition"], list(csv.DictReader(io.StringIO(text[1:])))


def test_indicators_csv(signed_in, plan):
    disposition, rows = download(signed_in, reverse("monitoring:indicators"))

    assert disposition == 'attachment; filename="community-safety-2026-27-indicators.csv"'
    by_code = {row["Code"]: row for row in rows}
    assert list(by_code) == [
        "ComS_001",
        "ComS_012",
        "ComS_012a",
        "ComS_024",
        "ComS_024a",
        "ComS_033",
        "ComS_038",
        "ComS_093a",
    ]
    assert by_code["ComS_001"] == {
        "Code": "ComS_001",
        "Title": "All crime",
        "Frameworks": "service_data; csi",
        "Owners": "Head of Communities and Community Safety",
        "Latest actual": "6869",
        "Latest actual year": "2024/25",
        "Next target": "6800",
        "Next target year": "2025/26",
        "Unit": "count",
        "Objective": "CS3",
        "Section": "Communities",
    }
    assert by_code["ComS_024"]["Latest actual"] == "27"
    assert by_code["ComS_024"]["Unit"] == "percent"
    assert by_code["ComS_033"]["Latest actual"] == "62.2"
    assert by_code["ComS_012a"]["Latest actual"] == ""


def test_indicators_csv_keeps_filters_and_sort(signed_in, plan):
    _, rows = download(signed_in, reverse("monitoring:indicators"), framework="csi", sort="-code")

    assert [row["Code"] for row in rows] == ["ComS_033", "ComS_024", "ComS_012", "ComS_001"]


def test_indicator_page_csvs(signed_in, plan):
    url = reverse("monitoring:indicator", kwargs={"code": "ComS_024"})

    disposition, rows = download(signed_in, url)
    assert disposition == 'attachment; filename="community-safety-2026-27-coms-024-values.csv"'
    assert rows[0] == {"Financial year": "2022/23", "Actual": "37", "Target": "", "Unit": "percent"}
    assert [(r["Financial year"], r["Target"]) for r in rows[3:]] == [
        ("2025/26", "24"),
        ("2026/27", "22"),
        ("2027/28", "20"),
        ("2028/29", "20"),
    ]

    _, rows = download(signed_in, url, table="measure_rows")
    assert [(r["Table"], r["Objective"], r["Codes in the row"]) for r in rows] == [
        ("service_data", "", "ComS_024"),
        ("csi", "CS2", "ComS_024"),
    ]


def test_key_tasks_csv(signed_in, plan):
    disposition, rows = download(signed_in, reverse("tasks:list"))

    assert disposition == 'attachment; filename="community-safety-2026-27-key-tasks.csv"'
    task = next(row for row in rows if row["Code"] == "BCRPASB_29")
    assert task == {
        "Code": "BCRPASB_29",
        "Action": "Review ASB Policy (including ASB action plan)",
        "New": "no",
        "Targeted outcome": "Deliver an efficient and effective service for residents",
        "Partners": "Other local authority partners; Police and Crime Commissioner",
        "Officers responsible": "Head of Communities and Community Safety; "
        "Communities and Crime Manager",
        "Target date": "2028-03-31",
        "Target date as printed": "March 2028",
        "Budget implications and comments": "Within existing resources and budgets",
    }
    assert next(row for row in rows if row["Code"] == "COMS2629_07")["New"] == "yes"


def test_policies_csv(signed_in, plan):
    disposition, rows = download(signed_in, reverse("plans:policies"))

    assert disposition == 'attachment; filename="community-safety-2026-27-policies.csv"'
    assert rows[0]["Strategy or policy"] == VAWG_STRATEGY
    assert rows[0]["Renewal as printed"] == "2024 due Summer 2025 – awaited"
    assert rows[0]["Renewal date"] == "2025-08-31"
    assert rows[0]["Recurrence"] == ""
    business = next(row for row in rows if row["Strategy or policy"] == "Business Strategy")
    assert business["Recurrence"] == "annual"
    assert business["Renewal date"] == ""
    assert business["Purpose"] == (
        "Designed to ensure that the Council is:\n"
        "• Lean and fit in its assets, systems and processes\n"
        "• Customer focused in all its activities"
    )


def test_risks_csvs(signed_in, plan):
    url = reverse("risks:index")

    disposition, rows = download(signed_in, url)
    assert disposition == 'attachment; filename="community-safety-2026-27-strategic.csv"'
    assert len(rows) == 2

    disposition, rows = download(signed_in, url, table="key_task_risks")
    assert disposition == 'attachment; filename="community-safety-2026-27-key-task-risks.csv"'
    assert rows[0] == {
        "Key task": "Review Policies",
        "Actions cited": "BCRPASB_29; COMS2629_16; COMS2629_05.1; BCRP2629_07",
        "Action codes not in the key tasks": "BCRP2629_07",
        "Risk or threat": "Vulnerable residents unprotected Not compliant with duty",
        "Covered by a strategic risk": "yes",
        "Strategic risks": "2; 7; 13; 21",
        "Action to mitigate or minimise the risk": "Lead officers identified",
    }
    assert rows[2]["Covered by a strategic risk"] == ""

    _, rows = download(signed_in, url, table="register")
    assert rows[0] == {
        "Risk": "2",
        "Description": "Failure to obtain adequate resources to achieve service objectives",
    }


def test_budget_csvs(signed_in, plan):
    url = reverse("budgets:index")

    disposition, rows = download(signed_in, url)
    assert disposition == 'attachment; filename="community-safety-2026-27-budget-lines.csv"'
    assert rows[0] == {
        "Kind": "efficiency",
        "Description": "Reduction in ASB cases relating to subjects of PSPO's",
        "Action": "COMS2629_07",
        "2026/27": "-20000",
        "2027/28": "-20000",
        "2028/29": "-20000",
    }
    assert [row["2026/27"] for row in rows] == ["-20000", "-10000", "-60000", "-30000"]

    _, rows = download(signed_in, url, table="totals")
    assert rows[-1] == {
        "Kind": "Net change",
        "2026/27": "-120000",
        "2027/28": "-100000",
        "2028/29": "-100000",
    }

    disposition, rows = download(signed_in, url, table="income")
    assert disposition == 'attachment; filename="community-safety-2026-27-budget-income.csv"'
    assert [row["Action"] for row in rows] == ["Funding bids", "BCRP_"]


def test_findings_csv_gives_kind_identifiers(signed_in, plan):
    disposition, rows = download(signed_in, reverse("plans:findings"), kind="unknown_action_code")

    assert disposition == 'attachment; filename="community-safety-2026-27-findings.csv"'
    assert rows == [
        {
            "Kind": "unknown_action_code",
            "Line": "357",
            "Message": "The key-task risk cites BCRP2629_07, which is not in the key tasks table.",
            "Suggestion": "COMS2629_07",
        },
        {
            "Kind": "unknown_action_code",
            "Line": "361",
            "Message": "The key-task risk cites COMS2526_01, which is not in the key tasks table.",
            "Suggestion": "",
        },
    ]


def test_overview_csvs(signed_in, plan):
    url = reverse("plans:overview")

    disposition, rows = download(signed_in, url)
    assert disposition == 'attachment; filename="community-safety-2026-27-objectives.csv"'
    assert rows[0] == {
        "Code": "CS1",
        "Objective": "Reduce anti-social behaviour in Broxtowe",
        "Indicators": "1",
        "Service-level objectives": "4",
    }

    _, rows = download(signed_in, url, table="service_objectives")
    assert len(rows) == 7
    assert rows[2] == {
        "Objective": "CS1",
        "Service area": "Public Protection",
        "Department": "Environmental Health",
        "Service-level objective": "Effectively dealing with statutory nuisance "
        "and other aspects of anti-social behaviour",
    }


@pytest.mark.parametrize("name", ["plans:overview", "risks:index", "budgets:index"])
def test_csv_of_unknown_table_is_404(signed_in, plan, name):
    response = signed_in.get(reverse(name), {"format": "csv", "table": "nope"})

    assert response.status_code == 404


def test_page_csv_links_point_at_each_table(signed_in, plan):
    response = signed_in.get(reverse("risks:index"))

    links = [
        a.attrs["href"]
        for a in parse(response.content).find_all("a")
        if a.text.startswith("Download CSV")
    ]
    assert links == [
        "/risks/?format=csv",
        "/risks/?format=csv&table=key_task_risks",
        "/risks/?format=csv&table=register",
    ]
