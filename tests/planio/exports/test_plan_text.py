"""The plan document's text layout: generated from the database, read back by the importer."""

from __future__ import annotations

import datetime as dt

import pytest

from civicplan.planio.importer import parse_plan_text
from civicplan.planio.plan_document import build_plan_document
from civicplan.planio.plan_json import plan_export
from civicplan.planio.render_text import render_text
from civicplan.planio.workflows import plan_import_file
from tests.planio.exports.report_helpers import AS_OF, SEED, empty_database, load_variants

variants = load_variants()
SPECS = {
    "housing": dict(seed=1, priority="Housing", prefix="HOU", start=2027, targets=2, future=True),
    "environment": dict(
        seed=2, priority="Environment", prefix="Env", start=2025, targets=1, future=True
    ),
    "health": dict(seed=3, priority="Health", prefix="HLT", start=2030),
    "business": dict(seed=4, priority="Business Growth", prefix="BG", start=2026),
    "all_years_named": dict(seed=5, priority="Leisure", prefix="LEI", start=2028, targets=4),
}
LAYOUTS = {
    "plain": variants.Layout(),
    "everything": variants.Layout(break_every=2, crlf=True, shuffle=11, blank_lines=2),
}


def _without_findings(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "findings"}


def _text(data: dict, **options) -> str:
    return render_text(build_plan_document(data), **options)


@pytest.fixture(scope="module")
def seed_data() -> dict:
    return parse_plan_text(SEED.read_text(encoding="utf-8"), as_of=AS_OF)


@pytest.mark.django_db
def test_plan_text_round_trip_through_an_empty_database(tmp_path):
    first = plan_export(plan_import_file(SEED, as_of=AS_OF).plan)
    path = tmp_path / "plan.txt"
    path.write_text(_text(first), encoding="utf-8")
    empty_database()

    second = plan_export(plan_import_file(path, as_of=AS_OF).plan)

    assert _without_findings(second) == _without_findings(first)


def test_plan_text_round_trip_of_the_importers_own_json(seed_data):
    again = parse_plan_text(_text(seed_data), as_of=AS_OF)

    assert _without_findings(again) == _without_findings(seed_data)


@pytest.mark.parametrize("layout", list(LAYOUTS), ids=list(LAYOUTS))
@pytest.mark.parametrize("name", list(SPECS))
def test_plan_text_round_trip_of_unseen_plans_of_the_family(name, layout):
    spec = variants.make_spec(**SPECS[name])
    as_of = dt.date(spec.start, 4, 1)
    source = parse_plan_text(variants.render(spec, LAYOUTS[layout]), as_of=as_of)

    again = parse_plan_text(_text(source), as_of=as_of)

    assert _without_findings(again) == _without_findings(source)


def test_plan_text_prints_figures_as_the_plan_does(seed_data):
    text = _text(seed_data)

    assert "All crime (ComS_001)\t7,162\t7,123\t6,869\t" in text
    assert "(ComS_24)\t37%\t24%\t27%\t24%\t22%\t20%\tHead of Communities" in text
    assert "\t21 85%\t50 100%\t28 94%\t50 100%\t50 100%\t50 100%\t" in text
    assert "Reduction in ASB cases relating to subjects of PSPO's\tCOMS2629_07\t(20,000)" in text
    assert "Review ASB Policy (including ASB action plan) BCRPASB_29\t" in text
    assert "Communities and Crime Manager March 2028\t" in text
    assert "COMS2629_06 (New)\t" in text
    assert "(ComS_102) (New)\t" in text
    assert "\tUpdated annually\t" in text
    assert "\t2024 due Summer 2025 – awaited\tHome Office" in text
    assert '<ul style="list-style-type: none"> • Lean and fit' in text
    assert "Target 2025/26\tTarget 2026/27\tFuture Years\tIndicator Owner" in text


def test_plan_text_repeats_table_headers_at_page_breaks(seed_data):
    header = "Action\tTargeted Outcome\tPartnership / Procurement Arrangement"

    every_five = _text(seed_data, page_rows=5).count(header)
    never = _text(seed_data, page_rows=0).count(header)

    assert never == 1
    assert every_five == 5  # 24 key tasks: a header before rows 1, 6, 11, 16 and 21


def test_plan_text_is_the_same_for_the_same_plan(seed_data):
    assert _text(seed_data) == _text(seed_data)
