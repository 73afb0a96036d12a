"""The "Police data" page (what the store holds, the council's district, the measure mapping) and
the "Hotspots" page, on a real DuckDB store built from synthetic data.police.uk files
(``tests.factories.police_store``: Nottinghamshire and Derbyshire, December 2025 to March 2026).

The hotspot figures are checked against the files read row by row with the ``csv`` module
(``_counted``), and pinned as exact values as well, so that a change to either side shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from django.utils import timezone

from civicplan.accounts.roles import Role
from civicplan.opendata.models import PeerGroup
from civicplan.opendata.selectors.comparison import STORE_BUSY
from civicplan.opendata.services import crime_measures_seed
from tests.factories.plan_data import plan_create
from tests.factories.users import persona
from tests.opendata.conftest import read_rows
from tests.support.html import option_groups, parse, tables
from tests.support.queries import page_queries

INDEX = "/police-data/"
HOTSPOTS = "/police-data/hotspots/"
ASB = "Anti-social behaviour"
Q4_CAPTION = (
    "ASB incidents (ComS_011) in Broxtowe, 2025/26 Q4 (January to March 2026): "
    "the 10 streets with most recorded"
)
STREET_HEADERS = ["Rank", "Street", "LSOA", "LSOA code", "Number recorded", "% of Broxtowe’s total"]
# ASB in Broxtowe, 2025/26 Q4: 57 incidents with a location; the ten streets with most.
Q4_ASB_STREETS = [
    ["1", "On or near Oakgar Street", "Broxtowe 005D", "E01062174", "8", "14.0"],
    ["2", "On or near Ashcal Lane", "Broxtowe 003D", "E01062166", "5", "8.8"],
    ["3", "On or near Marpen Grove", "Broxtowe 010A", "E01062191", "3", "5.3"],
    ["4", "On or near Brookwold Way", "Broxtowe 007B", "E01062180", "2", "3.5"],
    ["5", "On or near Garholt Close", "Broxtowe 007A", "E01062179", "2", "3.5"],
    ["6", "On or near Quarstan Drive", "Broxtowe 010D", "E01062194", "2", "3.5"],
    ["7", "On or near Theatre/Concert Hall", "Broxtowe 008D", "E01062186", "2", "3.5"],
    ["8", "On or near Thornholt Avenue", "Broxtowe 007B", "E01062180", "2", "3.5"],
    ["9", "On or near Tonwick Grove", "Broxtowe 005B", "E01062172", "2", "3.5"],
    ["10", "On or near Woldnor Way", "Broxtowe 006B", "E01062176", "2", "3.5"],
]


@pytest.fixture
def officer(client, db):
    client.force_login(persona("officer", Role.PERFORMANCE_OFFICER))
    return client


@pytest.fixture
def file_rows(police_files: Path, police_store: Path) -> Callable[..., Iterator[dict[str, str]]]:
    """The synthetic files' rows, read with the csv module (``force`` and ``months`` filter)."""

    def rows(*, force: str = "", months: tuple[str, ...] = ()) -> Iterator[dict[str, str]]:
        for path in sorted((police_files / "files").glob("*/*-street.csv")):
            if force and force not in path.name:
                continue
            if months and path.parent.name not in months:
                continue
            yield from read_rows(path.read_bytes())

    return rows


Q4 = ("2026-01", "2026-02", "2026-03")


def _counted(rows: Iterator[dict[str, str]], key: Callable[[dict[str, str]], tuple]) -> list:
    """Broxtowe's ASB rows grouped by ``key``, top first (ties by place, then LSOA code), each
    with its share of Broxtowe's total as a percentage to one place."""
    counts = Counter(
        key(r) for r in rows if r["Crime type"] == ASB and r["LSOA name"].startswith("Broxtowe ")
    )
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        [str(rank), *place, str(n), f"{n * 100 / total:.1f}"]
        for rank, (place, n) in enumerate(ranked, start=1)
    ], total


# -- hotspots ---------------------------------------------------------------------------------


