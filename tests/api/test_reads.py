"""Read endpoints return the seed's own figures, in the same shapes the pages and Plan JSON use."""

from __future__ import annotations

import pytest

from civicplan.planio.plan_json import plan_export, plan_validate
from civicplan.plans.models import Post
from tests.api.conftest import SEED_AS_OF, indicator_id, persona
from tests.factories.plan_data import HEAD_OF_EH, VAWG_STRATEGY


@pytest.fixture
def reader(seed_plan, as_user):
    """A signed-in user with no role at all: reading needs no more."""
    return as_user(persona("councillor", None))


def test_plans_lists_the_seed_plan(seed_plan, reader):
    response = reader.get("/api/plans/")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": seed_plan.pk,
            "title": seed_plan.title,
            "organisation": "Broxtowe Borough Council",
            "priority": "Community Safety",
            "first_year": "2026/27",
            "last_year": "2028/29",
            "source_name": "community-safety-business-plan-2026-29.txt",
            "imported_at": response.json()[0]["imported_at"],
        }
    ]


def test_plan_is_plan_json_that_validates_against_the_schema(seed_plan, reader):
    response = reader.get(f"/api/plans/{seed_plan.pk}/")

    assert response.status_code == 200
    data = response.json()
    plan_validate(data)
    assert data == plan_export(seed_plan)
    all_crime = next(i for i in data["indicators"] if i["code"] == "ComS_001")
    assert all_crime["actuals"] == {"2022/23": 7162, "2023/24": 7123, "2024/25": 6869}


def test_indicator_has_the_seed_actuals_and_targets(seed_plan, reader):
    all_crime = reader.get(f"/api/indicators/{indicator_id(seed_plan, 'ComS_001')}/").json()
    marac = reader.get(f"/api/indicators/{indicator_id(seed_plan, 'ComS_024')}/").json()

    def by_year(body: dict, key: str) -> dict:
        return {line["year"]: line[key] for line in body["years"] if line[key] is not None}

    assert by_year(all_crime, "actual") == {"2022/23": 7162, "2023/24": 7123, "2024/25": 6869}
    assert by_year(all_crime, "target") == dict.fromkeys(
        ["2025/26", "2026/27", "2027/28", "2028/29"], 6800
    )
    assert by_year(marac, "target") == {"2025/26": 24, "2026/27": 22, "2027/28": 20, "2028/29": 20}
    assert by_year(marac, "actual") == {"2022/23": 37, "2023/24": 24, "2024/25": 27}
    assert marac["aliases"] == ["ComS_24"]
    assert marac["unit"] == "percent"
    assert marac["settings"]["aggregation"] == "ratio"
    assert marac["settings"]["ratio_numerator"] == "ComS_024b"
    assert marac["settings"]["ratio_denominator"] == "ComS_024a"
    assert marac["settings"]["tolerance_amount"] == 5
    assert marac["values"] == []


def test_indicator_list_filters_by_framework_objective_and_owner(seed_plan, reader):
    url = f"/api/plans/{seed_plan.pk}/indicators/"
    head_of_eh = Post.objects.get(organisation=seed_plan.organisation, title=HEAD_OF_EH)

    every = reader.get(url).json()
    csi = reader.get(url, {"framework": "csi"}).json()
    cs2 = reader.get(url, {"objective": "CS2"}).json()
    eh = reader.get(url, {"owner": head_of_eh.pk, "framework": "kpi"}).json()

    assert len(every) == seed_plan.indicators.count() == 67
    all_crime = next(row for row in csi if row["code"] == "ComS_001")
    assert all_crime["latest_actual"] == {"year": "2024/25", "value": 6869}
    assert all_crime["next_target"] == {"year": "2025/26", "value": 6800}
    assert all("csi" in row["frameworks"] for row in csi)
    assert {row["objective"] for row in cs2} == {"CS2"}
    assert [row["code"] for row in eh] == ["ComS_012", "ComS_012d", "ComS_048", "ComS_049"]


