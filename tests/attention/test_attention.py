"""What needs attention per post: the selector and the ``civicplan attention`` command."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from civicplan.attention.selectors import attention_for_user, plan_attention
from civicplan.core.periods import Period
from civicplan.monitoring.services import ValueInput, indicator_value_save
from civicplan.plans.models import Post
from civicplan.risks.models import RegisterRisk
from civicplan.risks.rules import Score
from civicplan.risks.services import risk_owner_set, risk_score_record
from civicplan.tasks.models import TaskStatus
from civicplan.tasks.services import key_task_progress_record
from tests.clock import AFTER_PLAN
from tests.factories.plan_data import HEAD_OF_COMMUNITIES, LICENSING_MANAGER
from tests.factories.seed import AS_OF

Q2 = Period.parse("2026/27-Q2")


def _attention(plan, title=HEAD_OF_COMMUNITIES, as_of=AS_OF):
    return plan_attention(plan, as_of=as_of).for_post(Post.objects.get(title=title))


def _run(*args):
    out = io.StringIO()
    call_command("attention", *args, stdout=out)
    return out.getvalue()


def test_attention_lists_the_posts_overdue_and_due_soon_tasks(seed_plan):
    mine = _attention(seed_plan)
    assert [t.code for t in mine.tasks_overdue] == ["BCRPMS_01", "COMS2629_09", "COMS2629_13"]
    assert [t.code for t in mine.tasks_due_soon] == ["COMS2629_16"]
    post_tasks = seed_plan.key_tasks.filter(keytaskofficer__post__title=HEAD_OF_COMMUNITIES)
    assert len(mine.tasks_to_update) == post_tasks.count() == 20  # none has reported Q2


def test_attention_policies_to_renew(seed_plan):
    mine = _attention(seed_plan)
    assert mine.policies_overdue == []
    assert {p.title for p in mine.policies_due_soon} == {
        "Broxtowe Crime Reduction Plan 2023 – 2026",
        "Hate Crime Pledge 2023",
        "Serious and Organised Crime Strategy 2023 – 2026",
    }
    everyone = plan_attention(seed_plan, as_of=AS_OF).for_posts(None)
    assert [p.title for p in everyone.policies_overdue] == [
        "Ending Violence Against Women and Girls Strategy 2021 – 2024"
    ]


def test_attention_indicators_missing_for_the_ended_quarter(seed_plan):
    mine = _attention(seed_plan)
    codes = [i.code for i in mine.indicators_missing]
    assert "ComS_001" in codes
    assert all(i.period == Q2 for i in mine.indicators_missing)
    assert mine.indicators_missing[0].due_date == dt.date(2026, 10, 21)
    assert mine.indicators_due == []
    licensing = [i.code for i in _attention(seed_plan, LICENSING_MANAGER).indicators_missing]
    assert "ComS_093a" in licensing and "ComS_001" not in licensing


def test_attention_indicators_due_before_their_deadline(seed_plan):
    early = _attention(seed_plan, as_of=dt.date(2026, 10, 10))
    assert early.indicators_missing == []
    assert early.indicators_due and early.indicators_due[0].due_date == dt.date(2026, 10, 21)


def test_attention_clears_what_was_done(seed_plan, owner):
    key_task_progress_record(
        task=seed_plan.key_tasks.get(code="COMS2629_09"),
        period=Q2,
        status=TaskStatus.COMPLETED,
        percent_complete=100,
        by=owner,
        expected_version=0,
        as_of=AS_OF,
    )
    indicator_value_save(
        entry=ValueInput(seed_plan.indicators.get(code="ComS_001"), Q2, 1700),
        by=owner,
        submit=True,
        as_of=AS_OF,
    )
    mine = attention_for_user(seed_plan, owner, as_of=AS_OF)
    assert "COMS2629_09" not in [t.code for t in mine.tasks_overdue]
    assert "COMS2629_09" not in [t.code for t in mine.tasks_to_update]
    assert "ComS_001" not in [i.code for i in mine.indicators_missing]


def test_attention_risks_to_review(seed_plan, officer):
    risk = RegisterRisk.objects.get(plan=seed_plan, number=13)
    post = Post.objects.get(title=HEAD_OF_COMMUNITIES)
    risk_owner_set(risk=risk, owner=post, by=officer, expected_version=0)
    assert [r.ref for r in _attention(seed_plan).risks] == ["Risk 13"]  # never scored
    risk_score_record(
        risk=risk,
        inherent=Score(4, 4),
        residual=Score(3, 3),
        reason="Review",
        by=officer,
        expected_version=1,
        reviewed_on=AS_OF,
        as_of=AS_OF,
    )
    assert _attention(seed_plan).risks == []  # next review 28 February 2027
    later = _attention(seed_plan, as_of=dt.date(2027, 2, 1))
    assert [(r.ref, r.review_state.value) for r in later.risks] == [("Risk 13", "due")]


def test_attention_counts_for_navigation(seed_plan, viewer_holding_post, officer):
    counts = _attention(seed_plan).counts
    assert (
        counts["total"]
        == counts["indicators"] + counts["tasks"] + counts["risks"] + (counts["policies"])
    )
    assert counts["policies"] == 3
    assert attention_for_user(seed_plan, officer, as_of=AS_OF).counts["total"] == 0  # holds no post


def test_attention_command_json_for_one_post(seed_plan):
    payload = json.loads(
        _run("--as-of", "2026-11-30", "--post", HEAD_OF_COMMUNITIES, "--format", "json")
    )
    assert payload["as_of"] == "2026-11-30"
    assert payload["plan"] == seed_plan.title
    [section] = payload["posts"]
    assert section["post"] == HEAD_OF_COMMUNITIES
    assert section["tasks_overdue"] == ["BCRPMS_01", "COMS2629_09", "COMS2629_13"]
    assert section["tasks_due_soon"] == ["COMS2629_16"]
    assert section["policies_overdue"] == []
    assert "Hate Crime Pledge 2023" in section["policies_due_soon"]
    assert "ComS_001" in section["indicators_missing"]
    assert section["risks_to_review"] == []
    assert section["counts"]["policies"] == 3


def test_attention_command_json_for_every_post(seed_plan):
    payload = json.loads(_run("--as-of", "2026-11-30", "--format", "json"))
    sections = {s["post"]: s for s in payload["posts"]}
    assert sections["Home Office"]["policies_overdue"] == [
        "Ending Violence Against Women and Girls Strategy 2021 – 2024"
    ]
    assert "ComS2629_02" in sections[LICENSING_MANAGER]["tasks_overdue"]
    assert list(sections) == sorted(sections)


def test_attention_command_text(seed_plan):
    text = _run("--as-of", "2026-11-30", "--post", "head of communities and community safety")
    assert "what needs attention on 30 November 2026" in text
    assert "Tasks overdue (3):" in text
    assert "    - COMS2629_09 (due 31 March 2026)" in text
    assert "Policies due for renewal within 90 days (3):" in text


@pytest.mark.today(AFTER_PLAN)
def test_attention_command_after_the_plan_says_so(seed_plan):
    lines = _run("--post", HEAD_OF_COMMUNITIES).splitlines()

    assert lines[:2] == [
        "Community Safety Business Plan 2026–2029: what needs attention on 2 May 2029",
        "The plan ended on 31 March 2029; showing its last quarter, 2028/29 Q4.",
    ]
    assert lines[3].startswith(f"{HEAD_OF_COMMUNITIES}: ")
    assert json.loads(_run("--format", "json"))["note"] == lines[1]


def test_attention_command_inside_the_plan_has_no_note(seed_plan):
    payload = json.loads(_run("--as-of", "2026-11-30", "--format", "json"))

    assert payload["note"] == ""


def test_attention_command_unknown_post_suggests(seed_plan):
    with pytest.raises(CommandError, match="Did you mean: Licensing Manager"):
        _run("--post", "Licencing Manager")


def test_attention_command_bad_date(seed_plan):
    with pytest.raises(CommandError, match="write it as 2026-11-30"):
        _run("--as-of", "30/11/2026")
