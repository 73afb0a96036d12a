from __future__ import annotations

import pytest
from django.urls import reverse

from civicplan.plans.models import Post
from tests.support.html import parse, tables

LIST = reverse("monitoring:indicators")


def _codes(response) -> list[str]:
    return tables(response.content)["Indicators"].column("Code")


def test_indicator_table_shows_latest_actual_next_target_and_unit(signed_in, plan):
    response = signed_in.get(LIST)

    table = tables(response.content)["Indicators"]
    assert table.headers == [
        "Code",
        "Title",
        "Frameworks",
        "Owners",
        "Latest actual",
        "Next target",
        "Unit",
    ]
    assert table.row("ComS_001") == {
        "Code": "ComS_001",
        "Title": "All crime",
        "Frameworks": "Service data CSI",
        "Owners": "Head of Communities and Community Safety",
        "Latest actual": "6,869 2024/25",
        "Next target": "6,800 2025/26",
        "Unit": "Number",
    }
    assert table.row("ComS_024")["Latest actual"] == "27% 2024/25"
    assert table.row("ComS_024")["Next target"] == "24% 2025/26"
    assert table.row("ComS_024")["Unit"] == "Per cent"
    assert table.row("ComS_033")["Latest actual"] == "62.2% 2024/25"
    assert table.row("ComS_012a")["Latest actual"] == "– None"
    assert table.node.find("a", href="/indicators/ComS_001/").text == "ComS_001"


def test_indicator_table_default_order_is_by_code(signed_in, plan):
    response = signed_in.get(LIST)

    assert _codes(response) == [
        "ComS_001",
        "ComS_012",
        "ComS_012a",
        "ComS_024",
        "ComS_024a",
        "ComS_033",
        "ComS_038",
        "ComS_093a",
    ]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"framework": "mpi"}, ["ComS_093a"]),
        ({"framework": "kpi"}, ["ComS_012"]),
        ({"objective": "CS2"}, ["ComS_024", "ComS_033"]),
        ({"section": "Licensing"}, ["ComS_093a"]),
        ({"section": "Environmental Health"}, ["ComS_038"]),
        ({"framework": "csi", "objective": "CS3"}, ["ComS_001"]),
        (
            {"framework": "service_data", "section": "Communities"},
            ["ComS_001", "ComS_012", "ComS_012a", "ComS_024", "ComS_024a"],
        ),
    ],
)
def test_indicator_table_filters(signed_in, plan, query, codes):
    response = signed_in.get(LIST, query)

    assert response.status_code == 200
    assert _codes(response) == codes
    assert not parse(response.content).find_all("div", class_="govuk-error-summary")


def test_indicator_table_filters_by_owner(signed_in, plan):
    owner = Post.objects.get(title="Licensing Manager")

    response = signed_in.get(LIST, {"owner": owner.pk})

    assert _codes(response) == ["ComS_093a"]
    select = parse(response.content).find("select", id="id_owner")
    assert select.find("option", selected="").text == "Licensing Manager"


def test_indicator_filter_selects_have_labels(signed_in, plan):
    page = parse(signed_in.get(LIST).content)

    for name in ["framework", "objective", "section", "owner"]:
        assert page.find("label", for_=f"id_{name}").text == name.capitalize()
        assert page.find("select", id=f"id_{name}").attrs["name"] == name
    options = [o.text for o in page.find("select", id="id_framework").find_all("option")]
    assert options == [
        "All frameworks",
        "Service data",
        "Critical Success Indicator",
        "Key Performance Indicator",
        "Management Performance Indicator",
    ]
    sections = [o.text for o in page.find("select", id="id_section").find_all("option")]
    assert sections == ["All sections", "Communities", "Environmental Health", "Licensing"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"framework": "bogus"}, "framework", "Choose a framework from the list"),
        ({"objective": "CS9"}, "objective", "Choose an objective from the list"),
        ({"owner": "not-a-post"}, "owner", "Choose an owner from the list"),
        ({"section": "Nowhere"}, "section", "Choose a section from the list"),
    ],
)
def test_indicator_table_invalid_filter_shows_error_summary(signed_in, plan, query, field, message):
    response = signed_in.get(LIST, query)

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("title").text.startswith("Error: ")
    summary = page.find("div", class_="govuk-error-summary")
    assert summary.find("a").attrs["href"] == f"#id_{field}"
    assert summary.find("a").text == message
    assert page.find("p", id=f"id_{field}-error").text == f"Error: {message}"
    assert page.find("select", id=f"id_{field}").attrs["aria-describedby"] == f"id_{field}-error"
    assert len(_codes(response)) == 8  # the invalid filter is ignored, not applied


def test_indicator_table_invalid_filter_keeps_the_valid_ones(signed_in, plan):
    response = signed_in.get(LIST, {"framework": "bogus", "objective": "CS2"})

    assert _codes(response) == ["ComS_024", "ComS_033"]


