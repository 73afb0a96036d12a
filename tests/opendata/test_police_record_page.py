"""The "Record figures from police data" page: a performance officer previews the figures the
police data gives for a period, then records them for approval through the value service.

On the synthetic store of ``tests.factories.police_store`` (Nottinghamshire and Derbyshire,
December 2025 to March 2026) and the seed plan, whose police measures are collected quarterly.
The ComS_011 figure is checked against the files read row by row with the ``csv`` module.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from civicplan.accounts.roles import Role
from civicplan.core.errors import ValueRejected
from civicplan.core.models import AuditEvent
from civicplan.core.periods import Period as CorePeriod
from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.selectors.series import plan_series, value_discrepancies
from civicplan.opendata.rules import Period
from civicplan.opendata.selectors.comparison import NO_DATA, STORE_BUSY
from civicplan.opendata.services import crime_measures_seed, derived_values_record_for_period
from civicplan.planio.workflows import plan_import_file
from tests.factories.plan_data import plan_create
from tests.factories.scenario import approved
from tests.factories.seed import SEED, SEED_AS_OF
from tests.factories.users import OWNER_POST, persona
from tests.opendata.conftest import read_rows
from tests.support.html import option_groups, parse, tables
from tests.support.queries import page_queries

PAGE = "/police-data/record/"
INDEX = "/police-data/"
ASB = "Anti-social behaviour"
Q4 = ("2026-01", "2026-02", "2026-03")
Q4_CAPTION = "Figures from police data for Broxtowe, 2025/26 Q4 (January to March 2026), by quarter"
HEADERS = [
    "Code",
    "Measure",
    "Period",
    "Derived value",
    "Months counted",
    "Every month held",
    "Collected",
    "Approved figure held",
]
# The six measures of the default mapping for Broxtowe, 2025/26 Q4 (the rows with a location
# in Broxtowe LSOAs of each type, in the three months' files).
Q4_ROWS = [
    ["ComS_001", "All crime", "2025/26 Q4", "299", "January to March 2026", "Complete",
     "Quarterly", "None"],
    ["ComS_007", "Burglary", "2025/26 Q4", "14", "January to March 2026", "Complete",
     "Quarterly", "None"],
    ["ComS_008", "Vehicle crime", "2025/26 Q4", "17", "January to March 2026", "Complete",
     "Quarterly", "None"],
    ["ComS_009", "Robbery", "2025/26 Q4", "4", "January to March 2026", "Complete",
     "Quarterly", "None"],
    ["ComS_010", "Violence", "2025/26 Q4", "128", "January to March 2026", "Complete",
     "Quarterly", "None"],
    ["ComS_011", "ASB incidents", "2025/26 Q4", "57", "January to March 2026", "Complete",
     "Quarterly", "None"],
]  # fmt: skip
Q4_LABELS = [f"ComS_0{n} 2025/26-Q4" for n in ("01", "07", "08", "09", "10", "11")]


@pytest.fixture
def plan(db):
    """The seed plan (it has all six police measures, collected quarterly)."""
    return plan_import_file(SEED, as_of=SEED_AS_OF).plan


@pytest.fixture
def officer_user(plan) -> Any:
    return persona("officer", Role.PERFORMANCE_OFFICER)


@pytest.fixture
def officer(client, officer_user):
    client.force_login(officer_user)
    return client


def _street_files(police_files: Path, months: tuple[str, ...]) -> list[Path]:
    return sorted(
        path
        for path in (police_files / "files").glob("*/*-street.csv")
        if path.parent.name in months
    )


def _asb_in_broxtowe(police_files: Path, months: tuple[str, ...]) -> Counter:
    """Broxtowe's ASB rows by file name, counted with the csv module."""
    return Counter(
        path.name
        for path in _street_files(police_files, months)
        for row in read_rows(path.read_bytes())
        if row["Crime type"] == ASB and row["LSOA name"].startswith("Broxtowe ")
    )


def _broxtowe_by_type(police_files: Path, months: tuple[str, ...]) -> Counter:
    """Rows in Broxtowe LSOAs by crime type, counted with the csv module."""
    return Counter(
        row["Crime type"]
        for path in _street_files(police_files, months)
        for row in read_rows(path.read_bytes())
        if row["LSOA name"].startswith("Broxtowe ")
    )


