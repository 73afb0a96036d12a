"""A key-task risk citing a register risk the plan does not list is a finding (the importer's)."""

import datetime as dt

from civicplan.planio.importer.findings import check_plan
from tests.factories.plan_data import plan_data


def test_unknown_register_risk_is_a_finding():
    data = plan_data()
    data["risks"]["key_tasks"][0]["register_risks"] = [2, 7, 99]
    found = [
        f["message"]
        for f in check_plan(data, as_of=dt.date(2026, 11, 30))
        if f["kind"] == "unknown_register_risk"
    ]
    assert [m for m in found if "risk 99" in m] == [
        "the key task 'Review Policies' is said to be covered by risk 99, which is not among "
        "the register risks listed."
    ]


def test_known_register_risks_give_no_finding():
    data = plan_data()
    data["risks"]["key_tasks"] = data["risks"]["key_tasks"][:2]  # they cite 2, 7, 13 and 21
    findings = check_plan(data, as_of=dt.date(2026, 11, 30))
    assert not [f for f in findings if f["kind"] == "unknown_register_risk"]
