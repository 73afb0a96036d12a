from __future__ import annotations

from django.urls import reverse

from tests.support.html import parse, tables


def test_budget_lines_grouped_by_kind_with_amounts_in_pounds(signed_in, plan):
    response = signed_in.get(reverse("budgets:index"))

    found = tables(response.content)
    efficiencies = found["Efficiencies generated"]
    assert efficiencies.headers == ["Description", "Action", "2026/27", "2027/28", "2028/29"]
    assert efficiencies.rows == [
        [
            "Reduction in ASB cases relating to subjects of PSPO's",
            "COMS2629_07",
            "−£20,000",
            "−£20,000",
            "−£20,000",
        ],
        [
            "Reduction in time taken to manage cross departmental ASB cases",
            "COMS2629_15",
            "−£10,000",
            "−£10,000",
            "−£10,000",
        ],
    ]
    income = found["New business and increased income"]
    assert income.column("Action") == ["Funding bids", "BCRP_"]
    assert income.node.find("a").attrs["href"] == "/key-tasks/#task-BCRP_"


def test_budget_totals_per_kind_and_per_year(signed_in, plan):
    response = signed_in.get(reverse("budgets:index"))

    found = tables(response.content)
    foot = found["Efficiencies generated"].node.find("tfoot")
    assert foot.text == "Total efficiencies generated – None −£30,000 −£30,000 −£30,000"
    totals = found["Net change in revenue budgets"]
    assert totals.rows == [
        ["Budget implications", "£0", "£0", "£0"],
        ["Efficiencies generated", "−£30,000", "−£30,000", "−£30,000"],
        ["New business and increased income", "−£90,000", "−£70,000", "−£70,000"],
        ["Net change", "−£120,000", "−£100,000", "−£100,000"],
    ]


def test_budget_empty_kind_and_notes(signed_in, plan):
    response = signed_in.get(reverse("budgets:index"))

    main = parse(response.content).find("main").text
    assert "There are no lines under budget implications." in main
    assert "External contributions are to be confirmed." in main