def _police_values():
    return IndicatorValue.objects.filter(source=ValueSource.POLICE)


def _outcome(page) -> dict[str, Any]:
    """The banner after recording: its title, heading and each list under its lead-in."""
    banner = page.find("div", id="record-outcome")
    lists = {
        banner.find("p", id=f"record-{key}-lead").text: [
            li.text for li in banner.find("ul", id=f"record-{key}").find_all("li")
        ]
        for key in ("recorded", "unchanged", "skipped")
        if banner.find_all("ul", id=f"record-{key}")
    }
    return {"title": banner.find("h2").text, "heading": banner.find("h3").text, "lists": lists}


def _buttons(page) -> list[str]:
    return [button.text for button in page.find("main").find_all("button")]


# -- the preview ------------------------------------------------------------------------------


def test_record_page_previews_the_latest_whole_quarter(officer, plan, with_store, police_files):
    asb = _asb_in_broxtowe(police_files, Q4)

    response = officer.get(PAGE)

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("h1").text == "Record figures from police data"
    table = tables(response.content)[Q4_CAPTION]
    assert table.headers == HEADERS
    assert table.rows == Q4_ROWS
    assert int(table.rows[5][3]) == sum(asb.values()) == 57
    by_type = _broxtowe_by_type(police_files, Q4)
    assert [int(row[3]) for row in table.rows] == [
        sum(n for crime_type, n in by_type.items() if crime_type != ASB),
        by_type["Burglary"],
        by_type["Vehicle crime"],
        by_type["Robbery"],
        by_type["Violence and sexual offences"],
        by_type[ASB],
    ]
    assert page.find("p", id="record-summary").text == (
        "6 figures from the police data for Broxtowe, 2025/26 Q4 (January to March 2026), "
        "by quarter."
    )
    form = page.find("form", id="record-form")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", PAGE)
    assert [b.text for b in form.find_all("button")] == ["Record these figures for approval"]
    fields = {i.attrs["name"]: i.attrs["value"] for i in form.find_all("input")}
    assert fields.pop("csrfmiddlewaretoken")
    assert fields == {"period": "2025/26-Q4", "grain": "quarter"}
    assert not _police_values().exists()  # a preview writes nothing


def test_record_page_offers_the_quarters_and_years_held(officer, plan, with_store):
    page = parse(officer.get(PAGE).content)

    groups = option_groups(page, "id_period")
    # The hotspots page's choices, without single months.
    assert groups == {
        "Quarters": [
            ("2025/26-Q4", "2025/26 Q4: January to March 2026"),
            ("2025/26-Q3", "2025/26 Q3: October to December 2025 (1 month held)"),
        ],
        "Financial years": [("2025/26", "2025/26: April 2025 to March 2026 (4 months held)")],
    }
    select = page.find("select", id="id_period")
    assert [o.attrs["value"] for o in select.find_all("option") if "selected" in o.attrs] == [
        "2025/26-Q4"
    ]
    grain = page.find_all("input", name="grain", type="radio")
    assert [(i.attrs["value"], "checked" in i.attrs) for i in grain] == [
        ("quarter", True),
        ("month", False),
        ("year", False),
    ]


def test_record_preview_of_a_year_by_quarter_says_which_months_are_missing(
    officer, plan, with_store
):
    response = officer.get(PAGE, {"period": "2025/26", "grain": "quarter"})

    caption = (
        "Figures from police data for Broxtowe, 2025/26 (April 2025 to March 2026), by quarter"
    )
    table = tables(response.content)[caption]
    coms_011 = [row for row in table.rows if row[0] == "ComS_011"]
    assert coms_011 == [
        ["ComS_011", "ASB incidents", "2025/26 Q1", "0", "None",
         "Months missing April to June 2025 not imported", "Quarterly", "None"],
        ["ComS_011", "ASB incidents", "2025/26 Q2", "0", "None",
         "Months missing July to September 2025 not imported", "Quarterly", "None"],
        ["ComS_011", "ASB incidents", "2025/26 Q3", "16", "December 2025",
         "Months missing October to November 2025 not imported", "Quarterly", "None"],
        ["ComS_011", "ASB incidents", "2025/26 Q4", "57", "January to March 2026", "Complete",
         "Quarterly", "None"],
    ]  # fmt: skip
    assert parse(response.content).find("p", id="record-summary").text == (
        "24 figures from the police data for Broxtowe, 2025/26 (April 2025 to March 2026), by "
        "quarter. 18 of them count a period with months not imported yet, so they will not be "
        "recorded."
    )


