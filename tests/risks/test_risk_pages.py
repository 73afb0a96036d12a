"""Risk pages on the seed: the register, the heat map and a risk's page, its forms and personas."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from civicplan.plans.models import Post
from civicplan.risks.models import RegisterRisk, RiskEntry, RiskReview
from civicplan.risks.rules import Score, default_matrix
from civicplan.risks.services import risk_matrix_set, risk_owner_set, risk_score_record
from tests.clock import SEED_DAY
from tests.factories.plan_data import HEAD_OF_COMMUNITIES
from tests.factories.seed import AS_OF
from tests.support.forms import form_data
from tests.support.html import parse, tables

# The seed plan as of 30 November 2026, the clock on that day: overdue and due soon stay put.
pytestmark = [pytest.mark.today(SEED_DAY), pytest.mark.usefixtures("seed_plan")]

R2 = "/risks/R2/"


def _score(**values):
    defaults = {
        "version": 0,
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "residual_likelihood": 3,
        "residual_impact": 3,
        "reason": "Grant cut announced",
    }
    return form_data("score", **{**defaults, **values})


@pytest.fixture
def risk_2(seed_plan):
    return RegisterRisk.objects.get(plan=seed_plan, number=2)


@pytest.fixture
def owned_risk_2(risk_2, officer):
    """Risk 2, owned by the Head of Communities' post (version 1)."""
    risk_owner_set(
        risk=risk_2,
        owner=Post.objects.get(title=HEAD_OF_COMMUNITIES),
        by=officer,
        expected_version=0,
    )
    return risk_2


