"""A report is a snapshot: a period and an as-of date give the same document on any day.

Figures, progress reports, risk reviews and budget actuals are recorded through the services on
chosen days (time-machine), and the Q1 2026/27 report is built as of 1 August 2026: before and
after later approvals, corrections and progress, with the clock on 1 September 2026 and on
1 March 2028.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from civicplan.accounts.roles import Role
from civicplan.budgets.services import budget_actual_record
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.monitoring.services import ValueInput, indicator_value_approve, indicator_value_save
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan
from civicplan.plans.services import policy_renewal_record
from civicplan.reports.quarterly.document import QuarterlyReport, Table
from civicplan.reports.quarterly.exports import report_bytes
from civicplan.reports.quarterly.model import quarterly_report
from civicplan.risks.models import RegisterRisk
from civicplan.risks.rules import Score
from civicplan.risks.services import risk_score_record
from civicplan.tasks.services import key_task_progress_record, key_task_target_date_change
from tests.clock import moment

from .conftest import COMMUNITIES, ENVIRONMENTAL, FORECAST, Q1, Q2, REMEDIAL_ACTION, SEED, _user

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 8, 1)
BUILT_EARLY = dt.date(2026, 9, 1)
BUILT_LATE = dt.date(2028, 3, 1)
OVERDUE_POLICY = "Ending Violence Against Women and Girls Strategy 2021 – 2024"


@contextmanager
def on(day: dt.date) -> Iterator[None]:
    """The clock reads 09:00 in London on ``day`` (what is recorded is stamped that day)."""
    with time_machine.travel(moment(day), tick=False):
        yield


class People:
    def __init__(self) -> None:
        self.communities = _user("communities", Role.INDICATOR_OWNER, COMMUNITIES)
        self.environmental = _user("environmental", Role.INDICATOR_OWNER, ENVIRONMENTAL)
        self.officer = _user("officer", Role.PERFORMANCE_OFFICER)


@pytest.fixture
def plan() -> Plan:
    with on(dt.date(2026, 4, 1)):
        return plan_import_file(SEED, as_of=dt.date(2026, 4, 1)).plan


@pytest.fixture
def people(plan) -> People:
    return People()


def approve(plan: Plan, code: str, period, value, *, by, officer, day: dt.date, note: str = ""):
    """The owner submits a figure and a performance officer approves it, both on ``day``."""
    with on(day):
        row = indicator_value_save(
            entry=ValueInput(
                plan.indicators.get(code=code), period, value, note, REMEDIAL_ACTION, FORECAST
            ),
            by=by,
            submit=True,
            as_of=day,
        )
        return indicator_value_approve(value_id=row.pk, by=officer, expected_version=row.version)


def progress(plan: Plan, code: str, period, status, percent, *, by, day: dt.date, note=""):
    with on(day):
        key_task_progress_record(
            task=plan.key_tasks.get(code=code),
            period=period,
            status=status,
            percent_complete=percent,
            commentary=note,
            by=by,
            expected_version=_task_version(plan, code),
            as_of=day,
        )


def _task_version(plan: Plan, code: str) -> int:
    task = plan.key_tasks.select_related("tracking").get(code=code)
    tracking = getattr(task, "tracking", None)
    return tracking.version if tracking else 0


def report(plan: Plan, period, as_of: dt.date) -> QuarterlyReport:
    return quarterly_report(plan, period, audience="cabinet", as_of=as_of)


def _table(report: QuarterlyReport, caption_start: str) -> Table:
    return next(t for t in report.tables if t.caption.startswith(caption_start))


def _rows(table: Table) -> dict[str, list[str]]:
    return {row[0].text: [cell.text for cell in row] for row in table.rows}


def csi(report: QuarterlyReport, code: str) -> list[str]:
    """A CSI's figure, target and status."""
    return _rows(_table(report, "Critical Success Indicators"))[code][2:5]


def _tasks(report: QuarterlyReport):
    return next(s for s in report.sections if s.key == "tasks")


def task_codes(report: QuarterlyReport, caption: str) -> list[str]:
    found = [t for t in report.tables if t.caption == caption]
    return list(_rows(found[0])) if found else []