def test_hotspots_by_street_equal_the_files_counted_with_csv(
    signed_in, plan, with_store, file_rows
):
    expected, total = _counted(
        file_rows(months=Q4), lambda r: (r["Location"], r["LSOA code"], r["LSOA name"])
    )
    # The page lists (rank, street, LSOA name, LSOA code, …); the count sorted by code first.
    expected = [
        [rank, place, name, code, n, share] for rank, place, code, name, n, share in expected
    ]

    response = signed_in.get(HOTSPOTS)

    assert response.status_code == 200
    table = tables(response.content)[Q4_CAPTION]
    assert table.headers == STREET_HEADERS
    assert table.rows == expected[:10] == Q4_ASB_STREETS
    assert total == 57
    page = parse(response.content)
    assert page.find("p", id="hotspots-summary").text == (
        "ASB incidents (ComS_011): 57 recorded with a location in Broxtowe in 2025/26 Q4 "
        "(January to March 2026). The 10 streets below account for 30 of them (52.6%)."
    )


def test_hotspots_by_lsoa_equal_the_files_counted_with_csv(signed_in, plan, with_store, file_rows):
    expected, total = _counted(file_rows(months=Q4), lambda r: (r["LSOA name"], r["LSOA code"]))

    response = signed_in.get(
        HOTSPOTS, {"what": "ComS_011", "period": "2025/26-Q4", "by": "lsoa", "limit": "20"}
    )

    caption = (
        "ASB incidents (ComS_011) in Broxtowe, 2025/26 Q4 (January to March 2026): "
        "the 20 LSOAs with most recorded"
    )
    table = tables(response.content)[caption]
    assert table.headers == [
        "Rank",
        "LSOA",
        "LSOA code",
        "Number recorded",
        "% of Broxtowe’s total",
    ]
    assert table.rows == expected[:20]
    assert table.rows[:3] == [
        ["1", "Broxtowe 005D", "E01062174", "10", "17.5"],
        ["2", "Broxtowe 003D", "E01062166", "6", "10.5"],
        ["3", "Broxtowe 007B", "E01062180", "4", "7.0"],
    ]
    assert len(expected) > 20 and total == 57


def test_hotspots_for_a_crime_type_count_the_same_rows_as_its_measure(signed_in, plan, with_store):
    response = signed_in.get(HOTSPOTS, {"what": ASB, "period": "2025/26-Q4"})

    caption = (
        "Anti-social behaviour in Broxtowe, 2025/26 Q4 (January to March 2026): "
        "the 10 streets with most recorded"
    )
    assert tables(response.content)[caption].rows == Q4_ASB_STREETS


def test_hotspots_for_a_month_and_a_crime_type_list_every_lsoa_with_one(
    signed_in, plan, with_store, file_rows
):
    burglary = Counter(
        (r["LSOA name"], r["LSOA code"])
        for r in file_rows(months=("2026-02",))
        if r["Crime type"] == "Burglary" and r["LSOA name"].startswith("Broxtowe ")
    )
    assert burglary == {("Broxtowe 005D", "E01062174"): 3, ("Broxtowe 002C", "E01062161"): 1}

    response = signed_in.get(
        HOTSPOTS, {"what": "Burglary", "period": "2026-02", "by": "lsoa", "limit": "50"}
    )

    caption = "Burglary in Broxtowe, February 2026: every LSOA with any recorded (2)"
    assert tables(response.content)[caption].rows == [
        ["1", "Broxtowe 005D", "E01062174", "3", "75.0"],
        ["2", "Broxtowe 002C", "E01062161", "1", "25.0"],
    ]
    assert parse(response.content).find("p", id="hotspots-summary").text == (
        "Burglary: 4 recorded with a location in Broxtowe in February 2026. The 2 LSOAs below "
        "account for 4 of them (100.0%)."
    )


def test_hotspots_with_nothing_recorded_say_so(signed_in, plan, with_store):
    response = signed_in.get(HOTSPOTS, {"what": "Drugs", "period": "2025-12"})

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find_all("table") == []
    assert page.find("p", id="hotspots-summary").text == (
        "Drugs: 0 recorded with a location in Broxtowe in December 2025."
    )
    assert (
        "Nothing counted in Drugs was recorded with a location in Broxtowe in December 2025."
        in (page.find("main").text)
    )