def test_register_lists_every_risk_of_the_plan(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get("/risks/register/")

    table = tables(response.content)["Risk register"]
    assert table.column("Risk") == [
        "Risk 2",
        "Risk 7",
        "Risk 12",
        "Risk 13",
        "Risk 21",
        "Key strategic risk 1",
        "Key strategic risk 2",
        "Key strategic risk 3",
        "Key-task risk 1",
        "Key-task risk 2",
        "Key-task risk 3",
        "Key-task risk 4",
        "Key-task risk 5",
    ]
    assert table.row("Risk 2") == {
        "Risk": "Risk 2",
        "Description": "Failure to obtain adequate resources to achieve service objectives",
        "Owner": "– None",
        "Inherent": "– None",
        "Residual": "– None",
        "Rating": "– None",
        "Target": "– None",
        "Trend": "New",
        "Review": "Not yet scored",
    }


def test_register_shows_scores_rating_trend_and_overdue_review(owned_risk_2, officer, as_user):
    for residual, reviewed_on in (
        (Score(4, 3), dt.date(2026, 5, 1)),
        (Score(3, 3), dt.date(2026, 7, 1)),
    ):
        entry = RiskEntry.objects.get(register_risk=owned_risk_2)
        risk_score_record(
            risk=owned_risk_2,
            inherent=Score(4, 4),
            residual=residual,
            reason="Reviewed",
            by=officer,
            expected_version=entry.version,
            reviewed_on=reviewed_on,
            as_of=AS_OF,
        )

    response = as_user(officer).get("/risks/register/")

    row = tables(response.content)["Risk register"].row("Risk 2")
    assert row["Owner"] == HEAD_OF_COMMUNITIES
    assert row["Inherent"] == "16 likelihood 4 × impact 4"
    assert row["Residual"] == "9 likelihood 3 × impact 3"
    assert row["Rating"] == "High"
    assert row["Trend"] == "Reducing"
    assert row["Review"] == "Review overdue Next review 1 October 2026"
    warning = parse(response.content).find("div", class_="govuk-warning-text").text
    assert "1 risk review is overdue: Risk 2" in warning


def test_register_csv_has_codes_causes_and_review_dates(owned_risk_2, officer, as_user):
    risk_score_record(
        risk=owned_risk_2,
        inherent=Score(4, 4),
        residual=Score(3, 3),
        reason="First",
        by=officer,
        expected_version=1,
        as_of=AS_OF,
    )

    response = as_user(officer).get("/risks/register/?format=csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 13
    assert {k: rows[0][k] for k in ("Code", "Inherent", "Residual", "Rating", "Next review")} == {
        "Code": "R2",
        "Inherent": "16",
        "Residual": "9",
        "Rating": "High",
        "Next review": "2027-02-28",
    }


def test_heat_map_places_scored_risks_with_a_table_alternative(owned_risk_2, officer, as_user):
    risk_score_record(
        risk=owned_risk_2,
        inherent=Score(4, 4),
        residual=Score(3, 3),
        reason="First",
        by=officer,
        expected_version=1,
        as_of=AS_OF,
    )

    response = as_user(officer).get("/risks/heat-map/")

    page = parse(response.content)
    svg = page.find("svg")
    assert svg.attrs["role"] == "img"
    assert "R2 at likelihood 3, impact 3 (High, score 9)" in svg.find("desc").text
    found = tables(response.content)
    assert found["Risks by residual score"].row("R2")["Score"] == "9"
    grid = found["The residual matrix as a table"]
    assert grid.headers[0] == "Likelihood"
    assert grid.headers[3] == "Impact 3: Moderate"
    assert grid.row("3: Possible")["Impact 3: Moderate"] == "High, score 9 R2"
    assert grid.row("5: Almost certain")["Impact 5: Critical"] == "Very high, score 25"
    unscored = page.find("main").find_all("ul", class_="govuk-list--bullet")[-1].text
    assert "R7" in unscored and "R2:" not in unscored


def test_heat_map_of_inherent_scores(owned_risk_2, officer, as_user):
    risk_score_record(
        risk=owned_risk_2,
        inherent=Score(4, 4),
        residual=Score(3, 3),
        reason="First",
        by=officer,
        expected_version=1,
        as_of=AS_OF,
    )

    response = as_user(officer).get("/risks/heat-map/?which=inherent")

    assert tables(response.content)["Risks by inherent score"].row("R2")["Score"] == "16"


def test_risk_page_shows_what_the_plan_prints_for_a_key_task_risk(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get("/risks/T1/")

    page = parse(response.content)
    assert page.find("h1").text.startswith("Review Policies")
    printed = page.find_all("dl", class_="govuk-summary-list")[1].text
    assert "Risk 2 Risk 7 Risk 13 Risk 21" in printed


def test_risk_page_unknown_code_is_404(as_user, viewer_holding_post):
    assert as_user(viewer_holding_post).get("/risks/R99/").status_code == 404


def test_owner_rescores_through_the_page(owned_risk_2, as_user, owner):
    client = as_user(owner)

    response = client.post(R2 + "score/", _score(version=1), follow=True)

    review = RiskReview.objects.get()
    assert (review.inherent_score, review.residual_score, review.reason) == (
        16,
        9,
        "Grant cut announced",
    )
    assert (
        "Risk 2 scored: residual 9, inherent 16."
        in parse(response.content).find("div", class_="govuk-notification-banner").text
    )
    history = tables(response.content)["Scoring history"]
    assert history.row("30 November 2026")["Residual change"] == "First scoring"


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_rescore_refused_for_others(request, owned_risk_2, as_user, persona):
    response = as_user(request.getfixturevalue(persona)).post(R2 + "score/", _score(version=1))

    assert response.status_code == 403
    assert not RiskReview.objects.exists()


def test_rescore_of_an_unowned_risk_is_for_performance_officers(risk_2, as_user, owner, officer):
    assert as_user(owner).post(R2 + "score/", _score()).status_code == 403
    assert as_user(officer).post(R2 + "score/", _score()).status_code == 302
    assert RiskReview.objects.count() == 1


def test_rescore_needs_csrf_token(owned_risk_2, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert client.post(R2 + "score/", _score(version=1)).status_code == 403
    assert not RiskReview.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"residual_likelihood": 5, "residual_impact": 5},
            "residual_likelihood",
            "cannot be higher than the inherent score (16)",
        ),
        ({"reason": ""}, "reason", "Say why the risk is scored this way"),
        ({"inherent_impact": ""}, "inherent_impact", "Choose the inherent impact"),
        ({"inherent_impact": 9}, "inherent_impact", "Choose the inherent impact from the list"),
        (
            {"next_review": ("1", "1", "2026")},
            "next_review",
            "The next review must be after this one",
        ),
    ],
)
def test_rescore_errors(owned_risk_2, as_user, owner, values, field, message):
    response = as_user(owner).post(R2 + "score/", _score(version=1, **values))

    assert response.status_code == 200
    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert message in link.text
    assert link.attrs["href"] == f"#id_score-{field}"
    assert not RiskReview.objects.exists()


