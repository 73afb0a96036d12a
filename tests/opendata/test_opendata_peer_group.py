"""Peer groups: the service (validation, permission, audit), the officer's page, the shared
``police_comparison`` selector, ``benchmark`` using the default group, and the benchmark chart."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from civicplan.accounts.roles import Role
from civicplan.core.errors import ValueRejected
from civicplan.core.models import AuditEvent
from civicplan.opendata.charts import benchmark_chart
from civicplan.opendata.models import PeerGroup
from civicplan.opendata.rules import Period
from civicplan.opendata.selectors.comparison import council_area, police_comparison
from civicplan.opendata.services import peer_group_save
from tests.factories.plan_data import plan_create
from tests.factories.police_store import police_store_build
from tests.factories.users import persona
from tests.support.html import parse

pytestmark = pytest.mark.django_db

Q4 = Period.parse("2025/26-Q4")
NO_SUCH = (
    "No LSOAs of 'Gedlin' in the police data store. Did you mean Gedling? A district is named "
    "by its LSOA-name prefix ('Broxtowe' for 'Broxtowe 003C') or by the ONS lookup loaded."
)


@pytest.fixture(scope="module")
def police_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return police_store_build(tmp_path_factory.mktemp("peer-store"))


@pytest.fixture
def with_store(settings, police_store: Path) -> Path:
    settings.OPENDATA_DUCKDB_PATH = police_store
    return police_store


@pytest.fixture
def plan():
    return plan_create()


@pytest.fixture
def officer():
    return persona("officer", Role.PERFORMANCE_OFFICER)


def _save(plan, officer, districts: str, **kwargs):
    return peer_group_save(
        organisation=plan.organisation, name=kwargs.pop("name", "Nearest neighbours"),
        districts=districts, by=officer, **kwargs,
    )  # fmt: skip


# -- the service --------------------------------------------------------------------------------


def test_peer_group_save_trims_names_uses_store_spelling_and_audits(plan, officer, with_store):
    group = _save(plan, officer, "  gedling \n\n Newark   and Sherwood\nRushcliffe  \n")

    assert group.district_list() == ["Gedling", "Newark and Sherwood", "Rushcliffe"]
    assert group.is_default
    event = AuditEvent.objects.get(action="peer_group.save")
    assert event.actor == officer
    assert event.object_id == str(group.pk)
    assert event.before is None
    assert event.after == {
        "name": "Nearest neighbours",
        "districts": ["Gedling", "Newark and Sherwood", "Rushcliffe"],
        "is_default": True,
    }


def test_peer_group_save_updates_the_group_and_audits_before_and_after(plan, officer, with_store):
    first = _save(plan, officer, "Gedling")
    second = _save(plan, officer, "Gedling\nAshfield", name="CIPFA neighbours")

    assert second.pk == first.pk
    assert PeerGroup.objects.count() == 1
    event = AuditEvent.objects.filter(action="peer_group.save").first()
    assert event.before == {"name": "Nearest neighbours", "districts": ["Gedling"],
                            "is_default": True}  # fmt: skip
    assert event.after["districts"] == ["Gedling", "Ashfield"]


def test_peer_group_save_unchanged_writes_no_audit_event(plan, officer, with_store):
    _save(plan, officer, "Gedling\nAshfield")
    _save(plan, officer, "gedling\nAshfield ")

    assert AuditEvent.objects.filter(action="peer_group.save").count() == 1


@pytest.mark.parametrize(
    ("districts", "message"),
    [
        ("", "Enter the districts to compare with, one a line"),
        ("  \n \n", "Enter the districts to compare with, one a line"),
        ("Gedling\nAshfield\ngedling ", "Gedling is listed twice: list each district once"),
        ("Gedling\nAshfield\nGedling\nAshfield", "Gedling, Ashfield are listed twice: list each "
         "district once"),
        ("Gedling\nGedlin", NO_SUCH),
        ("Gedlin\nAshfeld\nRushcliffe", "The police data has no LSOAs of 'Gedlin', 'Ashfeld'. "
         "Check the spelling: a district is named as police.uk names it, such as 'Broxtowe' for "
         "'Broxtowe 003C'."),
    ],
)  # fmt: skip
def test_peer_group_save_refuses_bad_lists(plan, officer, with_store, districts, message):
    with pytest.raises(ValueRejected) as refused:
        _save(plan, officer, districts)

    assert str(refused.value) == message
    assert refused.value.field == "districts"
    assert not PeerGroup.objects.exists()
    assert not AuditEvent.objects.filter(action="peer_group.save").exists()


def test_peer_group_save_refuses_an_empty_name(plan, officer):
    with pytest.raises(ValueRejected, match="Enter a name for the peer group"):
        _save(plan, officer, "Gedling", name="   ")


def test_peer_group_save_without_a_store_keeps_names_as_typed(plan, officer):
    group = _save(plan, officer, "Gedlin\nAshfield")

    assert group.district_list() == ["Gedlin", "Ashfield"]


@pytest.mark.parametrize("role", [None, Role.INDICATOR_OWNER, Role.VIEWER])
def test_peer_group_save_is_refused_to_anyone_but_a_performance_officer(plan, role):
    someone = persona("someone", role)

    with pytest.raises(PermissionDenied, match="Only a performance officer can change the peer"):
        _save(plan, someone, "Gedling")
    assert not PeerGroup.objects.exists()


# -- the page -----------------------------------------------------------------------------------

PAGE = "/police-data/peer-group/"


def test_peer_group_page_is_refused_to_a_viewer(client, plan):
    client.force_login(persona("viewer", Role.VIEWER))

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "X", "districts": "Gedling"}).status_code == 403
    assert not PeerGroup.objects.exists()


def test_peer_group_page_shows_the_error_summary_naming_the_unknown_district(
    client, plan, officer, with_store
):
    client.force_login(officer)

    response = client.post(
        PAGE, {"name": "Nearest neighbours", "districts": "Gedling\nGedlin", "is_default": "on"}
    )

    page = parse(response.content)
    summary = page.find("div", class_="govuk-error-summary")
    assert [a.text for a in summary.find_all("a")] == [NO_SUCH]
    assert summary.find("a").attrs["href"] == "#id_districts"
    assert page.find("p", id="id_districts-error").text == f"Error: {NO_SUCH}"
    assert page.find("textarea", id="id_districts").text == "Gedling\nGedlin".replace("\n", " ")
    assert "Gedling" in page.find("details", class_="govuk-details").text  # the names held


def test_peer_group_page_saves_and_the_indicator_page_uses_the_group(
    client, plan, officer, with_store
):
    client.force_login(officer)
    form = parse(client.get(PAGE).content)
    assert form.find("label", for_="id_districts").text == "Districts to compare with"

    response = client.post(
        PAGE, {"name": "Nearest neighbours", "districts": "Gedling\nRushcliffe", "is_default": "on"}
    )

    assert response.status_code == 302
    assert PeerGroup.objects.get().district_list() == ["Gedling", "Rushcliffe"]
    found = police_comparison(plan, "ComS_011", Q4)
    assert found.peer_group == "Nearest neighbours"
    assert [r.district for r in found.benchmark.rows] == ["Gedling", "Broxtowe", "Rushcliffe"]


# -- the shared selector ------------------------------------------------------------------------


def test_police_comparison_is_none_for_an_indicator_not_from_police_data(plan):
    assert police_comparison(plan, "ComS_024", Q4) is None


def test_police_comparison_for_a_quarter_held(plan, with_store):
    found = police_comparison(plan, "ComS_011", Q4)

    assert found.problem is None
    assert found.area == "Broxtowe"
    assert found.period == Q4
    assert found.caveats[0].startswith("Each anti-social behaviour row is one incident")
    assert found.benchmark.group == "districts of Nottinghamshire"
    assert found.benchmark.ranked_by == "rate"
    mine = next(r for r in found.benchmark.rows if r.is_area)
    assert (mine.rank, mine.count, mine.population) == (6, 57, 110_000)


def test_police_comparison_latest_whole_quarter_when_no_period_is_given(plan, with_store):
    # December 2025 to March 2026 are held: 2025/26 Q3 is not whole, Q4 is.
    assert police_comparison(plan, "ComS_001", None).period == Q4


@pytest.mark.parametrize(
    ("period", "problem"),
    [
        ("2026/27-Q2", "No police data for Broxtowe in 2026/27 Q2: import those months first."),
        ("2025/26-Q3", "The police data for Broxtowe in 2025/26 Q3 is incomplete: October 2025, "
         "November 2025 are not imported yet."),
        ("2025/26", "The police data for Broxtowe in 2025/26 is incomplete: April 2025, May 2025, "
         "June 2025, July 2025, August 2025, September 2025, October 2025, November 2025 are not "
         "imported yet."),
    ],
)  # fmt: skip
def test_police_comparison_says_which_months_are_missing(plan, with_store, period, problem):
    found = police_comparison(plan, "ComS_011", Period.parse(period))

    assert found.benchmark is None
    assert found.problem == problem
    assert found.fix_command == "civicplan opendata import-police PATH…"


def test_police_comparison_without_a_store(plan, tmp_path):
    found = police_comparison(plan, "ComS_011", Q4, store_path=tmp_path / "none.duckdb")

    assert found.problem == "No police data has been imported yet."
    assert found.caveats == found.measure.caveats()


def test_police_comparison_when_the_store_is_busy(plan, police_store, tmp_path):
    busy = tmp_path / "busy.duckdb"
    busy.write_bytes(police_store.read_bytes())
    with subprocess.Popen(  # another process writing, as an import would
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(60)", str(busy)],
        stdout=subprocess.PIPE, text=True,
    ) as holder:  # fmt: skip
        try:
            assert holder.stdout.readline().strip() == "ready"
            found = police_comparison(plan, "ComS_011", Q4, store_path=busy)
        finally:
            holder.kill()

    assert found.problem.startswith("The police data store is busy (an import is running)")
    assert found.fix_command == ""


def test_police_comparison_names_an_unknown_peer_district(plan, with_store):
    PeerGroup.objects.create(organisation=plan.organisation, name="Old list",
                             districts="Gedling\nNowhere", is_default=True)  # fmt: skip

    found = police_comparison(plan, "ComS_011", Q4)

    assert found.benchmark is None
    assert found.problem.startswith("No LSOAs of 'Nowhere' in the police data store.")


def test_council_area_prefers_the_environment(plan, monkeypatch):
    assert council_area(plan.organisation) == "Broxtowe"
    monkeypatch.setenv("CIVICPLAN_AREA", "Gedling")
    assert council_area(plan.organisation) == "Gedling"
    assert council_area(plan.organisation, "Ashfield") == "Ashfield"


# -- the command --------------------------------------------------------------------------------


def _benchmark(*args: str) -> str:
    out = StringIO()
    call_command("opendata", "benchmark", "--measure", "ComS_011", "--period", "2025/26-Q4",
                 *args, stdout=out)  # fmt: skip
    return out.getvalue()


def test_benchmark_command_uses_the_default_peer_group_unless_told(plan, with_store):
    PeerGroup.objects.create(organisation=plan.organisation, name="Peers",
                             districts="Gedling\nRushcliffe", is_default=True)  # fmt: skip

    grouped = _benchmark()
    forced = _benchmark("--force-districts")

    assert "Broxtowe beside the peer group (2 besides Broxtowe), ranked by rate" in grouped
    assert "Ashfield" not in grouped
    assert "Broxtowe beside the districts of Nottinghamshire, ranked by rate" in forced
    assert "Ashfield" in forced


# -- the chart ----------------------------------------------------------------------------------


def test_benchmark_chart_is_accessible_svg_and_png(plan, with_store):
    result = police_comparison(plan, "ComS_011", Q4).benchmark

    chart = benchmark_chart(result, "ComS_011: ASB incidents")

    assert chart.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="benchmark-coms-011-2025-26-q4-title"' in chart.svg
    assert '<title id="benchmark-coms-011-2025-26-q4-title">ComS_011: ASB incidents</title>' in (
        chart.svg
    )
    assert "Broxtowe ranks 6 of 8 with 0.52." in chart.alt
    assert "Broxtowe (this council)" in chart.svg
    assert chart.rows[5] == ("6", "Broxtowe (this council)", "57", "110,000", "0.52")
    assert chart.png.startswith(b"\x89PNG")
    assert benchmark_chart(result, "ComS_011: ASB incidents").svg == chart.svg  # reproducible
    assert dt.date(2026, 1, 1) == result.period.first


def test_benchmark_chart_axis_fits_rates_under_one_per_thousand(plan, with_store):
    result = police_comparison(plan, "ComS_011", Q4).benchmark
    top = max(r.rate for r in result.rows)
    assert top < 1

    [axes] = benchmark_chart(result, "ComS_011: ASB incidents")._figure().axes

    assert axes.get_xlim() == pytest.approx((0, top * 1.15))


def test_peer_group_admin_lists_and_opens_a_group(client, plan):
    from django.contrib.auth import get_user_model

    group = PeerGroup.objects.create(organisation=plan.organisation, name="Peers",
                                     districts="Gedling", is_default=True)  # fmt: skip
    client.force_login(get_user_model().objects.create_superuser("admin", password="x" * 20))

    assert client.get("/admin/opendata/peergroup/?q=Gedling").status_code == 200
    assert client.get(f"/admin/opendata/peergroup/{group.pk}/change/").status_code == 200
