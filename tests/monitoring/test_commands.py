"""The monitoring commands as run from a shell: output, files and exit codes."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connections

from civicplan.cli import main
from civicplan.monitoring.models import IndicatorValue, ValueSource
from tests.factories.users import OWNER_POST
from tests.monitoring.workbooks import VALUES, codes, fill, open_book, row_of


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``civicplan …`` in-process: (exit code, stdout, stderr)."""
    # A command closes the database connections when it ends; the test's transaction must stay.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            main(list(argv))
            code = 0
        except SystemExit as exit:
            code = exit.code or 0
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_collection_workbook_writes_one_posts_workbook(seed_plan, cli, tmp_path):
    target = tmp_path / "q2.xlsx"

    code, out, _ = cli(
        "collection-workbook", "--period", "2026/27-Q2", "--post", OWNER_POST, "-o", str(target)
    )

    assert code == 0
    assert out.startswith(f"Wrote {target} (2026/27 Q2,")
    assert len(codes(open_book(target.read_bytes())[VALUES])) == 9


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--period", "2026/27-Q5"], "a financial year has quarters Q1 to Q4"),
        (["--period", "2026/27-Q2", "--post", "Chief Cook"], "there is no post 'Chief Cook'"),
        (["--period", "2026/27-Q2", "--user", "nobody"], "there is no user 'nobody'"),
    ],
)
def test_collection_workbook_bad_options_exit_2(seed_plan, cli, tmp_path, argv, message):
    code, _, err = cli("collection-workbook", *argv, "-o", str(tmp_path / "x.xlsx"))

    assert code == 2
    assert message in err
    assert not (tmp_path / "x.xlsx").exists()


def test_collection_workbook_viewer_exit_2(seed_plan, viewer, cli, tmp_path):
    code, _, err = cli(
        "collection-workbook", "--period", "2026/27-Q2", "--user", "councillor", "-o", "x.xlsx"
    )

    assert code == 2
    assert "You cannot enter figures" in err


def _owner_workbook(cli, tmp_path, figures) -> tuple[str, bytes]:
    target = tmp_path / "q2.xlsx"
    cli("collection-workbook", "--period", "2026/27-Q2", "--user", "owner", "-o", str(target))
    target.write_bytes(fill(target.read_bytes(), figures))
    return str(target), target.read_bytes()


def test_upload_workbook_saves_and_exits_0(seed_plan, owner, cli, tmp_path):
    # 440 is on target for Q2 on its own (850, off target, would need a remedial action).
    path, _ = _owner_workbook(cli, tmp_path, {"ComS_011": 440})

    code, out, _ = cli("upload-workbook", path, "--user", "owner", "--submit")

    assert code == 0
    assert "q2.xlsx: 1 figure saved and submitted for approval; 0 unchanged; 8 left blank." in out
    row = IndicatorValue.objects.get()
    assert (row.value, row.source, row.status) == (Decimal(440), ValueSource.WORKBOOK, "submitted")


def test_upload_workbook_lists_problems_and_exits_2(seed_plan, owner, cli, tmp_path):
    path, data = _owner_workbook(cli, tmp_path, {"ComS_001": 3300, "ComS_011": -3})

    code, _, err = cli("upload-workbook", path, "--user", "owner")

    assert code == 2
    row = row_of(open_book(data)[VALUES], "ComS_011")
    assert f'Sheet "{VALUES}", row {row}, column I: a count cannot be negative (-3)' in err
    assert "nothing was saved; 1 problem to put right first." in err
    assert not IndicatorValue.objects.exists()