def test_rescore_from_a_stale_page_is_a_conflict(owned_risk_2, as_user, owner):
    response = as_user(owner).post(R2 + "score/", _score(version=0))

    assert response.status_code == 409
    page = parse(response.content)
    assert "changed by someone else" in page.find("div", class_="govuk-error-summary").text
    assert page.find("input", id="id_score-version").attrs["value"] == "1"
    assert not RiskReview.objects.exists()


def test_details_form_saves_causes_target_and_further_actions(
    seed_plan, owned_risk_2, as_user, owner
):
    task = seed_plan.key_tasks.get(code="BCRPASB_29")
    data = form_data(
        "details",
        version=1,
        causes="Funding cuts",
        controls="Budget monitoring",
        further_actions=[str(task.pk)],
        target_likelihood=2,
        target_impact=2,
        review_date=("31", "1", "2027"),
    )

    response = as_user(owner).post(R2 + "details/", data, follow=True)

    entry = RiskEntry.objects.get(register_risk=owned_risk_2)
    assert (entry.causes, entry.target_likelihood, entry.review_date) == (
        "Funding cuts",
        2,
        dt.date(2027, 1, 31),
    )
    assert list(entry.further_actions.values_list("code", flat=True)) == ["BCRPASB_29"]
    summary = parse(response.content).find("dl", class_="govuk-summary-list").text
    assert "BCRPASB_29: Review ASB Policy" in summary


def test_details_target_needs_both_parts(owned_risk_2, as_user, owner):
    data = form_data("details", version=1, target_likelihood=2, target_impact="")

    response = as_user(owner).post(R2 + "details/", data)

    link = parse(response.content).find("div", class_="govuk-error-summary").find("a")
    assert link.text == "Give the target likelihood and impact together, or neither"
    assert link.attrs["href"] == "#id_details-target_impact"


def test_owner_is_assigned_by_performance_officers_only(risk_2, as_user, officer, owner):
    post = Post.objects.get(title=HEAD_OF_COMMUNITIES)
    data = form_data("owner", version=0, owner=post.pk)

    assert as_user(owner).post(R2 + "owner/", data).status_code == 403
    assert as_user(officer).post(R2 + "owner/", data).status_code == 302
    assert RiskEntry.objects.get(register_risk=risk_2).owner == post
    page = parse(as_user(owner).get(R2).content)
    assert [f.attrs["action"] for f in page.find("main").find_all("form")] == [
        "/risks/R2/score/",
        "/risks/R2/details/",
    ]


def test_heat_map_follows_a_4_by_4_matrix(seed_plan, owned_risk_2, officer, administrator, as_user):
    risk_matrix_set(
        organisation=seed_plan.organisation,
        spec=default_matrix(4),
        by=administrator,
        expected_version=0,
    )
    risk_score_record(
        risk=owned_risk_2,
        inherent=Score(4, 4),
        residual=Score(2, 3),
        reason="First on the 4 × 4",
        by=officer,
        expected_version=1,
        as_of=AS_OF,
    )

    response = as_user(officer).get("/risks/heat-map/")

    grid = tables(response.content)["The residual matrix as a table"]
    assert grid.column("Likelihood") == [
        "4: Very likely",
        "3: Likely",
        "2: Possible",
        "1: Unlikely",
    ]
    assert grid.row("2: Possible")["Impact 3: Major"] == "High, score 6 R2"
    assert "4 × 4 matrix" in parse(response.content).find("svg").find("title").text
