"""The quarterly report tests' data: the seed plan with a quarter of monitoring recorded through
the services, as the people who would record it, and the report built in every format once.

Building a PDF takes seconds, so one fixture for the whole package builds each file once inside
a transaction that is rolled back afterwards, and the tests read the bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from civicplan.accounts.roles import Role
from civicplan.accounts.services import user_role_set
from civicplan.budgets.services import budget_actual_record
from civicplan.core.periods import Period
from civicplan.monitoring.models import IndicatorValue, ValueStatus
from civicplan.monitoring.services import ValueInput, indicator_value_approve, indicator_value_save
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan, Post
from civicplan.plans.services import user_posts_set
from civicplan.reports.quarterly.exports import report_bytes
from civicplan.reports.quarterly.model import quarterly_report
from civicplan.risks.models import RegisterRisk, StrategicRisk
from civicplan.risks.rules import Score
from civicplan.risks.services import risk_score_record
from civicplan.tasks.services import key_task_progress_record
from tests.clock import SEED_DAY, moment

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
AS_OF = SEED_DAY
Q1, Q2 = Period.parse("2026/27-Q1"), Period.parse("2026/27-Q2")
COMMUNITIES = "Head of Communities and Community Safety"
ENVIRONMENTAL = "Head of Environmental Health, Licensing and Private Sector Housing"
AMBER_COMMENTARY = (
    "Two long-running neighbour disputes in Beeston generated repeat cases; both are now with "
    "the ASB panel."
)
RED_COMMENTARY = (
    "Cases rose after youth disorder in Stapleford over the summer; joint patrols with the "
    "police began in October."
)


# What an owner says of an off-target figure (a red figure is not accepted without them).
REMEDIAL_ACTION = "Extra patrols agreed with the police"
FORECAST = "Back on target by Q4"


def _user(username: str, role: Role, post_title: str | None = None):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x-pass-12345")
    user_role_set(user=user, roles=[role], by=None)
    if post_title:
        user_posts_set(user=user, posts=[Post.objects.get(title=post_title)], by=None)
    return get_user_model().objects.get(pk=user.pk)


def _approve(plan: Plan, code: str, period: Period, value: int, by, officer, commentary=""):
    """An owner enters and submits a figure; a performance officer approves it."""
    indicator = plan.indicators.get(code=code)
    entry = ValueInput(indicator, period, value, commentary, REMEDIAL_ACTION, FORECAST)
    row = indicator_value_save(entry=entry, by=by, submit=True, as_of=AS_OF)
    indicator_value_approve(value_id=row.pk, by=officer, expected_version=row.version)


def record_quarter(plan: Plan) -> None:
    """Q1 and Q2 of 2026/27 for three CSIs: one on target (ComS_011 820 against 900), one within
    tolerance (ComS_012 205 against 200) and one off target (ComS_014 60 against 45), with
    commentary; key-task progress, two risk scorings and a quarter of budget actuals."""
    communities = _user("communities", Role.INDICATOR_OWNER, COMMUNITIES)
    environmental = _user("environmental", Role.INDICATOR_OWNER, ENVIRONMENTAL)
    officer = _user("officer", Role.PERFORMANCE_OFFICER)
    _approve(plan, "ComS_011", Q1, 400, communities, officer)
    _approve(plan, "ComS_011", Q2, 420, communities, officer)
    _approve(plan, "ComS_012", Q1, 100, environmental, officer)
    _approve(plan, "ComS_012", Q2, 105, environmental, officer, AMBER_COMMENTARY)
    _approve(plan, "ComS_014", Q1, 30, communities, officer, "Up on last year's first quarter.")
    _approve(plan, "ComS_014", Q2, 30, communities, officer, RED_COMMENTARY)
    tasks = {t.code: t for t in plan.key_tasks.all()}
    key_task_progress_record(
        task=tasks["BCRPMS_01"],
        period=Q2,
        status="completed",
        percent_complete=100,
        by=officer,
        expected_version=0,
        as_of=AS_OF,
    )
    key_task_progress_record(
        task=tasks["COMS2629_12"],
        period=Q2,
        status="at_risk",
        percent_complete=40,
        commentary="Waiting for the police's data-sharing agreement.",
        by=officer,
        expected_version=0,
        as_of=AS_OF,
    )
    risk = RegisterRisk.objects.get(plan=plan, number=2)
    risk_score_record(
        risk=risk,
        inherent=Score(4, 4),
        residual=Score(3, 3),
        reason="First scoring",
        by=officer,
        expected_version=0,
        reviewed_on=dt.date(2026, 6, 1),
        as_of=AS_OF,
    )
    risk_score_record(
        risk=risk,
        inherent=Score(5, 4),
        residual=Score(4, 4),
        reason="Funding cut announced",
        by=officer,
        expected_version=1,
        reviewed_on=dt.date(2026, 9, 15),
        as_of=AS_OF,
    )
    risk_score_record(
        risk=StrategicRisk.objects.filter(plan=plan).order_by("position").first(),
        inherent=Score(3, 3),
        residual=Score(2, 3),
        reason="Quarterly review",
        by=officer,
        expected_version=0,
        reviewed_on=dt.date(2026, 9, 20),
        as_of=AS_OF,
    )
    line = plan.budget_lines.order_by("position").first()
    budget_actual_record(
        line=line, period=Q1, amount="-5000", by=officer, expected_version=0, as_of=AS_OF
    )
    budget_actual_record(
        line=line, period=Q2, amount="-4000", by=officer, expected_version=0, as_of=AS_OF
    )


def record_more(plan: Plan) -> None:
    """More of each kind of row, to show the report reads them in the same number of queries."""
    officer = get_user_model().objects.get(username="officer")
    for code, q1, q2 in (("ComS_013", 10, 12), ("ComS_100", 20, 40), ("ComS_001", 1700, 1690)):
        _approve(plan, code, Q1, q1, officer, officer, "Recorded for the query count.")
        _approve(plan, code, Q2, q2, officer, officer, "Recorded for the query count.")
    task = plan.key_tasks.get(code="COMS2629_14")
    key_task_progress_record(
        task=task,
        period=Q2,
        status="on_track",
        percent_complete=20,
        by=officer,
        expected_version=0,
        as_of=AS_OF,
    )
    risk_score_record(
        risk=RegisterRisk.objects.get(plan=plan, number=7),
        inherent=Score(2, 2),
        residual=Score(1, 2),
        reason="Reviewed",
        by=officer,
        expected_version=0,
        reviewed_on=dt.date(2026, 9, 1),
        as_of=AS_OF,
    )
    line = plan.budget_lines.order_by("position")[1]
    budget_actual_record(
        line=line, period=Q1, amount="-1000", by=officer, expected_version=0, as_of=AS_OF
    )


@contextmanager
def rolled_back(blocker) -> Iterator[None]:
    with blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass
class Built:
    """Every file the tests read, and what was known while the data existed."""

    files: dict[str, bytes] = field(default_factory=dict)
    reports: dict[str, object] = field(default_factory=dict)
    queries: dict[str, int] = field(default_factory=dict)
    approved: int = 0


def build(plan: Plan, audience: str):
    return quarterly_report(
        plan,
        Q2,
        audience=audience,
        as_of=AS_OF,
        meeting="Cabinet, 8 December 2026",
        author="Jane Smith, Performance Officer",
    )


@pytest.fixture(scope="package")
def built(django_db_setup, django_db_blocker, tmp_path_factory) -> Built:
    out = Built()
    no_store = tmp_path_factory.mktemp("no-police-store") / "opendata.duckdb"
    # The figures are approved on the day the report is built as of: a report shows only what
    # was approved by its as-of date.
    with (
        time_machine.travel(moment(AS_OF), tick=True),
        rolled_back(django_db_blocker),
        override_settings(OPENDATA_DUCKDB_PATH=no_store),
    ):
        plan = plan_import_file(SEED, as_of=AS_OF).plan
        with CaptureQueriesContext(connection) as bare:
            out.reports["bare"] = build(plan, "cabinet")
        out.queries["bare"] = len(bare)
        record_quarter(plan)
        out.approved = IndicatorValue.objects.filter(status=ValueStatus.APPROVED).count()
        with CaptureQueriesContext(connection) as recorded:
            cabinet = build(plan, "cabinet")
        out.queries["recorded"] = len(recorded)
        out.reports["cabinet"] = cabinet
        out.reports["scrutiny"] = scrutiny = build(plan, "scrutiny")
        out.reports["gmt"] = build(plan, "gmt")
        out.files["cabinet.docx"] = report_bytes(cabinet, "docx")
        out.files["cabinet.pdf"] = report_bytes(cabinet, "pdf")
        out.files["cabinet.html"] = report_bytes(cabinet, "html")
        out.files["cabinet-again.html"] = report_bytes(build(plan, "cabinet"), "html")
        out.files["cabinet-again.docx"] = report_bytes(build(plan, "cabinet"), "docx")
        out.files["scrutiny.pdf"] = report_bytes(scrutiny, "pdf")
        out.files["scrutiny.docx"] = report_bytes(scrutiny, "docx")
        out.files["gmt.html"] = report_bytes(out.reports["gmt"], "html")
        record_more(plan)
        with CaptureQueriesContext(connection) as more:
            build(plan, "cabinet")
        out.queries["more"] = len(more)
    return out
