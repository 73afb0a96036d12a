from __future__ import annotations

from django.urls import reverse

from tests.support.html import parse, tables


def test_overview_shows_plan_and_counts(signed_in, plan):
    response = signed_in.get(reverse("plans:overview"))

    page = parse(response.content)
    assert page.find("h1").text == "Community Safety Business Plan 2026–2029"
    assert (
        "Broxtowe Borough Council, 2026/27 to 2028/29"
        in page.find("span", class_="govuk-caption-l").text
    )
    counts = {
        row.find("dt").text: row.find("dd").text
        for row in page.find("dl", class_="app-counts").find_all("div")
    }
    assert counts == {"Indicators": "8", "Key tasks": "6", "Policies": "6", "Findings": "3"}


def test_overview_objectives_table_counts_and_links(signed_in, plan):
    response = signed_in.get(reverse("plans:overview"))

    table = tables(response.content)["Objectives"]
    assert table.headers == ["Code", "Objective", "Indicators", "Service-level objectives"]
    assert table.rows == [
        ["CS1", "Reduce anti-social behaviour in Broxtowe", "1", "4"],
        ["CS2", "Work with partners to reduce violence and improve public safety", "2", "2"],
        ["CS3", "Reduce Drug and Alcohol Use", "1", "1"],
    ]
    links = [a.attrs["href"] for a in table.node.find_all("a")]
    assert "/indicators/?objective=CS2" in links


def test_overview_groups_service_objectives_by_area_and_department(signed_in, plan):
    response = signed_in.get(reverse("plans:overview"))

    page = parse(response.content)
    headings = [h.text for h in page.find_all("h2")]
    assert "CS1: Reduce anti-social behaviour in Broxtowe" in headings
    assert [h.text for h in page.find_all("h4")][:3] == [
        "Communities and Community Safety",
        "Environmental Health",
        "Housing",
    ]
    assert page.find("h3").text == "Public Protection"
    first_list = page.find("ul", class_="govuk-list--bullet")
    assert [li.text for li in first_list.find_all("li")] == [
        "To effectively run and manage an Anti-Social Behaviour Panel made up of representatives "
        "of partner agencies",
        "To work in partnership to provide support for vulnerable people",
    ]
