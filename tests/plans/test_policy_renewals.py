"""The policy register's renewal tracker: rules, the seed's overdue strategy, recording renewals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.models import AuditEvent
from civicplan.planio.apply import PlanDataError, plan_apply
from civicplan.planio.plan_json import plan_export
from civicplan.plans.models import PolicyRenewal, Post, Recurrence
from civicplan.plans.rules import RenewalState, next_renewal_due, one_year_after, renewal_state
from civicplan.plans.selectors import policy_renewal_csv, policy_renewal_tracker
from civicplan.plans.services import policy_renewal_record
from tests.factories.plan_data import LICENSING_MANAGER
from tests.factories.seed import AS_OF

VAWG = "Ending Violence Against Women and Girls Strategy 2021 – 2024"
CRIME_PLAN = "Broxtowe Crime Reduction Plan 2023 – 2026"
PLAN_START = dt.date(2026, 4, 1)

# -- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "state"),
    [
        (-1, RenewalState.OVERDUE),
        (0, RenewalState.DUE_SOON),
        (90, RenewalState.DUE_SOON),
        (91, RenewalState.LATER),
    ],
)
def test_renewal_state_boundaries(days, state):
    assert renewal_state(AS_OF + dt.timedelta(days=days), "", AS_OF) is state


def test_renewal_state_under_constant_review_is_never_overdue():
    assert renewal_state(None, Recurrence.CONTINUOUS, AS_OF) is RenewalState.UNDER_REVIEW
    long_ago = dt.date(2000, 1, 1)
    assert renewal_state(long_ago, Recurrence.CONTINUOUS, AS_OF) is RenewalState.UNDER_REVIEW


def test_renewal_state_fixed_without_date_is_flagged():
    assert renewal_state(None, "", AS_OF) is RenewalState.NO_DATE


def test_next_renewal_due_annual_without_renewal_is_end_of_first_plan_year():
    due = next_renewal_due(recurrence=Recurrence.ANNUAL, printed_date=None, plan_start=PLAN_START)
    assert due == dt.date(2027, 3, 31)


def test_next_renewal_due_annual_is_a_year_after_last_approval():
    due = next_renewal_due(
        recurrence=Recurrence.ANNUAL,
        printed_date=None,
        plan_start=PLAN_START,
        last_approved_on=dt.date(2027, 2, 24),
    )
    assert due == dt.date(2028, 2, 24)


def test_one_year_after_leap_day():
    assert one_year_after(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_next_renewal_due_fixed_uses_printed_then_recorded_date():
    printed = dt.date(2025, 8, 31)
    assert next_renewal_due(recurrence="", printed_date=printed, plan_start=PLAN_START) == printed
    moved = next_renewal_due(
        recurrence="",
        printed_date=printed,
        plan_start=PLAN_START,
        last_approved_on=dt.date(2026, 6, 1),
        last_next_date=dt.date(2029, 6, 1),
    )
    assert moved == dt.date(2029, 6, 1)


def test_next_renewal_due_continuous_is_none():
    assert (
        next_renewal_due(
            recurrence=Recurrence.CONTINUOUS,
            printed_date=None,
            plan_start=PLAN_START,
            last_approved_on=AS_OF,
        )
        is None
    )


# -- the seed -------------------------------------------------------------------------------


def _rows(plan, as_of=AS_OF, **kwargs):
    return {row.title: row for row in policy_renewal_tracker(plan, as_of=as_of, **kwargs).rows}


def test_seed_vawg_strategy_is_overdue_on_30_november_2026(seed_plan):
    tracker = policy_renewal_tracker(seed_plan, as_of=AS_OF)
    assert [row.title for row in tracker.overdue] == [VAWG]
    row = tracker.overdue[0]
    assert row.policy.renewal_text == "2024 due Summer 2025 – awaited"
    assert row.next_due == dt.date(2025, 8, 31)
    assert row.state.label == "Overdue"


def test_seed_register_grouped_by_urgency(seed_plan):
    tracker = policy_renewal_tracker(seed_plan, as_of=AS_OF)
    assert {row.title for row in tracker.due_soon} == {
        "Food Service Plan",
        CRIME_PLAN,
        "Hate Crime Pledge 2023",
        "Serious and Organised Crime Strategy 2023 – 2026",
    }
    rows = _rows(seed_plan)
    assert rows["Business Strategy"].next_due == dt.date(2027, 3, 31)
    assert rows["Business Strategy"].state is RenewalState.LATER
    annual_plan = rows["South Notts Community Safety Partnership Serious Violence Response Plan"]
    assert annual_plan.next_due == dt.date(2027, 3, 31)
    hackney = rows["Broxtowe Hackney Carriage and Private Hire Policy"]
    assert hackney.state is RenewalState.UNDER_REVIEW and hackney.next_due is None
    assert tracker.counts == {
        "overdue": 1,
        "due_soon": 4,
        "later": 20,
        "under_review": 1,
        "no_date": 0,
    }


def test_seed_annual_policies_become_due_soon_90_days_before_year_end(seed_plan):
    rows = _rows(seed_plan, as_of=dt.date(2026, 12, 31))  # 31 March 2027 is the 90th day
    assert rows["Business Strategy"].state is RenewalState.DUE_SOON
    assert _rows(seed_plan, as_of=dt.date(2026, 12, 30))["Business Strategy"].state is (
        RenewalState.LATER
    )


def test_owners_see_their_own_policies(seed_plan, colleague):
    mine = policy_renewal_tracker(seed_plan, as_of=AS_OF, user=colleague)
    assert {row.title for row in mine.rows} == {
        "Broxtowe Hackney Carriage and Private Hire Policy",
        "Broxtowe Statement of Licensing Policy",
        "Broxtowe Gambling Licensing Statement",
        "Broxtowe Sex Establishment Policy",
    }
    post = Post.objects.get(title=LICENSING_MANAGER)
    assert len(policy_renewal_tracker(seed_plan, as_of=AS_OF, post_ids={post.pk}).rows) == 4


# -- recording renewals ---------------------------------------------------------------------


def _renew(policy, by, version=0, **kwargs):
    values = {
        "document_version": "2025–2028",
        "approved_on": dt.date(2026, 10, 14),
        "approved_by_body": "Cabinet",
        "document_url": "https://www.broxtowe.gov.uk/media/vawg-strategy-2025.pdf",
        "next_renewal_date": dt.date(2028, 10, 31),
    }
    values.update(kwargs)
    return policy_renewal_record(
        policy=policy, by=by, expected_version=version, as_of=AS_OF, **values
    )


def test_renewal_moves_the_next_date_and_keeps_history(seed_plan, officer):
    policy = seed_plan.policies.get(title=VAWG)
    _renew(policy, officer)
    _renew(
        policy,
        officer,
        1,
        document_version="2025–2028 (refresh)",
        approved_on=dt.date(2026, 11, 20),
        next_renewal_date=dt.date(2029, 3, 31),
    )
    row = _rows(seed_plan)[VAWG]
    assert row.state is RenewalState.LATER and row.next_due == dt.date(2029, 3, 31)
    assert [(r.sequence, r.document_version, r.approved_by_body) for r in row.renewals] == [
        (1, "2025–2028", "Cabinet"),
        (2, "2025–2028 (refresh)", "Cabinet"),
    ]
    assert row.version == 2
    event = AuditEvent.objects.filter(action="policy.renewal").order_by("id").first()
    assert event.before == {"next_due": "2025-08-31"}
    assert event.after["next_due"] == "2028-10-31"
    assert event.actor == officer


def test_renewal_of_annual_policy_is_due_a_year_after_approval(seed_plan, owner):
    policy = seed_plan.policies.get(title="Broxtowe Modern Slavery and Human Trafficking Statement")
    _renew(policy, owner, approved_on=dt.date(2026, 7, 15), next_renewal_date=None, document_url="")
    row = _rows(seed_plan)[policy.title]
    assert row.next_due == dt.date(2027, 7, 15)
    assert row.latest.document_url == ""


def test_renewal_of_annual_policy_refuses_a_typed_next_date(seed_plan, owner):
    policy = seed_plan.policies.get(title="Broxtowe Modern Slavery and Human Trafficking Statement")
    with pytest.raises(ValueRejected, match="renewed every year") as caught:
        _renew(policy, owner)
    assert caught.value.field == "next_renewal_date"


def test_renewal_of_fixed_policy_needs_next_date(seed_plan, owner):
    with pytest.raises(ValueRejected) as caught:
        _renew(seed_plan.policies.get(title=CRIME_PLAN), owner, next_renewal_date=None)
    assert caught.value.field == "next_renewal_date"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "www.broxtowe.gov.uk/policy.pdf", "ftp://files/policy.pdf", "https://"],
)
def test_renewal_rejects_links_that_are_not_web_addresses(seed_plan, owner, url):
    with pytest.raises(ValueRejected) as caught:
        _renew(seed_plan.policies.get(title=CRIME_PLAN), owner, document_url=url)
    assert caught.value.field == "document_url"
    assert not PolicyRenewal.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"document_version": " "}, "document_version"),
        ({"approved_by_body": ""}, "approved_by_body"),
        ({"approved_on": dt.date(2026, 12, 1)}, "approved_on"),
        ({"next_renewal_date": dt.date(2026, 10, 14)}, "next_renewal_date"),
    ],
)
def test_renewal_rejects_bad_input(seed_plan, owner, kwargs, field):
    with pytest.raises(ValueRejected) as caught:
        _renew(seed_plan.policies.get(title=CRIME_PLAN), owner, **kwargs)
    assert caught.value.field == field


def test_renewal_cannot_predate_the_last_one(seed_plan, owner):
    policy = seed_plan.policies.get(title=CRIME_PLAN)
    _renew(policy, owner)
    with pytest.raises(ValueRejected, match="14 October 2026"):
        _renew(policy, owner, 1, approved_on=dt.date(2026, 9, 1))


@pytest.mark.parametrize("persona", ["owner", "officer", "administrator"])
def test_renewal_allowed_for_policy_owner_and_performance_officers(request, seed_plan, persona):
    assert _renew(seed_plan.policies.get(title=CRIME_PLAN), request.getfixturevalue(persona))


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_renewal_refused_for_colleague_and_viewer(request, seed_plan, persona):
    with pytest.raises(PermissionDenied, match="owned by Head of Communities"):
        _renew(seed_plan.policies.get(title=CRIME_PLAN), request.getfixturevalue(persona))


def test_renewal_of_outside_body_policy_is_for_performance_officers(seed_plan, owner):
    with pytest.raises(PermissionDenied, match="owned by Home Office"):
        _renew(seed_plan.policies.get(title=VAWG), owner)


def test_renewal_stale_version_changes_nothing(seed_plan, owner, officer):
    policy = seed_plan.policies.get(title=CRIME_PLAN)
    _renew(policy, owner)
    with pytest.raises(EditConflict):
        _renew(policy, officer, 0, approved_on=dt.date(2026, 11, 1))
    assert PolicyRenewal.objects.filter(policy=policy).count() == 1


def test_renewal_csv_has_one_row_per_policy(seed_plan, officer):
    _renew(seed_plan.policies.get(title=VAWG), officer)
    tracker = policy_renewal_tracker(seed_plan, as_of=AS_OF)
    header, rows = policy_renewal_csv(tracker)
    assert len(rows) == 26 == seed_plan.policies.count()
    line = dict(zip(header, next(r for r in rows if r[0] == VAWG), strict=True))
    assert line["Next renewal due"] == dt.date(2028, 10, 31)
    assert line["Owners"] == ["Home Office"]
    assert line["Document"].startswith("https://")


def test_plan_apply_refuses_to_remove_a_renewed_policy(seed_plan, officer):
    _renew(seed_plan.policies.get(title=VAWG), officer)
    data = plan_export(seed_plan)
    data["policies"] = [p for p in data["policies"] if p["title"] != VAWG]
    with pytest.raises(PlanDataError, match="monitoring records depend on it"):
        plan_apply(data)
