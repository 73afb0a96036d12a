"""Plans of the seed's family the importer has never seen: other councils, priorities, years and
code prefixes, tables broken at other rows, CRLF, rows reordered, extra blank lines."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicplan.core.fy import FinancialYear
from civicplan.planio.importer import parse_plan_text
from tests.planio.importer.plan_variants import Layout, Spec, make_spec, render

SPECS = {
    "housing": dict(seed=1, priority="Housing", prefix="HOU", start=2027, targets=2, future=True),
    "environment": dict(
        seed=2, priority="Environment", prefix="Env", start=2025, targets=1, future=True
    ),
    "health": dict(seed=3, priority="Health", prefix="HLT", start=2030),
    "business": dict(seed=4, priority="Business Growth", prefix="BG", start=2026),
}
LAYOUTS = {
    "plain": Layout(),
    "breaks_every_row": Layout(break_every=1),
    "breaks_every_3_crlf": Layout(break_every=3, crlf=True),
    "shuffled_blank_lines": Layout(shuffle=7, blank_lines=3),
    "everything": Layout(break_every=2, crlf=True, shuffle=11, blank_lines=2),
}


def _read(spec: Spec, layout: Layout) -> dict:
    return parse_plan_text(render(spec, layout), as_of=dt.date(spec.start, 4, 1))


@pytest.fixture(scope="module", params=list(SPECS))
def spec(request) -> Spec:
    return make_spec(**SPECS[request.param])


@pytest.mark.parametrize("layout", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_variant_counts(spec, layout):
    data = _read(spec, layout)
    frameworks = Counter(row["framework"] for row in data["measure_rows"])
    assert data["plan"]["priority"] == spec.priority
    assert data["plan"]["organisation"] == spec.organisation
    assert data["plan"]["period"] == {"first_year": spec.years[0], "last_year": spec.years[-1]}
    assert [o["code"] for o in data["objectives"]] == [code for code, _, _ in spec.objectives]
    assert sum(len(o["service_objectives"]) for o in data["objectives"]) == sum(
        len(texts) for _, _, depts in spec.objectives for _, texts in depts
    )
    assert len(data["policies"]) == len(spec.policies)
    assert frameworks == {
        "service_data": sum(len(m) for m in spec.service_data.values()) + 2,
        "csi": sum(len(m) for m in spec.csi.values()),
        "kpi": len(spec.kpi),
        "mpi": len(spec.mpi) + 1,
    }
    assert len(data["actions"]) == len(spec.actions)
    assert len(data["budget_lines"]) == len(spec.budget)
    assert len(data["risks"]["key_tasks"]) == len(spec.key_tasks)
    assert [r["number"] for r in data["risks"]["register"]] == [n for n, _ in spec.register]


@pytest.mark.parametrize("layout", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_variant_indicator_values(spec, layout):
    indicators = {ind["code"]: ind for ind in _read(spec, layout)["indicators"]}
    for section, measures in spec.service_data.items():
        for m in measures:
            ind = indicators[m.code]
            assert ind["actuals"] == m.actuals
            assert ind["section"] == section
            assert ind["unit"] == ("percent" if m.percent else "count")
    for objective, measures in spec.csi.items():
        for m in measures:
            ind = indicators[m.code]
            assert ind["targets"] == spec.targets(m)
            assert ind["objective"] == objective
            assert "csi" in ind["frameworks"]
            assert ind["aliases"] == ([m.printed] if m.printed and m.printed != m.code else [])
    for framework, measures in (("kpi", spec.kpi), ("mpi", spec.mpi)):
        for m in measures:
            ind = indicators[m.code]
            assert ind["frameworks"] == [framework]
            assert (ind["actuals"], ind["targets"]) == (m.actuals, spec.targets(m))
            assert ind["owners"] == [m.owner]
            assert ind["comments"] == (m.comment or None)
            assert ind["unit"] == ("percent" if m.percent else "count")


def test_variant_future_years_fill_to_the_last_year(spec):
    data = _read(spec, Layout())
    measure = next(iter(spec.csi.values()))[0]
    targets = next(i for i in data["indicators"] if i["code"] == measure.code)["targets"]
    if spec.future:
        assert max(targets) == spec.years[-1]
    assert list(targets) == sorted(targets)


def test_variant_paired_cell_gives_each_code_its_figures(spec):
    indicators = {ind["code"]: ind for ind in _read(spec, Layout(break_every=2))["indicators"]}
    for measure in spec.paired:
        ind = indicators[measure.code]
        assert (ind["actuals"], ind["targets"]) == (measure.actuals, spec.targets(measure))
        assert ind["unit"] == ("percent" if measure.percent else "count")


def test_variant_coded_lead_takes_the_values_of_its_list(spec):
    data = _read(spec, Layout(shuffle=2))
    top, bands = spec.lead_list
    row = next(r for r in data["measure_rows"] if top.code in r["codes"])
    assert row["value_codes"] == [top.code]
    assert row["codes"] == [top.code, *[band.code for band in bands]]
    indicators = {ind["code"]: ind for ind in data["indicators"]}
    assert indicators[top.code]["actuals"] == top.actuals
    assert [indicators[band.code]["parent"] for band in bands] == [top.code] * len(bands)


def test_variant_sub_measures_are_left_unassigned(spec):
    data = _read(spec, Layout(shuffle=5))
    lead, subs, values = spec.list_row
    row = next(r for r in data["measure_rows"] if subs[0].code in r["codes"])
    assert row["value_codes"] == []
    assert list(row["unassigned"]["actuals"].values()) == values
    indicators = {ind["code"]: ind for ind in data["indicators"]}
    for sub in subs:
        assert indicators[sub.code]["parent"] == sub.parent
        assert indicators[sub.code]["title"].startswith(lead.rstrip(":"))


@pytest.mark.parametrize("layout", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_variant_actions_budget_and_risks(spec, layout):
    data = _read(spec, layout)
    actions = {a["code"]: a for a in data["actions"]}
    for a in spec.actions:
        got = actions[a.code]
        month = list(calendar.month_name).index(a.month)
        due = dt.date(a.year, month, calendar.monthrange(a.year, month)[1])
        assert (got["title"], got["new"]) == (a.title, a.new)
        assert got["target_date"] == due.isoformat()
        assert got["officers"] == a.officers
        assert got["partners"] == a.partners
    budget = [
        (b["kind"], b["description"], b["action"], list(b["amounts"].values()))
        for b in data["budget_lines"]
    ]
    expected = [(k, d, a, amounts) for k, d, a, amounts in spec.budget]
    assert sorted(budget) == sorted(expected)
    tasks = {t["task"]: t for t in data["risks"]["key_tasks"]}
    for task, codes, risks in spec.key_tasks:
        assert (tasks[task]["actions"], tasks[task]["register_risks"]) == (codes, risks)


@pytest.mark.parametrize("layout", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_variant_findings_are_only_the_real_ones(spec, layout):
    data = _read(spec, layout)
    kinds = Counter(f["kind"] for f in data["findings"])
    start = FinancialYear(spec.start).first_day
    early = sum(
        dt.date(a.year, list(calendar.month_name).index(a.month), 1) < start for a in spec.actions
    )
    shared = next(m for m in spec.csi[spec.objectives[0][0]] if m.printed)
    expected = {"several_measures_one_value": 2, "task_due_before_plan": early}
    if shared.printed != shared.code:
        expected["code_written_differently"] = 1
    assert kinds == {kind: n for kind, n in expected.items() if n}


def test_variant_same_plan_whatever_the_layout(spec):
    """Breaks, CRLF and blank lines change nothing but the line numbers."""
    plain = _read(spec, Layout())
    broken = _read(spec, Layout(break_every=1, crlf=True, blank_lines=3))
    for key in (
        "plan",
        "objectives",
        "policies",
        "indicators",
        "measure_rows",
        "actions",
        "budget_lines",
        "risks",
    ):
        assert plain[key] == broken[key]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    start=st.integers(2020, 2040),
    prefix=st.sampled_from(["HOU", "Env", "ComS", "LEI", "Pk"]),
    layout=st.builds(
        Layout,
        break_every=st.integers(0, 4),
        crlf=st.booleans(),
        shuffle=st.none() | st.integers(0, 99),
        blank_lines=st.integers(1, 3),
    ),
)
def test_any_generated_variant_reads_back(seed, start, prefix, layout):
    spec = make_spec(seed, prefix=prefix, start=start)
    data = _read(spec, layout)
    indicators = {ind["code"]: ind for ind in data["indicators"]}
    measures = [m for ms in spec.service_data.values() for m in ms]
    targeted = [m for ms in spec.csi.values() for m in ms] + spec.kpi + spec.mpi
    for m in measures:
        assert indicators[m.code]["actuals"] == m.actuals
    for m in [*targeted, *spec.paired]:
        assert indicators[m.code]["targets"] == spec.targets(m)
    actions = {a["code"]: a for a in data["actions"]}
    for a in spec.actions:
        assert (actions[a.code]["officers"], actions[a.code]["partners"]) == (
            a.officers,
            a.partners,
        )
    kinds = {f["kind"] for f in data["findings"]}
    assert kinds <= {
        "several_measures_one_value",
        "task_due_before_plan",
        "code_written_differently",
    }
