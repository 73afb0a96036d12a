"""The risk register: owners, scoring and re-scoring with history, trend, heat map, permissions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.models import AuditEvent
from civicplan.planio.apply import PlanDataError, plan_apply
from civicplan.planio.plan_json import plan_export
from civicplan.plans.models import Post
from civicplan.risks.models import RegisterRisk, RiskEntry, RiskReview
from civicplan.risks.rules import MatrixSpec, ReviewState, Score, Trend, default_matrix
from civicplan.risks.selectors import risk_heat_map, risk_register, risk_register_csv
from civicplan.risks.services import (
    risk_details_update,
    risk_matrix_set,
    risk_owner_set,
    risk_score_record,
)
from tests.factories.plan_data import HEAD_OF_COMMUNITIES
from tests.factories.seed import AS_OF

pytestmark = pytest.mark.usefixtures("seed_plan")


@pytest.fixture
def risk13(seed_plan):
    return RegisterRisk.objects.get(plan=seed_plan, number=13)


@pytest.fixture
def owned(risk13, officer):
    """Risk 13 owned by the Head of Communities and Community Safety (version 1)."""
    post = Post.objects.get(title=HEAD_OF_COMMUNITIES)
    risk_owner_set(risk=risk13, owner=post, by=officer, expected_version=0)
    return risk13


def _score(
    risk,
    by,
    version,
    inherent=(4, 4),
    residual=(3, 3),
    *,
    on=AS_OF,
    reason="Q2 review",
    next_review=None,
):
    return risk_score_record(
        risk=risk,
        inherent=Score(*inherent),
        residual=Score(*residual),
        reason=reason,
        by=by,
        expected_version=version,
        reviewed_on=on,
        next_review=next_review,
        as_of=AS_OF,
    )


def _row(plan, ref, as_of=AS_OF):
    return next(r for r in risk_register(plan, as_of=as_of).rows if r.ref == ref)


# -- the register lists every risk of the plan --------------------------------------------


def test_register_lists_register_strategic_and_key_task_risks(seed_plan):
    refs = [r.ref for r in risk_register(seed_plan, as_of=AS_OF).rows]
    assert refs[:5] == ["Risk 2", "Risk 7", "Risk 12", "Risk 13", "Risk 21"]
    assert refs.count("Key strategic risk 1") == 1
    assert "Key-task risk 5" in refs
    row = _row(seed_plan, "Risk 13")
    assert row.entry is None and row.version == 0
    assert row.review_state is ReviewState.UNSCHEDULED
    assert not row.due_for_review  # nobody owns it yet


# -- permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "colleague", "viewer_holding_post"])
def test_owner_set_only_by_performance_officers(request, risk13, persona):
    with pytest.raises(PermissionDenied, match="Only a performance officer"):
        risk_owner_set(
            risk=risk13, owner=None, by=request.getfixturevalue(persona), expected_version=0
        )
    assert not RiskEntry.objects.exists()


@pytest.mark.parametrize("persona", ["owner", "officer", "administrator"])
def test_score_allowed_for_risk_owner_and_performance_officers(request, owned, persona):
    review = _score(owned, request.getfixturevalue(persona), 1)
    assert review.residual_score == 9


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_score_refused_for_colleague_and_viewer(request, owned, persona):
    with pytest.raises(PermissionDenied, match="owned by Head of Communities"):
        _score(owned, request.getfixturevalue(persona), 1)
    assert not RiskReview.objects.exists()


def test_score_refused_for_owner_of_unowned_risk(seed_plan, owner):
    risk = RegisterRisk.objects.get(plan=seed_plan, number=2)
    with pytest.raises(PermissionDenied, match="owned by no one yet"):
        _score(risk, owner, 0)


# -- scoring, history and trend ---------------------------------------------------------------


def test_rescoring_keeps_every_review_and_shows_the_trend(seed_plan, owned, owner, officer):
    _score(owned, owner, 1, (4, 4), (4, 3), on=dt.date(2026, 5, 1), reason="First assessment")
    _score(owned, officer, 2, (4, 4), (3, 3), on=dt.date(2026, 8, 1), reason="New controls")
    row = _row(seed_plan, "Risk 13")
    assert row.trend is Trend.REDUCING
    assert (row.inherent.value, row.residual.value, row.residual_rating) == (16, 9, "High")
    reviews = list(RiskReview.objects.filter(entry=row.entry))
    assert [(r.reviewed_on, r.residual_score, r.reason, r.recorded_by) for r in reviews] == [
        (dt.date(2026, 5, 1), 12, "First assessment", owner),
        (dt.date(2026, 8, 1), 9, "New controls", officer),
    ]
    _score(owned, owner, 3, (4, 4), (4, 4), reason="Funding cut")
    assert _row(seed_plan, "Risk 13").trend is Trend.INCREASING


def test_score_sets_next_review_a_quarter_later_unless_given(seed_plan, owned, owner):
    _score(owned, owner, 1)
    assert _row(seed_plan, "Risk 13").review_date == dt.date(2027, 2, 28)
    _score(owned, owner, 2, next_review=dt.date(2026, 12, 31), reason="Monthly watch")
    assert _row(seed_plan, "Risk 13").review_date == dt.date(2026, 12, 31)


def test_score_overdue_review_is_flagged(seed_plan, owned, owner):
    _score(owned, owner, 1, on=dt.date(2026, 5, 1))  # next review 1 August 2026
    row = _row(seed_plan, "Risk 13")
    assert row.review_overdue and row.due_for_review
    assert _row(seed_plan, "Risk 13", as_of=dt.date(2026, 8, 1)).review_state is ReviewState.DUE
    assert _row(seed_plan, "Risk 13", as_of=dt.date(2026, 7, 2)).review_state is ReviewState.DUE
    early = _row(seed_plan, "Risk 13", as_of=dt.date(2026, 7, 1))  # 31 days before
    assert early.review_state is ReviewState.SCHEDULED


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"inherent": (6, 1)}, "inherent"),
        ({"residual": (5, 5)}, "residual"),  # higher than inherent 16
        ({"reason": " "}, "reason"),
        ({"on": dt.date(2026, 12, 1)}, "reviewed_on"),
        ({"next_review": dt.date(2026, 11, 30)}, "next_review"),
    ],
)
def test_score_rejects_bad_input_and_changes_nothing(owned, owner, kwargs, field):
    with pytest.raises(ValueRejected) as caught:
        _score(owned, owner, 1, **kwargs)
    assert caught.value.field == field
    assert not RiskReview.objects.exists()
    assert RiskEntry.objects.get().version == 1


def test_score_stale_version_changes_nothing(seed_plan, owned, owner, officer):
    _score(owned, owner, 1)
    with pytest.raises(EditConflict):
        _score(owned, officer, 1, residual=(1, 1))
    assert _row(seed_plan, "Risk 13").residual.value == 9
    assert RiskReview.objects.count() == 1


def test_score_audit_has_before_after_and_reason(owned, owner):
    _score(owned, owner, 1, reason="Quarterly review")
    event = AuditEvent.objects.get(action="risk.score")
    assert event.before["residual"] is None
    assert event.after["residual"] == [3, 3]
    assert event.reason == "Quarterly review"
    assert event.actor == owner


# -- details: causes, controls, further actions, target -----------------------------------


def test_details_record_causes_controls_actions_and_target(seed_plan, owned, owner):
    tasks = list(seed_plan.key_tasks.filter(code__in=["BCRPASB_29", "COMS2629_16"]))
    risk_details_update(
        risk=owned,
        causes="Reduced partner funding",
        controls="Monthly CSP meetings",
        further_actions=tasks,
        target=Score(2, 3),
        review_date=dt.date(2027, 1, 31),
        by=owner,
        expected_version=1,
    )
    row = _row(seed_plan, "Risk 13")
    assert {t.code for t in row.further_actions} == {"BCRPASB_29", "COMS2629_16"}
    assert row.target.value == 6
    assert row.meets_target is None  # not scored yet
    _score(owned, owner, 2, residual=(2, 3))
    assert _row(seed_plan, "Risk 13").meets_target is True
    header, rows = risk_register_csv(risk_register(seed_plan, as_of=AS_OF))
    line = dict(zip(header, next(r for r in rows if r[0] == "Risk 13"), strict=True))
    assert line["Further actions"] == ["BCRPASB_29", "COMS2629_16"]
    assert line["Target score"] == 6


def test_details_target_off_matrix_rejected(owned, owner):
    with pytest.raises(ValueRejected) as caught:
        risk_details_update(
            risk=owned,
            causes="",
            controls="",
            further_actions=[],
            target=Score(6, 1),
            review_date=None,
            by=owner,
            expected_version=1,
        )
    assert caught.value.field == "target"


def test_plan_apply_refuses_to_remove_a_tracked_risk_and_action_task(seed_plan, owned, owner):
    task = seed_plan.key_tasks.get(code="COMS2629_04")
    risk_details_update(
        risk=owned,
        causes="",
        controls="",
        further_actions=[task],
        target=None,
        review_date=None,
        by=owner,
        expected_version=1,
    )
    data = plan_export(seed_plan)
    data["risks"]["register"] = [r for r in data["risks"]["register"] if r["number"] != 13]
    with pytest.raises(PlanDataError, match="monitoring records depend on it"):
        plan_apply(data)
    data = plan_export(seed_plan)
    data["actions"] = [a for a in data["actions"] if a["code"] != "COMS2629_04"]
    with pytest.raises(PlanDataError):
        plan_apply(data)


# -- the matrix and heat map ---------------------------------------------------------------


def test_heat_map_places_risks_in_their_cells(seed_plan, owned, owner, officer):
    _score(owned, owner, 1, (4, 4), (3, 2))
    strategic = seed_plan.strategic_risks.order_by("position").first()
    risk_owner_set(risk=strategic, owner=None, by=officer, expected_version=0)
    _score(strategic, officer, 1, (5, 5), (3, 2))
    heat = risk_heat_map(risk_register(seed_plan, as_of=AS_OF))
    assert [r.likelihood for r in heat.rows] == [5, 4, 3, 2, 1]
    assert heat.rows[0].label == "Almost certain"
    cell = heat.rows[2].cells[1]  # likelihood 3, impact 2
    assert (cell.likelihood, cell.impact, cell.score, cell.rating) == (3, 2, 6, "Medium")
    assert [r.ref for r in cell.risks] == ["Risk 13", "Key strategic risk 1"]
    assert sum(len(c.risks) for row in heat.rows for c in row.cells) == 2
    assert len(heat.unscored) == len(risk_register(seed_plan, as_of=AS_OF).rows) - 2
    header, rows = heat.table()
    assert header[:5] == ["Risk", "Title", "Likelihood", "Impact", "Score"]
    assert rows[0][:5] == [
        "Key strategic risk 1",
        "Failure to contribute effectively to dealing with crime and disorder",
        "3 Possible",
        "2 Minor",
        6,
    ]
    inherent = risk_heat_map(risk_register(seed_plan, as_of=AS_OF), which="inherent")
    assert [r.ref for r in inherent.rows[0].cells[4].risks] == ["Key strategic risk 1"]


def test_matrix_set_to_4x4_with_labels_only_by_administrators(seed_plan, administrator, officer):
    spec = default_matrix(4)
    with pytest.raises(PermissionDenied):
        risk_matrix_set(
            organisation=seed_plan.organisation, spec=spec, by=officer, expected_version=0
        )
    risk_matrix_set(
        organisation=seed_plan.organisation, spec=spec, by=administrator, expected_version=0
    )
    heat = risk_heat_map(risk_register(seed_plan, as_of=AS_OF))
    assert len(heat.rows) == 4 and heat.impact_labels[-1] == "Critical"
    assert AuditEvent.objects.filter(action="risk.matrix").count() == 1
    with pytest.raises(EditConflict):
        risk_matrix_set(
            organisation=seed_plan.organisation, spec=spec, by=administrator, expected_version=0
        )


def test_matrix_set_refuses_to_shrink_below_scores_in_use(seed_plan, owned, owner, administrator):
    _score(owned, owner, 1, (5, 4), (3, 3))
    with pytest.raises(ValueRejected, match="re-score it before making the matrix smaller"):
        risk_matrix_set(
            organisation=seed_plan.organisation,
            spec=default_matrix(4),
            by=administrator,
            expected_version=0,
        )


def test_matrix_4x4_rejects_a_5_score(seed_plan, owned, owner, administrator):
    risk_matrix_set(
        organisation=seed_plan.organisation,
        spec=default_matrix(4),
        by=administrator,
        expected_version=0,
    )
    with pytest.raises(ValueRejected, match="from 1 to 4"):
        _score(owned, owner, 1, (5, 4), (3, 3))


def test_matrix_set_rejects_bad_labels(seed_plan, administrator):
    spec = MatrixSpec(4, ["a", "b"], ["1", "2", "3", "4"], default_matrix(4).bands)
    with pytest.raises(ValueRejected) as caught:
        risk_matrix_set(
            organisation=seed_plan.organisation, spec=spec, by=administrator, expected_version=0
        )
    assert caught.value.field == "likelihood_labels"