def since(report: QuarterlyReport) -> list[str]:
    return [item for b in _tasks(report).blocks if b.kind == "bullets" for item in b.items]


def without_prepared_on(text: str) -> str:
    """The document without its "prepared on" line, the one thing allowed to differ by day."""
    return "\n".join(line for line in text.splitlines() if "prepared on" not in line.lower())


# -- Figures ------------------------------------------------------------------------------------


def test_snapshot_leaves_out_a_figure_approved_after_the_as_of_date(plan, people):
    approve(plan, "ComS_011", Q1, 400, by=people.communities, officer=people.officer,
            day=dt.date(2026, 9, 15))  # fmt: skip

    assert csi(report(plan, Q1, AS_OF), "ComS_011") == ["No figure", "450", "Data missing"]
    assert csi(report(plan, Q1, dt.date(2026, 9, 30)), "ComS_011") == ["400", "450", "On target"]
    assert csi(report(plan, Q1, dt.date(2026, 9, 15)), "ComS_011")[0] == "400"
    assert csi(report(plan, Q1, dt.date(2026, 9, 14)), "ComS_011")[0] == "No figure"


def test_snapshot_shows_the_revision_that_stood_on_the_as_of_date(plan, people):
    officer = people.officer
    approve(plan, "ComS_012", Q1, 100, by=people.environmental, officer=officer,
            day=dt.date(2026, 7, 20))  # fmt: skip
    approve(plan, "ComS_012", Q1, 110, by=people.environmental, officer=officer,
            day=dt.date(2026, 10, 12), note="Corrected: two cases were logged twice.")  # fmt: skip

    assert IndicatorValue.objects.get(value=100).status == ValueStatus.SUPERSEDED
    assert csi(report(plan, Q1, dt.date(2026, 8, 15)), "ComS_012")[0] == "100"
    assert csi(report(plan, Q1, dt.date(2026, 10, 11)), "ComS_012")[0] == "100"
    assert csi(report(plan, Q1, dt.date(2026, 10, 12)), "ComS_012")[0] == "110"


def test_snapshot_counts_what_was_waiting_for_approval_on_the_as_of_date(plan, people):
    with on(dt.date(2026, 7, 25)):
        row = indicator_value_save(
            entry=ValueInput(plan.indicators.get(code="ComS_011"), Q1, 400, ""),
            by=people.communities,
            submit=True,
            as_of=dt.date(2026, 7, 25),
        )
    with on(dt.date(2026, 9, 15)):
        indicator_value_approve(value_id=row.pk, by=people.officer, expected_version=row.version)

    notes = next(s for s in report(plan, Q1, AS_OF).sections if s.key == "notes")
    texts = [b.text for b in notes.blocks]

    assert "1 figures are waiting for approval." in texts
    assert "ComS_011" in texts[1]  # no approved figure yet on 1 August


# -- Key tasks ----------------------------------------------------------------------------------


def test_snapshot_judges_key_tasks_at_the_quarters_end(plan, people):
    q1 = report(plan, Q1, AS_OF)
    q2 = report(plan, Q2, dt.date(2026, 11, 30))

    # COMS2629_06 and BCRPMS_01 are due on 31 July 2026: after Q1 ended on 30 June.
    assert task_codes(q1, "Key tasks overdue") == ["ComS2629_02", "COMS2629_09", "COMS2629_13"]
    assert task_codes(q2, "Key tasks overdue") == [
        "COMS2629_06",
        "BCRPMS_01",
        "ComS2629_02",
        "COMS2629_09",
        "COMS2629_13",
    ]
    assert _tasks(q1).blocks[0].text == (
        "Of the plan's 24 key tasks, 0 were completed, 3 were overdue and 0 were at risk or off "
        "track at the end of the quarter (30 June 2026), on the progress reported by "
        "1 August 2026."
    )
    assert since(q1) == [
        "COMS2629_06 Produce and implement Food Service Plan: due on 31 July 2026, after the "
        "quarter, and not reported completed by 1 August 2026.",
        "BCRPMS_01 Deliver Modern Slavery Statement: due on 31 July 2026, after the quarter, and "
        "not reported completed by 1 August 2026.",
    ]
    assert since(q2) == []


