"""The seed plan, read end to end: exact counts and values from the document."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from civicplan.planio.importer import FORMAT, parse_plan_text


def _indicator(seed: dict, code: str) -> dict:
    return next(ind for ind in seed["indicators"] if ind["code"] == code)


def _action(seed: dict, code: str) -> dict:
    return next(action for action in seed["actions"] if action["code"] == code)


def _kinds(seed: dict) -> Counter:
    return Counter(finding["kind"] for finding in seed["findings"])


def _lines(seed: dict, kind: str) -> list[int]:
    return [finding["line"] for finding in seed["findings"] if finding["kind"] == kind]


def test_seed_counts(seed):
    rows = Counter(row["framework"] for row in seed["measure_rows"])
    assert seed["format"] == FORMAT
    assert len(seed["policies"]) == 26
    assert len(seed["objectives"]) == 3
    assert sum(len(o["service_objectives"]) for o in seed["objectives"]) == 39
    assert rows == {"service_data": 42, "csi": 8, "kpi": 6, "mpi": 8}
    assert len(seed["actions"]) == 24
    assert sum(any(v is not None for v in b["amounts"].values()) for b in seed["budget_lines"]) == 4
    assert len(seed["risks"]["strategic"]) == 3
    assert len(seed["risks"]["key_tasks"]) == 5
    assert len(seed["risks"]["register"]) == 5


def test_seed_plan_header(seed):
    plan = seed["plan"]
    assert plan["organisation"] == "Broxtowe Borough Council"
    assert plan["priority"] == "Community Safety"
    assert plan["period"] == {"first_year": "2026/27", "last_year": "2028/29"}
    assert plan["vision"] == "greener, safer, healthier Broxtowe, where everyone prospers"
    assert plan["values"][0] == (
        "Going the extra mile: a strong, caring focus on the needs of communities"
    )
    assert plan["objectives_statement"] == "A safe place for everyone"
    assert len(plan["introduction"]) == 3
    assert "**" not in plan["introduction"][0]


def test_seed_objectives(seed):
    codes = [(o["code"], o["title"]) for o in seed["objectives"]]
    assert codes[0] == ("CS1", "Reduce anti-social behaviour in Broxtowe")
    assert codes[2] == ("CS3", "Reduce Drug and Alcohol Use")
    first = seed["objectives"][0]["service_objectives"][0]
    assert (first["service_area"], first["department"]) == (
        "Public Protection",
        "Communities and Community Safety",
    )
    housing = seed["objectives"][2]["service_objectives"][-1]
    assert housing["department"] == "Housing"


def test_seed_policies(seed):
    by_title = {p["title"]: p for p in seed["policies"]}
    business = by_title["Business Strategy"]
    assert business["purpose"] == "Designed to ensure that the Council is:"
    assert business["purpose_items"][0] == "Lean and fit in its assets, systems and processes"
    assert business["renewal"] == {"text": "Updated annually", "date": None, "recurrence": "annual"}
    assert by_title["Medium Term Financial Strategy"]["owners"] == [
        "Deputy Chief Executive",
        "Assistant Director - Finance Services",
    ]
    evawg = by_title["Ending Violence Against Women and Girls Strategy 2021 – 2024"]
    assert evawg["renewal"]["date"] == "2025-08-31"
    assert evawg["renewal"]["text"] == "2024 due Summer 2025 – awaited"
    assert (
        by_title["Broxtowe Hackney Carriage and Private Hire Policy"]["renewal"]["recurrence"]
        == "continuous"
    )
    assert all("<" not in p["purpose"] for p in seed["policies"])


def test_seed_all_crime(seed):
    ind = _indicator(seed, "ComS_001")
    assert ind["actuals"] == {"2022/23": 7162, "2023/24": 7123, "2024/25": 6869}
    assert ind["targets"] == dict.fromkeys(["2025/26", "2026/27", "2027/28", "2028/29"], 6800)
    assert ind["frameworks"] == ["service_data", "csi"]
    assert (ind["objective"], ind["section"]) == ("CS3", "Communities")
    assert ind["owners"] == ["Head of Communities and Community Safety"]


def test_seed_repeat_cases_percentage(seed):
    ind = _indicator(seed, "ComS_024")
    assert ind["aliases"] == ["ComS_24"]
    assert ind["actuals"] == {"2022/23": 37, "2023/24": 24, "2024/25": 27}
    assert ind["targets"] == {"2025/26": 24, "2026/27": 22, "2027/28": 20, "2028/29": 20}
    assert (ind["unit"], ind["polarity"], ind["polarity_source"]) == (
        "percent",
        "lower",
        "inferred",
    )
    assert ind["objective"] == "CS2"


@pytest.mark.parametrize(
    ("code", "polarity", "source"),
    [
        ("ComS_011", "lower", "stated"),
        ("ComS_033", "higher", "inferred"),
        ("ComS_052", "higher", "inferred"),
        ("ComS_100", "higher", "inferred"),
        ("ComS_007", None, None),
        ("ComS_012d", None, None),
    ],
)
def test_seed_polarity(seed, code, polarity, source):
    ind = _indicator(seed, code)
    assert (ind["polarity"], ind["polarity_source"]) == (polarity, source)


def test_seed_sub_measures_and_parents(seed):
    sub = _indicator(seed, "ComS_012a")
    assert sub["title"] == (
        "Time for ASB incidents reported to Environmental Health to be closed – Less than 3 months"
    )
    assert sub["parent"] == "ComS_012"
    assert _indicator(seed, "ComS_018a")["parent"] is None
    assert _indicator(seed, "ComS_089b")["parent"] == "ComS_089"
    assert _indicator(seed, "ComS_015")["actuals"] == {"2022/23": 4, "2023/24": 4, "2024/25": 6}
    assert _indicator(seed, "ComS_012d")["unit"] == "percent"
    assert _indicator(seed, "ComS_033")["actuals"]["2022/23"] == 57.7


def test_seed_merged_frameworks(seed):
    assert _indicator(seed, "ComS_012")["frameworks"] == ["service_data", "csi", "kpi"]
    assert _indicator(seed, "ComS_044")["frameworks"] == ["service_data", "mpi"]
    assert _indicator(seed, "ComS_014")["targets"]["2025/26"] == 100  # the CSI, printed first


def test_seed_paired_cell(seed):
    row = next(r for r in seed["measure_rows"] if "ComS_053" in r["codes"])
    assert row["value_codes"] == ["ComS_044", "ComS_053"]
    count, share = _indicator(seed, "ComS_044"), _indicator(seed, "ComS_053")
    assert count["actuals"]["2022/23"] == 21 and count["unit"] == "count"
    assert share["actuals"] == {"2022/23": 85, "2023/24": 100, "2024/25": 94}
    assert share["unit"] == "percent"


def test_seed_rows_with_several_codes(seed):
    rows = {tuple(r["codes"]): r for r in seed["measure_rows"] if len(r["codes"]) > 1}
    bands = rows[("ComS_012a", "ComS_012b", "ComS_012c")]
    assert bands["value_codes"] == []
    assert bands["unassigned"] == {
        "actuals": {"2022/23": 327, "2023/24": 324, "2024/25": 289},
        "targets": {},
    }
    assert bands["title"] == "Time for ASB incidents reported to Environmental Health to be closed:"
    assert bands["items"] == [
        "Less than 3 months",
        "Between 3 and 6 months",
        "Over 6 months or still open",
    ]
    assert rows[("ComS_015", "ComS_015a", "ComS_015b", "ComS_015c")]["value_codes"] == ["ComS_015"]
    assert rows[("ComS_012", "ComS_012d")]["value_codes"] == ["ComS_012"]


def test_seed_owner_and_comment_split(seed):
    row = next(
        r for r in seed["measure_rows"] if r["codes"] == ["ComS_013"] and r["framework"] == "csi"
    )
    assert row["owners"] == ["Housing Operations Manager"]
    assert row["comments"].startswith("Previously Housing cases only included General Needs")


def test_seed_actions(seed):
    review = _action(seed, "BCRPASB_29")
    assert review["title"] == "Review ASB Policy (including ASB action plan)"
    assert (review["target_date"], review["target_date_text"]) == ("2028-03-31", "March 2028")
    assert review["officers"] == [
        "Head of Communities and Community Safety",
        "Communities and Crime Manager",
    ]
    plan = _action(seed, "COMS2629_16")
    assert (plan["new"], plan["target_date"]) == (True, "2027-01-31")
    assert plan["partners"] == [
        "Violence Reduction Partnership",
        "Police",
        "Nottinghamshire County Council",
        "Health",
        "Fire",
    ]
    first = seed["actions"][0]
    assert (first["code"], first["partners"]) == (
        "BCRP_",
        ["Police", "Voluntary Sector", "Change Grow Live"],
    )
    assert _action(seed, "COMS2629_11")["partners"] == []
    assert _action(seed, "ComS2629_02")["officers"] == [
        "Head of Environmental Health, Licensing and Private Sector Housing",
        "Licensing Manager",
    ]
    assert _action(seed, "BCRPDA&V_07")["partners"] == [
        "Nottinghamshire County Council",
        "Juno",
        "Equation",
        "Police",
    ]


def test_seed_budget(seed):
    lines = [(b["kind"], b["action"], list(b["amounts"].values())) for b in seed["budget_lines"]]
    assert lines == [
        ("efficiency", "COMS2629_07", [-20000] * 3),
        ("efficiency", "COMS2629_15", [-10000] * 3),
        ("income", "Funding bids", [-60000, -40000, -40000]),
        ("income", "BCRP_", [-30000] * 3),
    ]
    assert list(seed["budget_lines"][0]["amounts"]) == ["2026/27", "2027/28", "2028/29"]
    assert seed["budget_notes"][0] == "Net Change in Revenue Budgets: NOTE*"
    assert seed["budget_notes"][1].startswith("* Budget implications")


def test_seed_risks(seed):
    risks = seed["risks"]
    first = risks["key_tasks"][0]
    assert first["task"] == "Review Policies"
    assert first["actions"][:2] == ["BCRPASB_29", "BCRPASB_30"]
    assert (first["register_risks"], first["covered"]) == ([2, 7, 13, 21], True)
    assert risks["register"][3] == {
        "number": 13,
        "title": "Failure to contribute effectively to dealing with crime and disorder",
    }
    assert risks["register_as_at"] == "February 2026"
    assert risks["strategic"][1]["title"] == "Failure to produce fit for purpose Food Service Plan"


def test_seed_finding_counts(seed):
    assert _kinds(seed) == {
        "several_measures_one_value": 7,
        "unknown_action_code": 5,
        "task_due_before_plan": 3,
        "target_missing": 3,
        "name_written_differently": 5,
        "policy_renewal_passed": 1,
        "code_written_differently": 1,
        "values_disagree": 1,
        "percentage_disagrees_with_counts": 1,
        "incomplete_action_code": 1,
        "objective_title_differs": 1,
        "split_uncertain": 1,
        "action_code_case_differs": 1,
        "organisation_name_misspelt": 1,
    }


def test_seed_finding_lines_and_suggestions(seed):
    found = {(f["kind"], f["line"]): f["suggestion"] for f in seed["findings"]}
    assert found[("code_written_differently", 230)] == "ComS_024"
    assert found[("unknown_action_code", 357)] == "COMS2629_08a"
    assert found[("unknown_action_code", 358)] == "COMS2629_11"
    assert found[("unknown_action_code", 353)] == "BCRPDA&V_07"
    assert found[("unknown_action_code", 354)] == "COMS2629_07"  # same task title
    assert found[("unknown_action_code", 359)] == "ComS2629_02"  # same task title
    assert ("incomplete_action_code", 280) in found
    assert ("percentage_disagrees_with_counts", 170) in found
    assert ("values_disagree", 248) in found
    assert sorted(_lines(seed, "task_due_before_plan")) == [312, 316, 319]
    assert _lines(seed, "policy_renewal_passed") == [38]
    assert (
        found[("split_uncertain", 286)] == "Senior Communities Officer Violence and Domestic Abuse"
    )
    lines = [f["line"] for f in seed["findings"]]
    assert lines == sorted(lines)


def test_seed_findings_name_the_disagreeing_ratio(seed):
    ratio = next(f for f in seed["findings"] if f["kind"] == "percentage_disagrees_with_counts")
    assert "2024/25" in ratio["message"] and "42.9%" in ratio["message"]


def test_seed_renewals_passed_depend_on_as_of(seed_text):
    early = parse_plan_text(seed_text, as_of=dt.date(2025, 6, 1))
    late = parse_plan_text(seed_text, as_of=dt.date(2027, 1, 1))
    assert _lines(early, "policy_renewal_passed") == []
    assert len(_lines(late, "policy_renewal_passed")) == 5  # four "2026"s and the EVAWG strategy


def test_seed_output_has_no_markup(seed):
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    texts = list(strings({k: v for k, v in seed.items() if k != "findings"}))
    assert not [t for t in texts if "<ul" in t or "<p>" in t or "•" in t or "**" in t]