def test_record_preview_for_the_year_offers_no_button_for_quarterly_indicators(
    officer, plan, with_store
):
    response = officer.get(PAGE, {"period": "2025/26", "grain": "year"})

    page = parse(response.content)
    assert _buttons(page) == ["Show the figures"]
    assert page.find("p", id="record-nothing").text.startswith(
        "None of these figures can be recorded"
    )


def test_record_preview_downloads_as_csv(officer, plan, with_store):
    response = officer.get(PAGE, {"period": "2025/26-Q4", "grain": "quarter", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        'broxtowe-police-figures-2025-26-q4-by-quarter.csv"'
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(HEADERS)
    assert lines[6] == (
        "ComS_011,ASB incidents,2025/26-Q4,57,2026-01; 2026-02; 2026-03,complete,quarterly,"
    )


# -- recording --------------------------------------------------------------------------------


def test_recording_sends_each_figure_to_the_value_service_with_its_provenance(
    officer, officer_user, plan, with_store, police_files
):
    asb = _asb_in_broxtowe(police_files, Q4)
    files = {p.name: p for p in _street_files(police_files, Q4)}

    response = officer.post(PAGE, {"period": "2025/26-Q4", "grain": "quarter"})

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?period=2025%2F26-Q4&grain=quarter"
    rows = _police_values()
    assert rows.count() == 6
    assert set(rows.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}
    asb_row = rows.get(indicator__code="ComS_011", fy="2025/26", period_number=4)
    assert asb_row.value == Decimal(sum(asb.values())) == Decimal(57)
    assert asb_row.entered_by == officer_user
    provenance = asb_row.provenance
    assert provenance["rows_counted"] == 57
    assert provenance["area"] == "Broxtowe"
    assert provenance["crime_types"] == [ASB]
    assert provenance["months"] == list(Q4)
    assert provenance["months_missing"] == []
    assert provenance["files"] == [
        {
            "name": name,
            "sha256": hashlib.sha256(files[name].read_bytes()).hexdigest(),
            "rows": n,
        }
        for name, n in sorted(asb.items())
    ]
    assert [f["name"] for f in provenance["files"]] == [
        "2026-01-nottinghamshire-street.csv",
        "2026-02-nottinghamshire-street.csv",
        "2026-03-nottinghamshire-street.csv",
    ]
    # The value service wrote the audit trail, one event a figure, by the officer.
    events = AuditEvent.objects.filter(action="value.submit")
    assert events.count() == 6
    assert {e.actor_id for e in events} == {officer_user.pk}

    page = parse(officer.get(response["Location"]).content)
    assert _outcome(page) == {
        "title": "Success",
        "heading": "6 figures recorded for approval",
        "lists": {
            "Recorded for approval, each beside any figure already approved:": Q4_LABELS,
        },
    }
    links = {a.text: a.attrs["href"] for a in page.find("div", id="record-outcome").find_all("a")}
    assert links == {"Approve or return them on the approvals page": "/approvals/?period="}
    # The banner is shown once.
    assert (
        parse(officer.get(response["Location"]).content).find_all("div", id="record-outcome") == []
    )


def test_recording_twice_records_nothing_new(officer, plan, with_store):
    officer.post(PAGE, {"period": "2025/26-Q4", "grain": "quarter"})
    officer.get(PAGE)  # the first banner
    before = (_police_values().count(), AuditEvent.objects.count())

    response = officer.post(PAGE, {"period": "2025/26-Q4", "grain": "quarter"}, follow=True)

    assert (_police_values().count(), AuditEvent.objects.count()) == before == (6, before[1])
    assert _outcome(parse(response.content)) == {
        "title": "Important",
        "heading": "No new figures recorded",
        "lists": {"Unchanged: recorded before with the same value:": Q4_LABELS},
    }


def test_recording_a_year_by_quarter_records_the_whole_quarter_and_says_why_not_the_rest(
    officer, plan, with_store
):
    response = officer.post(PAGE, {"period": "2025/26", "grain": "quarter"}, follow=True)

    outcome = _outcome(parse(response.content))
    assert outcome["heading"] == "6 figures recorded for approval"
    skipped = outcome["lists"]["Not recorded:"]
    assert len(skipped) == 18
    assert [line for line in skipped if line.startswith("ComS_011")] == [
        "ComS_011 2025/26-Q1: months not loaded yet (2025-04, 2025-05, 2025-06)",
        "ComS_011 2025/26-Q2: months not loaded yet (2025-07, 2025-08, 2025-09)",
        "ComS_011 2025/26-Q3: months not loaded yet (2025-10, 2025-11)",
    ]
    assert set(_police_values().values_list("period_number", flat=True)) == {4}


def test_recording_by_month_skips_quarterly_indicators_and_says_why(officer, plan, with_store):
    response = officer.post(PAGE, {"period": "2025/26-Q4", "grain": "month"}, follow=True)

    outcome = _outcome(parse(response.content))
    assert outcome["heading"] == "No new figures recorded"
    skipped = outcome["lists"]["Not recorded:"]
    assert len(skipped) == 18
    assert skipped[-1] == (
        "ComS_011 2026-03: ComS_011 is collected quarterly, so a value is for a quarter, "
        "not March 2026"
    )
    assert not _police_values().exists()


def test_an_owners_approved_figure_stays_approved_and_the_derived_one_waits_beside_it(
    officer, officer_user, plan, with_store
):
    owner = persona("owner", Role.INDICATOR_OWNER, OWNER_POST)
    approved(
        plan, "ComS_011", "2025/26-Q4", 60, by=owner, officer=officer_user,
        commentary="From the police performance pack",
    )  # fmt: skip
    q4 = CorePeriod.parse("2025/26-Q4")

    preview = tables(officer.get(PAGE).content)[Q4_CAPTION]
    assert preview.rows[5][3:] == ["57", "January to March 2026", "Complete", "Quarterly", "60"]
    officer.post(PAGE, {"period": "2025/26-Q4", "grain": "quarter"})

    [discrepancy] = value_discrepancies(plan, period=q4)
    assert discrepancy.indicator.code == "ComS_011"
    assert (discrepancy.approved.value, discrepancy.derived.value) == (60, 57)
    assert discrepancy.difference == -3
    assert discrepancy.approved.status == ValueStatus.APPROVED
    assert discrepancy.approved.source == ValueSource.OWNER
    assert discrepancy.derived.status == ValueStatus.SUBMITTED
    assert discrepancy.derived.source == ValueSource.POLICE
    _, series = plan_series(plan)
    assert series["ComS_011"].values[q4] == 60  # the approved figure still stands


# -- bad input, who may, no store -------------------------------------------------------------

PERIOD_ERROR = (
    "#id_period",
    "Choose a period from the list: a quarter or a financial year of the police data held",
)
GRAIN_ERROR = ("#id_grain", "Choose each quarter, each month or the whole financial year")


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"period": "2019/20-Q1", "grain": "quarter"}, [PERIOD_ERROR]),
        ({"period": "2026-01", "grain": "month"}, [PERIOD_ERROR]),  # a month is not offered
        ({"period": "2025/26-Q4", "grain": "decade"}, [GRAIN_ERROR]),
        (
            {"period": "2025/26-Q4", "grain": "year"},
            [
                (
                    "#id_grain",
                    "2025/26 Q4 is a quarter: record a figure for the quarter or for each month",
                )
            ],
        ),
        (
            {"period": "'; DROP TABLE street_crime; --", "grain": "fortnight"},
            [PERIOD_ERROR, GRAIN_ERROR],
        ),
        ({}, [("#id_period", "Choose a period"), GRAIN_ERROR]),
    ],
)
def test_forged_input_shows_an_error_summary_and_records_nothing(
    officer, plan, with_store, data, errors
):
    responses = {"post": officer.post(PAGE, data)}
    if data:
        responses["get"] = officer.get(PAGE, data)

    for method, response in responses.items():
        assert response.status_code == 200, method
        page = parse(response.content)
        summary = page.find("div", class_="govuk-error-summary")
        assert [(a.attrs["href"], a.text) for a in summary.find_all("a")] == errors, method
        assert page.find("title").text.startswith("Error: Record figures from police data")
        assert page.find_all("table") == []
        assert _buttons(page) == ["Show the figures"]
    assert not IndicatorValue.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="value.").exists()


