from __future__ import annotations

from django.urls import reverse

from tests.factories.plan_data import VAWG_STRATEGY
from tests.support.html import parse, tables

CAPTION = "Strategies and policies by renewal date"


def test_policies_sorted_by_renewal_date_with_undated_last(signed_in, plan):
    response = signed_in.get(reverse("plans:policies"))

    table = tables(response.content)[CAPTION]
    assert table.column("Strategy or policy") == [
        VAWG_STRATEGY,
        "Broxtowe Dog Control Policy",
        "Corporate Plan",
        "Business Strategy",
        "Medium Term Financial Strategy",
        "Broxtowe Hackney Carriage and Private Hire Policy",
    ]
    assert "come after the dated ones" in parse(response.content).find("main").text


def test_policies_show_renewal_text_as_printed_and_the_date_read(signed_in, plan):
    response = signed_in.get(reverse("plans:policies"))

    table = tables(response.content)[CAPTION]
    assert table.row(VAWG_STRATEGY) == {
        "Strategy or policy": VAWG_STRATEGY,
        "Purpose": "National strategy which sets out details of the government's vision to "
        "tackle violence against women and girls.",
        "Renewal as printed": "2024 due Summer 2025 – awaited Overdue",
        "Renewal date": "31 August 2025",
        "Responsible officer or contact": "Home Office",
    }
    assert table.row("Broxtowe Hackney")["Renewal as printed"] == "Under constant review"
    assert table.row("Broxtowe Hackney")["Renewal date"] == "– None"
    assert table.row("Medium Term")["Responsible officer or contact"] == (
        "Deputy Chief Executive Assistant Director - Finance Services"
    )
    assert table.row("Business Strategy")["Purpose"] == (
        "Designed to ensure that the Council is: Lean and fit in its assets, systems and "
        "processes Customer focused in all its activities"
    )
