"""The "Police open data" section of a police-derived indicator's page, on a real DuckDB store
built from synthetic data.police.uk files (``tests.factories.police_store``).

The expected counts were checked against the files read row by row with the ``csv`` module
(``test_police_counts_match_the_files``); the rates are count × 1,000 ÷ population.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from civicplan.accounts.roles import Role
from civicplan.opendata.models import PeerGroup
from civicplan.opendata.services import crime_measures_seed
from tests.factories.plan_data import plan_create
from tests.factories.police_store import POPULATION, police_store_build
from tests.factories.users import persona
from tests.opendata.conftest import read_rows
from tests.support.html import parse, tables
from tests.support.queries import page_queries

PAGE = "/indicators/ComS_001/"
CAPTION = "All crime: Broxtowe and the other districts of Nottinghamshire, 2025/26 Q4"
# 2025/26 Q4 (January to March 2026), every crime type except anti-social behaviour.
Q4_ALL_CRIME = {
    "Gedling": 487,
    "Ashfield": 450,
    "Bassetlaw": 427,
    "Mansfield": 348,
    "Nottingham": 317,
    "Newark and Sherwood": 300,
    "Broxtowe": 299,
    "Rushcliffe": 255,
}


@pytest.fixture(scope="module")
def store_without_population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return police_store_build(tmp_path_factory.mktemp("police-no-pop"), population=False)


@pytest.fixture
def officer_client(client, db):
    client.force_login(persona("officer", Role.PERFORMANCE_OFFICER))
    return client


def test_police_counts_match_the_files(police_store, police_files):
    counted: Counter[str] = Counter()
    for path in sorted((police_files / "files").glob("2026-0[1-3]/*-street.csv")):
        for row in read_rows(path.read_bytes()):
            if row["Crime type"] != "Anti-social behaviour" and row["LSOA name"]:
                counted[row["LSOA name"][:-5]] += 1
    assert {d: counted[d] for d in Q4_ALL_CRIME} == Q4_ALL_CRIME


def test_police_section_ranks_districts_by_rate_with_the_council_marked(
    signed_in, plan, with_store
):
    response = signed_in.get(PAGE)

    assert response.status_code == 200
    table = tables(response.content)[CAPTION]
    assert table.headers == [
        "Rank",
        "District",
        "Number recorded",
        "Population",
        "Rate per 1,000 residents",
    ]
    assert table.rows == [
        ["1", "Gedling", "487", "118,000", "4.13"],
        ["2", "Bassetlaw", "427", "118,000", "3.62"],
        ["3", "Ashfield", "450", "128,000", "3.52"],
        ["4", "Mansfield", "348", "111,000", "3.14"],
        ["5", "Broxtowe (this council)", "299", "110,000", "2.72"],
        ["6", "Newark and Sherwood", "300", "124,000", "2.42"],
        ["7", "Rushcliffe", "255", "120,000", "2.12"],
        ["8", "Nottingham", "317", "324,000", "0.98"],
    ]
    page = parse(response.content)
    assert page.find("p", id="police-standing").text == (
        "Broxtowe is ranked 5 of 8 (1 is the highest): 2.72 per 1,000 residents (299 recorded)."
    )
    section = page.find("section", aria_labelledby="police-heading").text
    assert "in 2025/26 Q4 (January to March 2026): the latest quarter for which every month" in (
        section
    )
    assert "Districts are ranked by their rate per 1,000 residents." in section
    svg = page.find("svg", id="benchmark-coms-001-2025-26-q4")
    assert svg.attrs["role"] == "img"
    assert svg.find("title").text == ("ComS_001: All crime in Broxtowe and comparable districts")
    assert svg.find("desc").text.startswith(
        "Bar chart of the rate per 1,000 residents in 2025/26 Q4, districts of Nottinghamshire, "
        "highest first. Broxtowe ranks 5 of 8 with 2.72. Gedling 4.13; Bassetlaw 3.62;"
    )
    assert "Broxtowe (this council)" in svg.text  # the bar's label, not only its colour


def test_police_caveats_are_shown_beside_the_figure(signed_in, plan, with_store):
    page = parse(signed_in.get(PAGE).content)

    inset = page.find("div", id="police-caveats")
    assert inset.find("h2").text == "What police.uk cannot show"
    assert [li.text for li in inset.find_all("li")] == [
        "All crime is every police.uk category except anti-social behaviour.",
        "Crimes recorded without a location cannot be placed in an area, so they are not counted.",
    ]


def test_police_benchmark_downloads_as_csv(signed_in, plan, with_store):
    response = signed_in.get(PAGE, {"format": "csv", "table": "police_benchmark"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('coms-001-2025-26-q4-police-benchmark.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Rank",
        "District",
        "This council",
        "Number recorded",
        "Population",
        "Rate per 1,000 residents",
    ]
    assert rows[1] == ["1", "Gedling", "no", "487", "118000", "4.13"]
    assert rows[5] == ["5", "Broxtowe", "yes", "299", "110000", "2.72"]
    assert len(rows) == 9


def test_police_section_uses_the_default_peer_group(signed_in, plan, with_store):
    PeerGroup.objects.create(
        organisation=plan.organisation,
        name="Nearest neighbours",
        districts="Gedling\nRushcliffe\nAmber Valley",
        is_default=True,
    )

    found = tables(signed_in.get(PAGE).content)
    caption = (
        "All crime: Broxtowe and the peer group ‘Nearest neighbours’ (3 districts besides "
        "Broxtowe), 2025/26 Q4"
    )
    # Amber Valley has no population loaded, so the group is ranked by the number recorded.
    assert found[caption].rows == [
        ["1", "Gedling", "487", "118,000", "4.13"],
        ["2", "Broxtowe (this council)", "299", "110,000", "2.72"],
        ["3", "Rushcliffe", "255", "120,000", "2.12"],
        ["4", "Amber Valley", "243", "– None", "no population"],
    ]


def test_police_section_ranks_by_count_without_populations(
    officer_client, plan, settings, store_without_population
):
    settings.OPENDATA_DUCKDB_PATH = store_without_population

    response = officer_client.get(PAGE)

    page = parse(response.content)
    assert page.find("p", id="police-standing").text == (
        "Broxtowe is ranked 7 of 8 by the number recorded (1 is the highest): 299."
    )
    assert tables(response.content)[CAPTION].column("District")[:2] == ["Gedling", "Ashfield"]
    section = page.find("section", aria_labelledby="police-heading")
    assert "civicplan opendata load-population FILE" in section.find("code").text


def test_police_section_without_a_store_says_so_and_tells_an_officer_what_to_run(
    officer_client, plan
):
    page = parse(officer_client.get(PAGE).content)

    section = page.find("section", aria_labelledby="police-heading")
    assert page.find("p", id="police-problem").text == "No police data has been imported yet."
    assert section.find("code").text == "civicplan opendata import-police PATH…"
    assert section.find("a").attrs["href"] == "/police-data/peer-group/"
    assert page.find("div", id="police-caveats")  # the caveats need no data


def test_police_section_without_a_store_shows_no_command_to_a_viewer(signed_in, plan):
    page = parse(signed_in.get(PAGE).content)

    section = page.find("section", aria_labelledby="police-heading")
    assert page.find("p", id="police-problem").text == "No police data has been imported yet."
    assert section.find_all("code") == []


def test_indicator_not_from_police_data_has_no_police_section(signed_in, plan, with_store):
    page = parse(signed_in.get("/indicators/ComS_024/").content)

    assert page.find_all("section", aria_labelledby="police-heading") == []
    assert page.find_all("div", id="police-caveats") == []


def test_police_section_query_count_does_not_grow_with_the_plan(signed_in, db, with_store):
    def queries() -> int:
        return page_queries(signed_in, PAGE)

    small = plan_create(scale=1)
    crime_measures_seed(organisation=small.organisation, by=None)
    PeerGroup.objects.create(
        organisation=small.organisation, name="Peers", districts="Gedling", is_default=True
    )
    before = queries()
    plan_create(scale=3)
    # The 19 of a page without police data (tests/pages/test_query_counts.py), plus the
    # organisation's crime types (prefetched once it has its own mapping) and its peer group.
    assert queries() == before == 21
    assert set(POPULATION) >= {"Gedling", "Broxtowe"}
