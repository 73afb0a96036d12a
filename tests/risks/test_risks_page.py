from __future__ import annotations

from django.urls import reverse

from tests.support.html import parse, tables


def test_risks_page_shows_the_three_tables(signed_in, plan):
    response = signed_in.get(reverse("risks:index"))

    found = tables(response.content)
    assert list(found) == [
        "Key strategic risks",
        "Risks to key tasks",
        "Strategic Risk Register as at February 2026",
    ]
    assert found["Key strategic risks"].column("Risk") == [
        "Failure to contribute effectively to dealing with crime and disorder",
        "Failure to produce fit for purpose Food Service Plan",
    ]
    register = found["Strategic Risk Register as at February 2026"]
    assert register.row("Risk 7") == {
        "Risk": "Risk 7",
        "Description": "Not complying with legislation",
    }


def test_key_task_risks_link_known_tasks_and_flag_unknown_codes(signed_in, plan):
    response = signed_in.get(reverse("risks:index"))

    table = tables(response.content)["Risks to key tasks"]
    row = table.row("Review Policies")
    assert row["Actions cited"] == ("BCRPASB_29 COMS2629_16 COMS2629_05.1 BCRP2629_07 Unknown code")
    assert row["Covered by a strategic risk"] == "Yes"
    assert row["Strategic risks"] == "Risk 2 Risk 7 Risk 13 Risk 21"
    links = {a.text: a.attrs["href"] for a in table.node.find_all("a")}
    assert links["BCRPASB_29"] == "/key-tasks/#task-BCRPASB_29"
    assert links["COMS2629_05.1"] == "/key-tasks/#task-COMS2629_05.1"
    assert "BCRP2629_07" not in links
    assert "COMS2526_01" not in links
    assert links["Risk 13"] == "#risk-13"
    assert table.row("Develop and deliver")["Covered by a strategic risk"] == "Not stated"
    assert table.row("Develop and deliver")["Strategic risks"] == (
        "Risk 2 Risk 13 Risk 12 Not in the register extract"
    )


def test_risks_page_warns_about_unknown_action_codes(signed_in, plan):
    response = signed_in.get(reverse("risks:index"))

    warning = parse(response.content).find("div", class_="govuk-warning-text")
    assert warning.text == (
        "! Warning 2 action codes cited below are not in the key tasks "
        "table: BCRP2629_07, COMS2526_01."
    )