def test_snapshot_says_what_happened_to_a_task_after_the_quarter(plan, people):
    officer = people.officer
    progress(plan, "BCRPMS_01", Q1, "on_track", 60, by=officer, day=dt.date(2026, 7, 10))
    progress(plan, "BCRPMS_01", Q2, "completed", 100, by=officer, day=dt.date(2026, 10, 5))
    with on(dt.date(2026, 10, 6)):
        key_task_target_date_change(
            task=plan.key_tasks.get(code="COMS2629_06"),
            new_date=dt.date(2026, 12, 31),
            reason="Waiting for the FSA's new guidance.",
            by=officer,
            expected_version=_task_version(plan, "COMS2629_06"),
        )

    early, late = report(plan, Q1, AS_OF), report(plan, Q1, dt.date(2026, 11, 30))
    q2 = report(plan, Q2, dt.date(2026, 11, 30))

    assert _rows(_table(early, "Key tasks overdue")).keys() == {
        "ComS2629_02",
        "COMS2629_09",
        "COMS2629_13",
    }
    assert task_codes(late, "Key tasks completed") == []
    assert since(late) == [
        "COMS2629_06 Produce and implement Food Service Plan: target date moved from "
        "31 July 2026 to 31 December 2026 on 6 October 2026, after the quarter.",
        "BCRPMS_01 Deliver Modern Slavery Statement: completed (100%), reported for 2026/27 Q2 "
        "on 5 October 2026, after the quarter.",
    ]
    assert task_codes(q2, "Key tasks completed") == ["BCRPMS_01"]
    assert "COMS2629_06" not in task_codes(q2, "Key tasks overdue")
    # On 1 August the date had not moved yet: the task was due on 31 July.
    assert since(early)[0].startswith("COMS2629_06 Produce and implement Food Service Plan: due")


# -- The same document on any day ---------------------------------------------------------------


def record_by_september(plan: Plan, people: People) -> None:
    """What was recorded by 1 September 2026."""
    officer = people.officer
    approve(plan, "ComS_012", Q1, 100, by=people.environmental, officer=officer,
            day=dt.date(2026, 7, 20))  # fmt: skip
    approve(plan, "ComS_014", Q1, 30, by=people.communities, officer=officer,
            day=dt.date(2026, 7, 21), note="Up on last year's first quarter.")  # fmt: skip
    progress(plan, "COMS2629_12", Q1, "at_risk", 20, by=officer, day=dt.date(2026, 7, 15),
             note="Waiting for the police's data-sharing agreement.")  # fmt: skip
    with on(dt.date(2026, 7, 10)):
        risk_score_record(
            risk=RegisterRisk.objects.get(plan=plan, number=2),
            inherent=Score(4, 4),
            residual=Score(3, 3),
            reason="First scoring",
            by=officer,
            expected_version=0,
            reviewed_on=dt.date(2026, 7, 10),
            as_of=dt.date(2026, 7, 10),
        )
    with on(dt.date(2026, 7, 28)):
        budget_actual_record(
            line=plan.budget_lines.order_by("position").first(),
            period=Q1,
            amount="-5000",
            by=officer,
            expected_version=0,
            as_of=dt.date(2026, 7, 28),
        )