def test_hotspots_download_as_csv(signed_in, plan, with_store):
    response = signed_in.get(HOTSPOTS, {"format": "csv", "table": "hotspots"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="community-safety-2026-27-broxtowe-coms-011-2025-26-q4-hotspots-'
        'by-street.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == STREET_HEADERS
    assert rows[1] == ["1", "On or near Oakgar Street", "Broxtowe 005D", "E01062174", "8", "14"]
    assert rows[2] == ["2", "On or near Ashcal Lane", "Broxtowe 003D", "E01062166", "5", "8.8"]
    assert [r[:5] for r in rows[1:]] == [r[:5] for r in Q4_ASB_STREETS]
    assert len(rows) == 11


def test_hotspots_page_links_its_csv_with_the_query_kept(signed_in, plan, with_store):
    page = parse(signed_in.get(HOTSPOTS, {"by": "lsoa"}).content)

    link = page.find("p", class_="app-download").find("a")
    assert link.attrs["href"] == "/police-data/hotspots/?by=lsoa&format=csv"


def test_hotspot_periods_come_from_the_months_held(signed_in, plan, with_store):
    page = parse(signed_in.get(HOTSPOTS).content)

    groups = option_groups(page, "id_period")
    assert groups == {
        "Quarters": [
            ("2025/26-Q4", "2025/26 Q4: January to March 2026"),
            ("2025/26-Q3", "2025/26 Q3: October to December 2025 (1 month held)"),
        ],
        "Financial years": [("2025/26", "2025/26: April 2025 to March 2026 (4 months held)")],
        "Months": [
            ("2026-03", "March 2026"),
            ("2026-02", "February 2026"),
            ("2026-01", "January 2026"),
            ("2025-12", "December 2025"),
        ],
    }
    # The latest whole quarter is chosen until the user chooses another.
    select = page.find("select", id="id_period")
    assert [o.attrs["value"] for o in select.find_all("option") if "selected" in o.attrs] == [
        "2025/26-Q4"
    ]
    what = page.find("select", id="id_what")
    assert [o.attrs["value"] for o in what.find_all("option") if "selected" in o.attrs] == [
        "ComS_011"
    ]


def test_hotspots_for_a_period_held_in_part_say_which_months_are_missing(
    signed_in, plan, with_store, file_rows
):
    response = signed_in.get(HOTSPOTS, {"period": "2025/26", "what": "ComS_001"})

    page = parse(response.content)
    assert page.find("span", id="hotspots-missing").text == (
        "The police data for Broxtowe in 2025/26 is incomplete: April to November 2025 are not "
        "imported yet, so these counts cover only the months held."
    )
    unplaced = sum(
        1
        for r in file_rows(force="nottinghamshire")
        if not r["LSOA code"] and r["Crime type"] != ASB
    )
    assert unplaced == 48
    assert page.find("p", id="hotspots-unplaced").text == (
        "48 rows counted in All crime (ComS_001) in Nottinghamshire Police’s files for April "
        "2025 to March 2026 had no location, so they cannot be placed in Broxtowe or any other "
        "area and are not included."
    )


def test_hotspots_say_locations_are_approximate(signed_in, plan, with_store, file_rows):
    page = parse(signed_in.get(HOTSPOTS).content)

    inset = page.find("div", id="hotspots-locations")
    assert inset.find("h2").text == "Locations are approximate"
    assert "moves each incident to the nearest of a set of map points" in inset.text
    unplaced_asb = [
        r for r in file_rows(force="nottinghamshire", months=Q4)
        if not r["LSOA code"] and r["Crime type"] == ASB
    ]  # fmt: skip
    assert unplaced_asb == []
    assert page.find("p", id="hotspots-unplaced").text == (
        "Every row counted in ASB incidents (ComS_011) in Nottinghamshire Police’s files for "
        "January to March 2026 had a location."
    )


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            {"what": "Arson"},
            [("#id_what", "Choose a measure or a police.uk crime type from the list")],
        ),
        (
            {"period": "2019/20-Q1"},
            [
                (
                    "#id_period",
                    "Choose a period from the list: a quarter, a financial year or a month of "
                    "the police data held",
                )
            ],
        ),
        (
            {"period": "'; DROP TABLE street_crime; --", "by": "postcode", "limit": "1000"},
            [
                (
                    "#id_period",
                    "Choose a period from the list: a quarter, a financial year or a month of "
                    "the police data held",
                ),
                ("#id_by", "Choose streets or LSOAs"),
                ("#id_limit", "Choose 10, 20 or 50 places"),
            ],
        ),
    ],
)
def test_hotspots_with_bad_input_show_an_error_summary(signed_in, plan, with_store, query, errors):
    response = signed_in.get(HOTSPOTS, query)

    assert response.status_code == 200
    page = parse(response.content)
    summary = page.find("div", class_="govuk-error-summary")
    assert [(a.attrs["href"], a.text) for a in summary.find_all("a")] == errors
    assert page.find("title").text.startswith("Error: Hotspots")
    assert page.find_all("table") == []
    # A bad query gives no CSV either, rather than the default table.
    assert signed_in.get(HOTSPOTS, {**query, "format": "csv"}).status_code == 404


