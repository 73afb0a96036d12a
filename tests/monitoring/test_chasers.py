"""Deadlines, what is late by owner, and reminder e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from civicplan.accounts.roles import Role
from civicplan.config.settings import env_int
from civicplan.core.models import AuditEvent
from civicplan.core.periods import Period
from civicplan.monitoring.chasers import (
    LateState,
    late_by_post,
    late_values,
    period_due_date,
    reminders_send,
)
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.services import (
    ValueInput,
    indicator_value_approve,
    indicator_value_return,
    indicator_value_save,
)
from tests.factories.users import COLLEAGUE_POST, OWNER_POST, persona

Q2 = Period.parse("2026/27-Q2")
DUE = dt.date(2026, 10, 21)  # 15 working days after Wednesday 30 September 2026
DAY_AFTER = dt.date(2026, 10, 22)
EH_POST = "Head of Environmental Health, Licensing and Private Sector Housing"
HOUSING_POST = "Housing Operations Manager"
OWNER_CODES = [
    "ComS_001",
    "ComS_011",
    "ComS_014",
    "ComS_024a",
    "ComS_024b",
    "ComS_014a",
    "ComS_014b",
    "ComS_014c",
    "ComS_100",
]


def _save(plan, code, value, by, *, submit, commentary="Checked"):
    """A figure as its owner would send it: with the remedial action and forecast an off-target
    figure needs, and confirmed where it is unusual (these tests are about lateness)."""
    entry = ValueInput(
        plan.indicators.get(code=code), Q2, value, commentary, "Extra patrols", "On target by Q4"
    )
    return indicator_value_save(
        entry=entry, by=by, submit=submit, as_of=DAY_AFTER, confirm_unusual=True
    )


def test_due_date_is_fifteen_working_days_after_the_quarter():
    assert period_due_date(Q2) == DUE


def test_late_values_nothing_is_late_on_the_due_date(seed_plan):
    assert late_values(seed_plan, Q2, today=DUE) == []


def test_late_values_the_day_after_lists_every_owned_figure_by_post(seed_plan):
    items = late_values(seed_plan, Q2, today=DAY_AFTER)

    groups = late_by_post(items)
    assert [(post.title, len(post_items)) for post, post_items in groups] == [
        (OWNER_POST, 9),
        (EH_POST, 11),
        (HOUSING_POST, 4),
        (COLLEAGUE_POST, 4),
    ]
    assert [item.indicator.code for item in groups[0][1]] == OWNER_CODES
    first = groups[0][1][0]
    assert (first.period, first.due, first.working_days_late, first.state) == (
        Q2,
        DUE,
        1,
        LateState.NOTHING,
    )
    assert [post.title for post in first.owners] == [OWNER_POST]
    # ComS_024a has no owner of its own: it is its group's (ComS_024) to enter.
    assert [p.title for p in groups[0][1][3].owners] == [OWNER_POST]
    # Derived ratios are never chased: their parts are.
    assert not {"ComS_024", "ComS_012d", "ComS_013d", "ComS_014d"} & {
        item.indicator.code for item in items
    }


def test_late_values_counts_working_days_over_a_weekend(seed_plan):
    items = late_values(seed_plan, Q2, today=dt.date(2026, 10, 26))  # the Monday after

    assert {item.working_days_late for item in items} == {3}


def test_late_values_state_follows_the_figure(seed_plan, owner, officer):
    _save(seed_plan, "ComS_011", 850, owner, submit=False)
    _save(seed_plan, "ComS_014", 40, owner, submit=True)
    returned = _save(seed_plan, "ComS_001", 3300, owner, submit=True)
    indicator_value_return(
        value_id=returned.pk, by=officer, expected_version=returned.version, reason="Wrong quarter"
    )
    approved = _save(seed_plan, "ComS_100", 70, owner, submit=True)
    indicator_value_approve(value_id=approved.pk, by=officer, expected_version=approved.version)

    items = {i.indicator.code: i for i in late_values(seed_plan, Q2, today=DAY_AFTER)}

    assert items["ComS_011"].state is LateState.DRAFT
    assert items["ComS_001"].state is LateState.RETURNED
    assert items["ComS_001"].return_reason == "Wrong quarter"
    assert items["ComS_024a"].state is LateState.NOTHING
    assert "ComS_014" not in items  # submitted: with the performance officer now
    assert "ComS_100" not in items  # approved


def test_late_values_runs_a_fixed_number_of_queries(seed_plan, owner, django_assert_num_queries):
    with django_assert_num_queries(6):
        late_values(seed_plan, Q2, today=DAY_AFTER)
    for code in OWNER_CODES:
        _save(seed_plan, code, 10, owner, submit=False)
    assert IndicatorValue.objects.count() == 9
    with django_assert_num_queries(6):
        late_values(seed_plan, Q2, today=DAY_AFTER)


def test_late_values_due_days_come_from_the_setting(seed_plan, settings):
    settings.CIVICPLAN_DUE_WORKING_DAYS = 16

    assert period_due_date(Q2) == DAY_AFTER
    assert late_values(seed_plan, Q2, today=DAY_AFTER) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 15), ("", 15), (" 20 ", 20), ("0", 0)],
)
def test_env_int_reads_whole_numbers(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("CIVICPLAN_DUE_WORKING_DAYS", raising=False)
    else:
        monkeypatch.setenv("CIVICPLAN_DUE_WORKING_DAYS", raw)

    assert env_int("CIVICPLAN_DUE_WORKING_DAYS", 15, minimum=0, maximum=60) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("fifteen", "must be a whole number"), ("-1", "between 0 and 60"), ("61", "not 61")],
)
def test_env_int_rejects_bad_values(monkeypatch, raw, message):
    monkeypatch.setenv("CIVICPLAN_DUE_WORKING_DAYS", raw)

    with pytest.raises(ImproperlyConfigured, match=message):
        env_int("CIVICPLAN_DUE_WORKING_DAYS", 15, minimum=0, maximum=60)


def test_reminders_go_to_each_holder_once_after_commit(
    seed_plan, owner, colleague, django_capture_on_commit_callbacks
):
    both = persona("deputy", Role.INDICATOR_OWNER, OWNER_POST, COLLEAGUE_POST)
    no_address = persona("noaddress", Role.INDICATOR_OWNER, OWNER_POST, email="")

    with django_capture_on_commit_callbacks() as callbacks:
        run = reminders_send(seed_plan, Q2, today=DAY_AFTER)
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert run.sent == 3
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("colleague@example.org", "civicplan: 4 figures for 2026/27 Q2 are late"),
        ("deputy@example.org", "civicplan: 13 figures for 2026/27 Q2 are late"),
        ("owner@example.org", "civicplan: 9 figures for 2026/27 Q2 are late"),
    ]
    to_owner = next(m for m in mail.outbox if m.to == ["owner@example.org"])
    assert "Dear Owner," in to_owner.body
    assert "These figures were due on Wednesday 21 October 2026" in to_owner.body
    assert (
        "- ComS_011 ASB Incidents (police) (2026/27 Q2): nothing entered, 1 working day late"
        in to_owner.body
    )
    assert "ComS_069" not in to_owner.body
    assert [post.title for post in run.no_one] == [EH_POST, HOUSING_POST]
    assert run.no_address == [no_address]
    audit = AuditEvent.objects.get(action="reminders.send")
    assert audit.after["recipients"] == ["colleague", "deputy", "owner"]
    assert both.email == "deputy@example.org"


def test_reminders_list_returned_figures_with_the_reason(
    seed_plan, owner, officer, django_capture_on_commit_callbacks
):
    row = _save(seed_plan, "ComS_011", 850, owner, submit=True)
    indicator_value_return(
        value_id=row.pk, by=officer, expected_version=row.version, reason="Police figure is 830"
    )

    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(seed_plan, Q2, today=DAY_AFTER)

    assert (
        "- ComS_011 ASB Incidents (police) (2026/27 Q2): returned for correction, 1 working day "
        'late\n  Returned because: "Police figure is 830"'
    ) in mail.outbox[0].body


def test_reminders_none_before_the_deadline(seed_plan, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(seed_plan, Q2, today=DUE)

    assert (run.sent, len(mail.outbox)) == (0, 0)
    assert not AuditEvent.objects.filter(action="reminders.send").exists()


def test_reminders_dry_run_sends_nothing(seed_plan, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(seed_plan, Q2, today=DAY_AFTER, dry_run=True)

    assert [r.user for r in run.reminders] == [owner]
    assert (run.sent, len(mail.outbox)) == (0, 0)


def test_reminders_only_a_performance_officer_may_send(seed_plan, owner, viewer, administrator):
    with pytest.raises(PermissionDenied):
        reminders_send(seed_plan, Q2, today=DAY_AFTER, by=owner)
    with pytest.raises(PermissionDenied):
        reminders_send(seed_plan, Q2, today=DAY_AFTER, by=viewer)

    run = reminders_send(seed_plan, Q2, today=DAY_AFTER, by=administrator, dry_run=True)
    assert [r.user for r in run.reminders] == [owner]