@pytest.mark.parametrize("who", ["viewer", "owner"])
def test_record_page_is_refused_to_anyone_but_a_performance_officer(client, plan, with_store, who):
    if who == "viewer":
        client.force_login(persona("councillor", Role.VIEWER))
    else:
        client.force_login(persona("owner", Role.INDICATOR_OWNER, OWNER_POST))

    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE, {"period": "2025/26-Q4", "grain": "quarter"}).status_code == 403
    assert client.post(PAGE, {"period": "2025/26-Q4", "grain": "quarter"}).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_the_service_is_refused_to_an_owner_and_checks_the_grain(plan, with_store):
    owner = persona("owner", Role.INDICATOR_OWNER, OWNER_POST)
    officer = persona("officer", Role.PERFORMANCE_OFFICER)
    q4 = Period.parse("2025/26-Q4")

    with pytest.raises(PermissionDenied):
        derived_values_record_for_period(plan=plan, period=q4, grain="quarter", by=owner)
    with pytest.raises(ValueRejected) as rejected:
        derived_values_record_for_period(plan=plan, period=q4, grain="year", by=officer)
    assert rejected.value.field == "grain"
    assert not IndicatorValue.objects.exists()


def test_record_page_needs_a_sign_in(client, plan):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_record_page_without_a_store_says_so_and_records_nothing(officer, plan, no_store):
    for response in (
        officer.get(PAGE),
        officer.post(PAGE, {"period": "2025/26-Q4", "grain": "quarter"}),
    ):
        assert response.status_code == 200
        page = parse(response.content)
        assert page.find("p", id="store-problem").text == NO_DATA
        assert [c.text for c in page.find("main").find_all("code")] == [
            "civicplan opendata import-police PATH…"
        ]
        assert page.find_all("form", id="record-form") == []
        assert _buttons(page) == []
    assert not IndicatorValue.objects.exists()
    with pytest.raises(ValueRejected, match=NO_DATA):
        derived_values_record_for_period(
            plan=plan, period=Period.parse("2025/26-Q4"), grain="quarter",
            by=persona("officer2", Role.PERFORMANCE_OFFICER),
        )  # fmt: skip