def test_hotspots_for_an_unknown_district_say_so(signed_in, plan, with_store, monkeypatch):
    monkeypatch.setenv("CIVICPLAN_AREA", "Broxtow")

    response = signed_in.get(HOTSPOTS)

    assert response.status_code == 200
    assert (
        parse(response.content)
        .find("p", id="store-problem")
        .text.startswith("No LSOAs of 'Broxtow' in the police data store. Did you mean Broxtowe?")
    )


# -- the police data page ---------------------------------------------------------------------


def _summary(page) -> dict[str, str]:
    rows = page.find("dl", id="store-status").find_all("div", class_="govuk-summary-list__row")
    return {r.find("dt").text: r.find("dd").text for r in rows}


def test_police_data_page_shows_what_the_store_holds(officer, plan, with_store, file_rows):
    unplaced = Counter(
        force
        for force in ("nottinghamshire", "derbyshire")
        for r in file_rows(force=force)
        if not r["LSOA code"]
    )
    rows = Counter(
        force for force in ("nottinghamshire", "derbyshire") for _ in file_rows(force=force)
    )
    assert unplaced == {"nottinghamshire": 48, "derbyshire": 48}
    assert rows == {"nottinghamshire": 4800, "derbyshire": 4800}
    with duckdb.connect(str(with_store), read_only=True) as con:
        [(imported,)] = con.execute("SELECT max(imported_at) FROM source_file").fetchall()
    local = timezone.localtime(imported.replace(tzinfo=dt.UTC))

    response = officer.get(INDEX)

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("h1").text == "Police data"
    table = tables(response.content)["Police data held, by force"]
    assert table.headers == [
        "Force",
        "First month",
        "Last month",
        "Files",
        "Rows",
        "Rows without a location",
    ]
    assert table.rows == [
        ["Derbyshire Constabulary", "December 2025", "March 2026", "4", "4,800", "48"],
        ["Nottinghamshire Police", "December 2025", "March 2026", "4", "4,800", "48"],
    ]
    foot = page.find("tfoot").find("tr")
    assert [cell.text for cell in foot.children if not isinstance(cell, str)] == [
        "All forces", "December 2025", "March 2026", "8", "9,600", "96",
    ]  # fmt: skip
    assert _summary(page) == {
        "Last imported": f"{local.day} {local:%B %Y} at {local:%H:%M}",
        "Rows": "9,600, of which 96 have no location and cannot be placed in any area",
        "The council’s district": "Broxtowe",
        "Recorded mostly by": "Nottinghamshire Police",
        "Latest whole quarter": "2025/26 Q4 (January to March 2026)",
        "Compared with": "The other districts of Nottinghamshire Change the peer group",
    }
    links = {a.text: a.attrs["href"] for a in page.find("main").find_all("a")}
    assert links["Hotspots: the streets and LSOAs with most incidents"] == HOTSPOTS
    assert links["Change the peer group"] == "/police-data/peer-group/"