def test_upload_workbook_not_a_workbook_exits_2(seed_plan, owner, cli, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("ComS_011,850\n")

    code, _, err = cli("upload-workbook", str(path), "--user", "owner")

    assert code == 2
    assert "This file is not an Excel workbook (.xlsx)" in err


def test_upload_workbook_unknown_user_or_missing_file_exits_2(seed_plan, owner, cli, tmp_path):
    path, _ = _owner_workbook(cli, tmp_path, {"ComS_011": 850})

    unknown = cli("upload-workbook", path, "--user", "nobody")
    missing = cli("upload-workbook", str(tmp_path / "missing.xlsx"), "--user", "owner")

    assert unknown[0] == missing[0] == 2
    assert "there is no user 'nobody'" in unknown[2]
    assert "missing.xlsx: cannot read the file (No such file or directory)" in missing[2]
    assert not IndicatorValue.objects.exists()


def test_chase_text_lists_late_figures_by_post(seed_plan, cli):
    code, out, _ = cli("chase", "--period", "2026/27-Q2", "--as-of", "2026-10-22")

    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "2026/27 Q2: due Wednesday 21 October 2026; as of Thursday 22 October 2026. "
        "28 late, owned by 4 posts."
    )
    assert lines[2] == OWNER_POST
    assert lines[3].startswith("  ComS_001   All crime")
    assert lines[3].endswith("Nothing entered, 1 working day late")


def test_chase_on_the_due_date_has_nothing_late(seed_plan, cli):
    code, out, _ = cli("chase", "--period", "2026/27-Q2", "--as-of", "2026-10-21")

    assert code == 0
    assert out.strip().endswith("Nothing is late.")


def test_chase_json(seed_plan, cli):
    code, out, _ = cli(
        "chase", "--period", "2026/27-Q2", "--as-of", "2026-10-22", "--format", "json"
    )

    document = json.loads(out)
    assert code == 0
    assert (document["period"], document["due"]) == ("2026/27-Q2", "2026-10-21")
    assert len(document["posts"]) == 4
    assert document["posts"][0]["post"] == OWNER_POST
    assert document["posts"][0]["late"][1] == {
        "code": "ComS_011",
        "title": "ASB Incidents (police)",
        "period": "2026/27-Q2",
        "owners": [OWNER_POST],
        "due": "2026-10-21",
        "working_days_late": 1,
        "state": "nothing_entered",
        "return_reason": "",
    }


def test_chase_bad_date_exits_2(seed_plan, cli):
    code, _, err = cli("chase", "--period", "2026/27-Q2", "--as-of", "22/10/2026")

    assert code == 2
    assert "a date such as 2026-10-22 is needed" in err


OUTSIDE = (
    "--period: 2029/30 Q1 is outside the plan, which runs from 2026/27 to 2028/29 (with 2025/26 "
    "before it): choose a period from 2025/26 to 2028/29"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["chase", "--period", "2029/30-Q1"],
        ["send-reminders", "--period", "2029/30-Q1", "--dry-run"],
        ["collection-workbook", "--period", "2029/30-Q1", "-o", "book.xlsx"],
        ["report", "quarterly", "--period", "2029/30-Q1"],
    ],
)
def test_commands_refuse_a_period_after_the_plan_exit_2(
    seed_plan, cli, tmp_path, monkeypatch, argv
):
    monkeypatch.chdir(tmp_path)

    code, out, err = cli(*argv)

    assert (code, out) == (2, "")
    assert OUTSIDE in err
    assert list(tmp_path.iterdir()) == []


def test_send_reminders_sends_and_reports(
    seed_plan, owner, colleague, cli, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _ = cli("send-reminders", "--period", "2026/27-Q2", "--as-of", "2026-10-22")

    assert code == 0
    assert "Reminded owner <owner@example.org>: ComS_001, ComS_011" in out
    assert (
        "No one to remind for Head of Environmental Health, Licensing and Private Sector "
        "Housing: map a user to the post." in out
    )
    assert out.strip().endswith("Sent 2 reminders.")
    assert len(mail.outbox) == 2


def test_send_reminders_dry_run(seed_plan, owner, cli, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _ = cli(
            "send-reminders", "--period", "2026/27-Q2", "--as-of", "2026-10-22", "--dry-run"
        )

    assert code == 0
    assert "Would remind owner <owner@example.org>" in out
    assert out.strip().endswith("Dry run: 1 reminder would be sent.")
    assert mail.outbox == []
