from __future__ import annotations

from django.urls import reverse

from tests.support.html import parse, tables

URL = reverse("plans:findings")


def test_findings_show_kind_line_message_and_suggestion(signed_in, plan):
    response = signed_in.get(URL)

    table = tables(response.content)["Findings"]
    assert table.headers == ["Kind", "Line", "Message", "Suggestion"]
    assert table.rows == [
        [
            "Code spelling",
            "228",
            "ComS_24 is written without its leading zero; read as ComS_024.",
            "ComS_024",
        ],
        [
            "Unknown action code",
            "357",
            "The key-task risk cites BCRP2629_07, which is not in the key tasks table.",
            "COMS2629_07",
        ],
        [
            "Unknown action code",
            "361",
            "The key-task risk cites COMS2526_01, which is not in the key tasks table.",
            "– None",
        ],
    ]


def test_findings_filter_by_kind(signed_in, plan):
    response = signed_in.get(URL, {"kind": "unknown_action_code"})

    assert tables(response.content)["Findings"].column("Line") == ["357", "361"]
    select = parse(response.content).find("select", id="id_kind")
    assert select.find("option", selected="").text == "Unknown action code"


def test_findings_unknown_kind_shows_error_summary_and_all_findings(signed_in, plan):
    response = signed_in.get(URL, {"kind": "no_such_kind"})

    assert response.status_code == 200
    page = parse(response.content)
    summary = page.find("div", class_="govuk-error-summary")
    assert summary.find("a").text == "Choose a kind of finding from the list"
    assert summary.find("a").attrs["href"] == "#id_kind"
    assert len(tables(response.content)["Findings"].rows) == 3