@pytest.mark.parametrize(
    ("sort", "codes"),
    [
        (
            "-code",
            [
                "ComS_093a",
                "ComS_038",
                "ComS_033",
                "ComS_024a",
                "ComS_024",
                "ComS_012a",
                "ComS_012",
                "ComS_001",
            ],
        ),
        (
            "latest_actual",
            [
                "ComS_024",
                "ComS_093a",
                "ComS_033",
                "ComS_024a",
                "ComS_012",
                "ComS_038",
                "ComS_001",
                "ComS_012a",
            ],
        ),
        (
            "-next_target",
            [
                "ComS_001",
                "ComS_012",
                "ComS_033",
                "ComS_093a",
                "ComS_024",
                "ComS_012a",
                "ComS_024a",
                "ComS_038",
            ],
        ),
        (
            "title",
            [
                "ComS_001",
                "ComS_038",
                "ComS_024a",
                "ComS_024",
                "ComS_012a",
                "ComS_093a",
                "ComS_012",
                "ComS_033",
            ],
        ),
        (
            "nonsense",
            [
                "ComS_001",
                "ComS_012",
                "ComS_012a",
                "ComS_024",
                "ComS_024a",
                "ComS_033",
                "ComS_038",
                "ComS_093a",
            ],
        ),
    ],
)
def test_indicator_table_sorts(signed_in, plan, sort, codes):
    response = signed_in.get(LIST, {"sort": sort})

    assert _codes(response) == codes


def test_indicator_table_sort_headings_say_the_order(signed_in, plan):
    response = signed_in.get(LIST, {"sort": "latest_actual", "framework": "csi"})

    headings = {
        th.text: th
        for th in tables(response.content)["Indicators"].node.find_all("th", scope="col")
    }
    assert headings["Latest actual"].attrs["aria-sort"] == "ascending"
    assert headings["Code"].attrs["aria-sort"] == "none"
    assert "aria-sort" not in headings["Frameworks"].attrs
    assert headings["Latest actual"].find("a").attrs["href"] == (
        "/indicators/?sort=-latest_actual&framework=csi"
    )


def test_indicator_page_shows_years_frameworks_and_relations(signed_in, plan):
    response = signed_in.get(reverse("monitoring:indicator", kwargs={"code": "ComS_024"}))

    page = parse(response.content)
    assert page.find("h1").text.startswith("High risk domestic abuse cases re-referred")
    facts = {
        row.find("dt").text: row.find("dd").text
        for row in page.find("dl", class_="govuk-summary-list").find_all("div")
    }
    assert facts["Also printed as"] == "ComS_24"
    assert facts["Unit"] == "Per cent"
    assert facts["Direction"] == "Lower is better (inferred)"
    assert facts["Frameworks"] == "Service data Critical Success Indicator"
    assert (
        facts["Objective"] == "CS2: Work with partners to reduce violence and improve public safety"
    )
    assert facts["Section"] == "Communities"
    assert facts["Sub-measures"].startswith("ComS_024a: High risk cases of domestic violence")
    assert facts["Owners"] == "Head of Communities and Community Safety"
    values = tables(response.content)["Actuals and targets by financial year"]
    assert values.rows == [
        ["2022/23", "37%", "– None"],
        ["2023/24", "24%", "– None"],
        ["2024/25", "27%", "– None"],
        ["2025/26", "– None", "24%"],
        ["2026/27", "– None", "22%"],
        ["2027/28", "– None", "20%"],
        ["2028/29", "– None", "20%"],
    ]
    rows = tables(response.content)["Where the plan prints this indicator"]
    assert [row[0] for row in rows.rows] == ["Service data", "Critical Success Indicator"]
    assert rows.rows[1][2] == "CS2"


def test_indicator_page_of_sub_measure_links_to_its_group(signed_in, plan):
    response = signed_in.get(reverse("monitoring:indicator", kwargs={"code": "ComS_024a"}))

    page = parse(response.content)
    part_of = [row for row in page.find("dl").find_all("div") if row.find("dt").text == "Part of"]
    assert part_of[0].find("a").attrs["href"] == "/indicators/ComS_024/"
    values = tables(response.content)["Actuals and targets by financial year"]
    assert values.row("2022/23")["Actual"] == "181"


def test_indicator_page_by_alias_redirects_to_the_code(signed_in, plan):
    response = signed_in.get(reverse("monitoring:indicator", kwargs={"code": "ComS_24"}))

    assert response.status_code == 302
    assert response["Location"] == "/indicators/ComS_024/"


def test_indicator_page_unknown_code_is_404(signed_in, plan):
    response = signed_in.get(reverse("monitoring:indicator", kwargs={"code": "ComS_999"}))

    assert response.status_code == 404