def test_record_page_when_the_store_is_busy_says_so(
    officer, plan, police_store, settings, tmp_path
):
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
            responses = [
                officer.get(PAGE),
                officer.post(PAGE, {"period": "2025/26-Q4", "grain": "quarter"}),
            ]
        finally:
            holder.kill()

    for response in responses:
        assert response.status_code == 200
        page = parse(response.content)
        assert page.find("p", id="store-problem").text == STORE_BUSY
        assert "import-police" not in page.find("main").text
    assert not IndicatorValue.objects.exists()


def test_police_data_page_links_here_for_performance_officers_only(
    client, officer, plan, with_store
):
    link = "Record figures from police data"
    links = {a.text: a.attrs["href"] for a in parse(officer.get(INDEX).content).find_all("a")}
    assert links[link] == PAGE

    client.logout()
    client.force_login(persona("councillor", Role.VIEWER))
    assert link not in parse(client.get(INDEX).content).text


# -- queries ----------------------------------------------------------------------------------

# The session, the user, the plan, the user's roles (the officer check, reused by the
# navigation), the organisation's crime measures and their types (one prefetch), the plan's
# indicators with their approved figures (``monitoring.plan_series``: six) and, on the page but
# not in its CSV, the navigation's "Needs attention" count (two). DuckDB reads are not counted.
MAX_QUERIES = {
    PAGE: 14,
    f"{PAGE}?period=2025/26&grain=quarter": 14,
    f"{PAGE}?period=2025/26-Q4&grain=month&format=csv": 12,
}


def test_record_page_query_counts_do_not_grow_with_the_plan(client, db, with_store):
    client.force_login(persona("officer", Role.PERFORMANCE_OFFICER))

    def queries() -> dict[str, int]:
        return {url: page_queries(client, url) for url in MAX_QUERIES}

    small = plan_create(scale=1)
    crime_measures_seed(organisation=small.organisation, by=None)
    before = queries()
    plan_create(scale=3)

    assert queries() == before == MAX_QUERIES