def test_police_data_page_names_the_peer_group_in_use(signed_in, plan, with_store):
    PeerGroup.objects.create(
        organisation=plan.organisation,
        name="Nearest neighbours",
        districts="Gedling\nRushcliffe\nAmber Valley",
        is_default=True,
    )

    page = parse(signed_in.get(INDEX).content)

    # A reader sees the group but not the link to change it (only an officer may).
    assert _summary(page)["Compared with"] == "The peer group ‘Nearest neighbours’ (3 districts)"
    assert "/police-data/peer-group/" not in [a.attrs.get("href") for a in page.find_all("a")]


def test_police_data_page_shows_the_default_mapping(officer, plan, with_store):
    response = officer.get(INDEX)

    page = parse(response.content)
    assert page.find("p", id="mapping-origin").text == (
        "The default mapping from police.uk crime types to the plan’s measures is in use: "
        "Broxtowe Borough Council has not set up its own."
    )
    assert 'seed-measures --organisation "Broxtowe Borough Council"' in page.find("main").text
    table = tables(response.content)["The plan’s police measures and the crime types they count"]
    assert table.headers == ["Code", "Measure", "Crime types counted", "What police.uk cannot show"]
    assert [row[:3] for row in table.rows] == [
        ["ComS_001", "All crime", "Every type except Anti-social behaviour"],
        ["ComS_007", "Burglary", "Burglary"],
        ["ComS_008", "Vehicle crime", "Vehicle crime"],
        ["ComS_009", "Robbery", "Robbery"],
        ["ComS_010", "Violence", "Violence and sexual offences"],
        ["ComS_011", "ASB incidents", ASB],
    ]
    assert table.rows[5][3] == (
        "Each anti-social behaviour row is one incident reported to the police; incidents "
        "reported only to the council are not included. Crimes recorded without a location "
        "cannot be placed in an area, so they are not counted."
    )


def test_police_data_page_shows_the_organisations_own_mapping(signed_in, plan, with_store):
    crime_measures_seed(organisation=plan.organisation, by=None)

    response = signed_in.get(INDEX)

    page = parse(response.content)
    assert page.find("p", id="mapping-origin").text == (
        "Broxtowe Borough Council’s own mapping from police.uk crime types to the plan’s "
        "measures is in use."
    )
    assert "seed-measures" not in page.find("main").text
    table = tables(response.content)["The plan’s police measures and the crime types they count"]
    assert table.column("Code") == [
        "ComS_001",
        "ComS_007",
        "ComS_008",
        "ComS_009",
        "ComS_010",
        "ComS_011",
    ]


def test_police_data_tables_download_as_csv(signed_in, plan, with_store):
    held = signed_in.get(INDEX, {"format": "csv"})
    measures = signed_in.get(INDEX, {"format": "csv", "table": "measures"})

    assert held["Content-Disposition"].endswith('community-safety-2026-27-police-data-held.csv"')
    assert list(csv.reader(io.StringIO(held.content.decode("utf-8-sig")))) == [
        ["Force", "First month", "Last month", "Files", "Rows", "Rows without a location"],
        ["derbyshire", "2025-12", "2026-03", "4", "4800", "48"],
        ["nottinghamshire", "2025-12", "2026-03", "4", "4800", "48"],
    ]
    rows = list(csv.reader(io.StringIO(measures.content.decode("utf-8-sig"))))
    assert rows[0] == ["Code", "Measure", "Crime types counted", "What police.uk cannot show"]
    assert rows[1][:3] == ["ComS_001", "All crime", "Every type except Anti-social behaviour"]
    assert rows[6][:3] == ["ComS_011", "ASB incidents", ASB]
    assert len(rows) == 7


# -- no store, a busy store -------------------------------------------------------------------


