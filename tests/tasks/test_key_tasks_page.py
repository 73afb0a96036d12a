from __future__ import annotations

from django.urls import reverse

from tests.support.html import tables


def test_key_tasks_show_outcome_partners_officers_date_and_budget(signed_in, plan):
    response = signed_in.get(reverse("tasks:list"))

    table = tables(response.content)["Key tasks and priorities for improvement"]
    assert table.headers == [
        "Code",
        "Action",
        "Targeted outcome",
        "Partners",
        "Officers responsible",
        "Target date",
        "Budget implications and comments",
    ]
    assert table.row("BCRPASB_29") == {
        "Code": "BCRPASB_29",
        "Action": "Review ASB Policy (including ASB action plan)",
        "Targeted outcome": "Deliver an efficient and effective service for residents",
        "Partners": "Other local authority partners Police and Crime Commissioner",
        "Officers responsible": "Head of Communities and Community Safety "
        "Communities and Crime Manager",
        "Target date": "March 2028",
        "Budget implications and comments": "Within existing resources and budgets",
    }
    assert table.row("COMS2629_05.1")["Partners"] == "– None"
    assert table.column("Code") == [
        "BCRP_",
        "BCRPASB_29",
        "COMS2629_16",
        "COMS2629_07",
        "COMS2629_05.1",
        "COMS2629_15",
    ]


def test_key_tasks_new_ones_are_tagged(signed_in, plan):
    response = signed_in.get(reverse("tasks:list"))

    table = tables(response.content)["Key tasks and priorities for improvement"]
    rows = {tr.attrs["id"]: tr for tr in table.node.find("tbody").find_all("tr")}
    new = rows["task-COMS2629_07"].find_all("strong", class_="govuk-tag")
    assert [tag.text for tag in new] == ["New"]
    assert not rows["task-BCRPASB_29"].find_all("strong", class_="govuk-tag")
