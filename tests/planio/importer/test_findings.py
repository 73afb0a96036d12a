"""Dict-level checks: they run on Plan JSON without source lines, and on parsed text with them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from civicplan.planio.importer import check_plan, parse_plan_text
from tests.planio.importer.plan_variants import AS_OF


def _plan(**parts) -> dict:
    base = {
        "plan": {"period": {"first_year": "2026/27", "last_year": "2028/29"}},
        "policies": [],
        "indicators": [],
        "measure_rows": [],
        "actions": [],
        "budget_lines": [],
        "risks": {"strategic": [], "register": [], "key_tasks": []},
    }
    return base | parts


def _action(code: str, title: str = "Do a thing", due: str | None = "2028-03-31", **more) -> dict:
    return {
        "code": code,
        "title": title,
        "new": False,
        "outcome": "",
        "partners": [],
        "officers": [],
        "target_date": due,
        "target_date_text": None,
        "budget_note": None,
    } | more


def _task(task: str, codes: list[str], risks: list[int] | None = None) -> dict:
    return {
        "task": task,
        "actions": codes,
        "threat": "",
        "register_risks": risks or [],
        "covered": True,
        "mitigation": "",
    }


def _kinds(found: list[dict]) -> Counter:
    return Counter(f["kind"] for f in found)


def test_unknown_codes_suggest_the_closest_real_code_without_lines():
    data = _plan(
        actions=[
            _action("COMS2629_08a"),
            _action("COMS2629_11"),
            _action("BCRPDA&V_07"),
            _action("COMS2629_07", "Consult, Review and renew PSPO's"),
        ],
        risks={
            "strategic": [],
            "register": [],
            "key_tasks": [
                _task("Plans", ["COMS2224_08a", "COMS2627_11"]),
                _task("Consult, Review and renew PSPO's", ["COMS2526_01"]),
                _task("Review Policies", ["BCRP2629_07"]),
            ],
        },
        budget_lines=[
            {"kind": "income", "description": "x", "action": "COMS2629_99", "amounts": {}},
            {"kind": "income", "description": "y", "action": "Funding bids", "amounts": {}},
        ],
    )
    found = [f for f in check_plan(data, as_of=AS_OF) if f["kind"] == "unknown_action_code"]
    assert [(f["line"], f["suggestion"]) for f in found] == [
        (None, "COMS2629_08a"),
        (None, "COMS2629_11"),
        (None, "COMS2629_07"),
        (None, "BCRPDA&V_07"),
        (None, None),
    ]


def test_locate_gives_the_source_line():
    data = _plan(actions=[_action("BCRP_")])
    found = check_plan(
        data, as_of=AS_OF, locate=lambda kind, key: 280 if kind == "action" else None
    )
    assert [(f["kind"], f["line"]) for f in found] == [("incomplete_action_code", 280)]


def test_task_due_before_the_plan_starts():
    data = _plan(actions=[_action("A_01", due="2026-03-31"), _action("A_02", due="2026-04-01")])
    found = check_plan(data, as_of=AS_OF)
    assert _kinds(found) == {"task_due_before_plan": 1}
    assert "A_01" in found[0]["message"]


def test_policy_renewal_passed_depends_on_as_of():
    policy = {
        "title": "Strategy",
        "purpose": "",
        "purpose_items": [],
        "owners": [],
        "renewal": {"text": "Summer 2025", "date": "2025-08-31", "recurrence": None},
    }
    data = _plan(policies=[policy])
    assert _kinds(check_plan(data, as_of=dt.date(2025, 8, 31))) == {}
    assert _kinds(check_plan(data, as_of=dt.date(2025, 9, 1))) == {"policy_renewal_passed": 1}


def _indicator(code: str, frameworks: list[str], unit="count", actuals=None, targets=None):
    return {
        "code": code,
        "aliases": [],
        "title": code,
        "unit": unit,
        "polarity": None,
        "polarity_source": None,
        "frameworks": frameworks,
        "objective": None,
        "section": None,
        "parent": None,
        "owners": [],
        "comments": None,
        "actuals": actuals or {},
        "targets": targets or {},
    }


def test_target_missing_only_for_rated_frameworks():
    data = _plan(
        indicators=[
            _indicator("X_001", ["service_data"]),
            _indicator("X_002", ["kpi"]),
            _indicator("X_003", ["csi"], targets={"2026/27": 5}),
            _indicator("X_004", ["service_data", "mpi"]),
        ]
    )
    found = check_plan(data, as_of=AS_OF)
    assert [f["message"].split()[0] for f in found] == ["X_002", "X_004"]


def test_percentage_checked_against_its_counts():
    data = _plan(
        indicators=[
            _indicator(
                "HOU_024", ["csi"], "percent", {"2023/24": 24, "2024/25": 27}, {"2025/26": 20}
            ),
            _indicator("HOU_024a", ["service_data"], actuals={"2023/24": 161, "2024/25": 91}),
            _indicator("HOU_024b", ["service_data"], actuals={"2023/24": 39, "2024/25": 39}),
        ]
    )
    found = check_plan(data, as_of=AS_OF)
    assert [(f["kind"], f["suggestion"]) for f in found] == [
        ("percentage_disagrees_with_counts", "43")
    ]
    assert "2024/25" in found[0]["message"]


def test_ratio_rule_needs_the_part_within_the_total():
    data = _plan(
        indicators=[
            _indicator("A_001", ["csi"], "percent", {"2024/25": 10}, {"2025/26": 5}),
            _indicator("A_001a", ["service_data"], actuals={"2024/25": 5}),
            _indicator("A_001b", ["service_data"], actuals={"2024/25": 9}),
        ]
    )
    assert check_plan(data, as_of=AS_OF) == []


def test_truncated_owner_suggests_the_name_with_the_same_companions():
    def policy(owners):
        return {
            "title": "P",
            "purpose": "",
            "purpose_items": [],
            "owners": owners,
            "renewal": {"text": "2028", "date": "2028-12-31", "recurrence": None},
        }

    data = _plan(
        policies=[
            policy(["Deputy Chief Executive", "Assistant Director -"]),
            policy(["Deputy Chief Executive", "Assistant Director - Finance Services"]),
            policy(["Assistant Director - Housing"]),
        ]
    )
    found = check_plan(data, as_of=AS_OF)
    assert [(f["kind"], f["suggestion"]) for f in found] == [
        ("text_truncated", "Assistant Director - Finance Services")
    ]


def test_truncated_mtfs_owner_in_text_is_found_on_its_line(seed_text):
    text = seed_text.replace(
        "Updated annually\tDeputy Chief Executive Assistant Director - Finance Services\nCapital",
        "Updated annually\tDeputy Chief Executive Assistant Director - \nCapital",
        1,
    )
    data = parse_plan_text(text, as_of=AS_OF)
    found = [f for f in data["findings"] if f["kind"] == "text_truncated"]
    assert [(f["line"], f["suggestion"]) for f in found] == [
        (32, "Assistant Director - Finance Services")
    ]


def test_unknown_register_risk():
    data = _plan(
        risks={
            "strategic": [],
            "register": [{"number": 2, "title": "x"}],
            "key_tasks": [_task("T", [], [2, 9])],
        }
    )
    found = check_plan(data, as_of=AS_OF)
    assert _kinds(found) == {"unknown_register_risk": 1}
    assert "risk 9" in found[0]["message"]


def test_unknown_objective_reported_once():
    ind = _indicator("X_001", ["csi"], targets={"2026/27": 1}) | {"objective": "CS9"}
    data = _plan(
        objectives=[{"code": "CS1", "title": "t", "service_objectives": []}],
        indicators=[ind, ind | {"code": "X_002"}],
    )
    assert _kinds(check_plan(data, as_of=AS_OF)) == {"unknown_objective": 1}


def test_action_code_cased_unlike_its_family():
    data = _plan(actions=[_action("COMS2629_01"), _action("COMS2629_03"), _action("ComS2629_02")])
    found = check_plan(data, as_of=AS_OF)
    assert [(f["kind"], f["suggestion"]) for f in found] == [
        ("action_code_case_differs", "COMS2629_02")
    ]


def test_seed_dict_checked_as_json_has_no_lines(seed):
    found = check_plan(seed, as_of=AS_OF)
    assert found and all(f["line"] is None for f in found)
    text_kinds = {f["kind"] for f in seed["findings"]}
    assert {f["kind"] for f in found} <= text_kinds
    assert _kinds(found)["unknown_action_code"] == 5


def test_clean_plan_has_no_findings():
    data = _plan(
        actions=[_action("A_01")],
        risks={"strategic": [], "register": [], "key_tasks": [_task("Do a thing", ["A_01"])]},
    )
    assert check_plan(data, as_of=AS_OF) == []