def record_after_september(plan: Plan, people: People) -> None:
    """What came later: a late figure, a correction, progress, a re-scoring, more actuals."""
    officer = people.officer
    approve(plan, "ComS_011", Q1, 400, by=people.communities, officer=officer,
            day=dt.date(2026, 9, 15))  # fmt: skip
    approve(plan, "ComS_012", Q1, 110, by=people.environmental, officer=officer,
            day=dt.date(2026, 10, 12), note="Corrected.")  # fmt: skip
    approve(plan, "ComS_011", Q2, 420, by=people.communities, officer=officer,
            day=dt.date(2026, 10, 14))  # fmt: skip
    progress(plan, "BCRPMS_01", Q2, "completed", 100, by=officer, day=dt.date(2026, 10, 5))
    progress(plan, "COMS2629_14", Q1, "on_track", 20, by=officer, day=dt.date(2026, 10, 5))
    with on(dt.date(2026, 10, 1)):
        risk_score_record(
            risk=RegisterRisk.objects.get(plan=plan, number=2),
            inherent=Score(5, 4),
            residual=Score(4, 4),
            reason="Funding cut announced",
            by=officer,
            expected_version=1,
            reviewed_on=dt.date(2026, 7, 30),  # a review held before 1 August, recorded later
            as_of=dt.date(2026, 10, 1),
        )
        risk_score_record(
            risk=RegisterRisk.objects.get(plan=plan, number=7),
            inherent=Score(2, 2),
            residual=Score(1, 2),
            reason="Reviewed",
            by=officer,
            expected_version=0,
            reviewed_on=dt.date(2026, 9, 30),
            as_of=dt.date(2026, 10, 1),
        )
    with on(dt.date(2026, 10, 20)):
        policy_renewal_record(
            policy=plan.policies.get(title=OVERDUE_POLICY),
            document_version="2026",
            approved_on=dt.date(2026, 7, 29),  # approved before 1 August, recorded later
            approved_by_body="Cabinet",
            next_renewal_date=dt.date(2029, 7, 29),
            by=officer,
            expected_version=0,
            as_of=dt.date(2026, 10, 20),
        )
        budget_actual_record(
            line=plan.budget_lines.order_by("position")[1],
            period=Q1,
            amount="-1000",
            by=officer,
            expected_version=0,
            as_of=dt.date(2026, 10, 20),
        )


def documents(plan: Plan, capsys) -> dict[str, bytes]:
    """The Q1 report as of 1 August in each reproducible form, and through the command (which
    writes HTML to standard output)."""
    built = report(plan, Q1, AS_OF)
    capsys.readouterr()
    call_command("report", "quarterly", "--period", "2026/27-Q1", "--as-of", "2026-08-01")
    command = capsys.readouterr().out.encode()
    assert command.startswith(b"<!DOCTYPE html>")
    return {
        "html": report_bytes(built, "html"),
        "docx": report_bytes(built, "docx"),
        "command": command,
    }


def test_snapshot_is_the_same_document_whenever_it_is_built(plan, people, capsys):
    record_by_september(plan, people)
    with on(BUILT_EARLY):
        early = documents(plan, capsys)
        early_report = report(plan, Q1, AS_OF)
    record_after_september(plan, people)
    with on(BUILT_LATE):
        late = documents(plan, capsys)

    for kind in ("html", "command"):
        assert without_prepared_on(late[kind].decode()) == without_prepared_on(
            early[kind].decode()
        ), kind
    assert late["docx"] == early["docx"]
    assert csi(early_report, "ComS_011") == ["No figure", "450", "Data missing"]
    assert csi(early_report, "ComS_012")[0] == "100"
    assert early["html"] == early["command"]
    # The later records are there for a later as-of date.
    later = report(plan, Q1, dt.date(2026, 11, 30))
    assert csi(later, "ComS_011")[0] == "400"
    assert csi(later, "ComS_012")[0] == "110"
    assert OVERDUE_POLICY in _rows(_table(early_report, "Policies overdue"))
    assert OVERDUE_POLICY not in _rows(_table(later, "Policies overdue"))


def test_snapshot_cover_states_the_period_and_the_as_of_date(plan):
    html = report_bytes(report(plan, Q1, AS_OF), "html").decode()

    assert "2026/27 Q1 (April to June 2026)" in html
    assert "Data as at</dt>" in html and ">1 August 2026</dd>" in html


def test_snapshot_from_the_report_page_as_of_a_day(client, plan, people):
    record_by_september(plan, people)
    record_after_september(plan, people)
    asked = {"period": "2026/27-Q1", "audience": "cabinet", "format": "html"}

    with on(BUILT_LATE):
        client.force_login(people.officer)
        response = client.get(reverse("reports:quarterly"), {**asked, "as_of": "2026-08-01"})
        expected = report_bytes(report(plan, Q1, AS_OF), "html")

    assert response.status_code == 200
    assert response.content == expected
