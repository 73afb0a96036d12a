"""The real seed plan, imported through the text importer, shows its own figures on every page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from civicplan.planio.workflows import plan_import_file
from tests.support.html import tables

SEED = (
    Path(__file__).resolve().parents[2]
    / "civicplan"
    / "examples"
    / ("community-safety-business-plan-2026-29.txt")
)


@pytest.fixture
def seed_plan(db):
    return plan_import_file(SEED, as_of=dt.date(2026, 4, 1)).plan


def test_seed_pages_render(signed_in, seed_plan):
    for name in [
        "plans:overview",
        "monitoring:indicators",
        "tasks:list",
        "plans:policies",
        "risks:index",
        "budgets:index",
        "plans:findings",
    ]:
        assert signed_in.get(reverse(name)).status_code == 200, name
        assert signed_in.get(reverse(name), {"format": "csv"}).status_code == 200, name


def test_seed_overview(signed_in, seed_plan):
    response = signed_in.get(reverse("plans:overview"))

    objectives = tables(response.content)["Objectives"]
    assert objectives.column("Code") == ["CS1", "CS2", "CS3"]
    assert objectives.row("CS1")["Objective"] == "Reduce anti-social behaviour in Broxtowe"


def test_seed_indicators(signed_in, seed_plan):
    table = tables(signed_in.get(reverse("monitoring:indicators")).content)["Indicators"]

    assert table.row("ComS_001")["Latest actual"] == "6,869 2024/25"
    assert table.row("ComS_001")["Next target"] == "6,800 2025/26"
    assert table.row("ComS_024")["Latest actual"] == "27% 2024/25"
    assert table.row("ComS_024")["Next target"] == "24% 2025/26"
    assert table.row("ComS_033")["Latest actual"] == "62.2% 2024/25"

    detail = signed_in.get(reverse("monitoring:indicator", kwargs={"code": "ComS_001"}))
    values = tables(detail.content)["Actuals and targets by financial year"]
    assert values.row("2022/23")["Actual"] == "7,162"
    assert values.row("2023/24")["Actual"] == "7,123"
    assert values.row("2026/27")["Target"] == "6,800"
    alias = signed_in.get(reverse("monitoring:indicator", kwargs={"code": "ComS_24"}))
    assert alias["Location"] == "/indicators/ComS_024/"


def test_seed_key_tasks_policies_risks_budget(signed_in, seed_plan):
    tasks = tables(signed_in.get(reverse("tasks:list")).content)[
        "Key tasks and priorities for improvement"
    ]
    assert tasks.row("BCRPASB_29")["Target date"] == "March 2028"
    assert tasks.row("COMS2629_07")["Action"].endswith("New")

    policies = tables(signed_in.get(reverse("plans:policies")).content)[
        "Strategies and policies by renewal date"
    ]
    vawg = policies.row("Ending Violence Against Women and Girls Strategy")
    assert vawg["Renewal as printed"].startswith("2024 due Summer 2025 – awaited")
    assert vawg["Renewal date"] == "31 August 2025"

    risks = tables(signed_in.get(reverse("risks:index")).content)["Risks to key tasks"]
    assert "BCRP2629_07 Unknown code" in risks.row("Review Policies")["Actions cited"]

    budget = tables(signed_in.get(reverse("budgets:index")).content)
    efficiencies = budget["Efficiencies generated"]
    assert efficiencies.row("Reduction in ASB cases relating to subjects of PSPO")["2026/27"] == (
        "−£20,000"
    )
    assert budget["Net change in revenue budgets"].row("Net change")["2026/27"] == "−£120,000"