def test_police_data_page_without_a_store_tells_an_officer_the_import_command(officer, plan):
    page = parse(officer.get(INDEX).content)

    assert page.find("p", id="store-problem").text == "No police data has been imported yet."
    assert [c.text for c in page.find("main").find_all("code")] == [
        "civicplan opendata import-police PATH…",
        'civicplan opendata seed-measures --organisation "Broxtowe Borough Council"',
    ]
    assert page.find_all("table")  # the mapping needs no data
    assert page.find_all("dl", id="store-status") == []


def test_pages_without_a_store_show_a_reader_one_sentence(signed_in, plan):
    for url in (INDEX, HOTSPOTS):
        response = signed_in.get(url)
        assert response.status_code == 200
        page = parse(response.content)
        assert page.find("p", id="store-problem").text == "No police data has been imported yet."
        assert "import-police" not in page.find("main").text, url
    assert signed_in.get(HOTSPOTS, {"format": "csv"}).status_code == 404


def test_pages_when_the_store_is_busy_say_so(officer, plan, police_store, settings, tmp_path):
    busy = tmp_path / "busy.duckdb"
    busy.write_bytes(police_store.read_bytes())
    settings.OPENDATA_DUCKDB_PATH = busy
    with subprocess.Popen(  # another process writing, as an import would
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(60)", str(busy)],
        stdout=subprocess.PIPE, text=True,
    ) as holder:  # fmt: skip
        try:
            assert holder.stdout.readline().strip() == "ready"
            responses = [officer.get(INDEX), officer.get(HOTSPOTS)]
        finally:
            holder.kill()

    for response in responses:
        assert response.status_code == 200
        page = parse(response.content)
        assert page.find("p", id="store-problem").text == STORE_BUSY
        assert "import-police" not in page.find("main").text  # importing is what is running


# -- who, links, queries ----------------------------------------------------------------------


def test_police_data_pages_need_a_sign_in(client, plan):
    for url in (INDEX, HOTSPOTS):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_indicator_page_links_to_the_hotspots_of_its_measure(signed_in, plan, with_store):
    page = parse(signed_in.get("/indicators/ComS_001/").content)

    links = page.find("section", aria_labelledby="police-heading").find_all("a")
    assert {a.text: a.attrs["href"] for a in links} == {
        # Names and codes keep their case for screen readers ("Q4", not "q4").
        "Download CSV of All crime: Broxtowe and the other districts of Nottinghamshire, "
        "2025/26 Q4": "/indicators/ComS_001/?format=csv&table=police_benchmark",
        "Hotspots for All crime in Broxtowe: the streets with most recorded": (
            "/police-data/hotspots/?what=ComS_001"
        ),
        "The police data held, and how the plan’s measures are counted": "/police-data/",
    }


# Every query, whatever the plan's size: the session, the user, the plan, the organisation's crime
# measures and their types (one prefetch), the user's roles (the officer check, reused by the
# navigation), and on the police data page the default peer group. DuckDB reads are not counted.
MAX_QUERIES = {
    INDEX: 7,
    f"{INDEX}?format=csv&table=measures": 7,
    HOTSPOTS: 6,
    f"{HOTSPOTS}?by=lsoa&limit=50&what=Burglary&period=2026-02": 6,
    f"{HOTSPOTS}?format=csv": 6,
}


def test_police_data_query_counts_do_not_grow_with_the_plan(signed_in, db, with_store):
    def queries() -> dict[str, int]:
        return {url: page_queries(signed_in, url) for url in MAX_QUERIES}

    small = plan_create(scale=1)
    crime_measures_seed(organisation=small.organisation, by=None)
    before = queries()
    plan_create(scale=3)

    assert queries() == before == MAX_QUERIES


@pytest.mark.parametrize(
    "url", ["/police-data/", "/police-data/hotspots/", "/police-data/peer-group/"]
)
def test_police_data_pages_sit_in_the_indicators_section_of_the_menu(officer, plan, url):
    links = parse(officer.get(url).content.decode()).find("nav", aria_label="Menu").find_all("a")
    current = [
        (a.text.strip(), a.attrs["aria-current"]) for a in links if "aria-current" in a.attrs
    ]
    assert current == [("Indicators", "true")]