def test_indicator_list_unknown_framework_is_422(seed_plan, reader):
    response = reader.get(f"/api/plans/{seed_plan.pk}/indicators/", {"framework": "kpis"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "framework"


def test_standings_give_rag_and_direction_for_the_period(seed_plan, reader):
    response = reader.get(
        f"/api/plans/{seed_plan.pk}/standings/",
        {"period": "2026/27-Q2", "as_of": SEED_AS_OF.isoformat()},
    )

    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert len(rows) == 67
    all_crime = rows["ComS_001"]
    assert (all_crime["period"], all_crime["target"], all_crime["actual"]) == (
        "2026/27-Q2",
        3400,
        None,
    )
    assert (all_crime["status"], all_crime["status_label"]) == ("missing", "Data missing")
    assert all_crime["direction"] == "not_comparable"
    assert rows["ComS_024"]["target"] == 22
    assert rows["ComS_007"]["target"] is None


@pytest.mark.parametrize("period", ["2026/27-Q5", "autumn", "2026-13"])
def test_standings_bad_period_is_422_naming_period(seed_plan, reader, period):
    response = reader.get(f"/api/plans/{seed_plan.pk}/standings/", {"period": period})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["period"]


def test_tasks_keep_their_dates_and_people(seed_plan, reader):
    tasks = {t["code"]: t for t in reader.get(f"/api/plans/{seed_plan.pk}/tasks/").json()}

    assert len(tasks) == 24
    assert tasks["BCRPASB_29"]["target_date"] == "2028-03-31"
    assert tasks["BCRPASB_29"]["officers"][0] == "Head of Communities and Community Safety"


def test_policies_come_by_renewal_date(seed_plan, reader):
    policies = reader.get(f"/api/plans/{seed_plan.pk}/policies/").json()

    assert len(policies) == 26
    vawg = next(p for p in policies if p["title"] == VAWG_STRATEGY)
    assert vawg["renewal_text"] == "2024 due Summer 2025 – awaited"
    dated = [p["renewal_date"] for p in policies if p["renewal_date"]]
    assert dated == sorted(dated)


def test_risks_resolve_the_tasks_and_register_risks_they_cite(seed_plan, reader):
    risks = reader.get(f"/api/plans/{seed_plan.pk}/risks/").json()

    review = next(r for r in risks["key_tasks"] if r["task"].startswith("Review Policies"))
    assert [r["number"] for r in review["register_risks"]] == [2, 7, 13, 21]
    assert all(r["title"] for r in review["register_risks"])
    known = {a["code"]: a["known"] for a in review["actions"]}
    assert known["BCRPASB_29"] is True
    assert "BCRP2629_07" in risks["unknown_action_codes"]
    assert len(risks["strategic"]) == 3


def test_budget_amounts_and_totals_are_numbers(seed_plan, reader):
    budget = reader.get(f"/api/plans/{seed_plan.pk}/budget/").json()

    assert budget["years"] == ["2026/27", "2027/28", "2028/29"]
    efficiency = next(g for g in budget["groups"] if g["kind"] == "efficiency")
    assert efficiency["lines"][0]["amounts"]["2026/27"] == -20000
    assert all(isinstance(v, int) for v in budget["totals"].values())


def test_findings_can_be_filtered_by_kind(seed_plan, reader):
    url = f"/api/plans/{seed_plan.pk}/findings/"

    every = reader.get(url).json()
    spelling = reader.get(url, {"kind": "code_written_differently"}).json()

    assert every
    assert spelling
    assert {f["kind"] for f in spelling} == {"code_written_differently"}
    assert any("ComS_24" in f["message"] for f in spelling)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/plans/999999/", "There is no plan with id 999999."),
        ("/api/plans/999999/standings/", "There is no plan with id 999999."),
        ("/api/indicators/999999/", "There is no indicator with id 999999."),
    ],
)
def test_unknown_ids_are_404_with_a_message(seed_plan, reader, url, message):
    response = reader.get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": message}
