"""Key-task pages on the seed: the tracker, partners, a task's page and its forms, with personas."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from civicplan.core.periods import Period
from civicplan.plans.models import Post
from civicplan.tasks.models import (
    KeyTaskMilestone,
    KeyTaskTargetChange,
    KeyTaskUpdate,
    TaskStatus,
)
from civicplan.tasks.services import key_task_progress_record
from tests.clock import SEED_DAY
from tests.factories.plan_data import LICENSING_MANAGER
from tests.factories.seed import AS_OF
from tests.support.forms import form_data
from tests.support.html import parse, tables

# The seed plan as of 30 November 2026, the clock on that day: overdue and due soon stay put.
pytestmark = [pytest.mark.today(SEED_DAY), pytest.mark.usefixtures("seed_plan")]

TRACKER = "/key-tasks/progress/"
TASK = "/key-tasks/BCRPASB_29/"
Q2 = Period.parse("2026/27-Q2")


def _tracker(client, query: str = "") -> dict:
    response = client.get(TRACKER + query)
    assert response.status_code == 200
    return tables(response.content)["Key task progress"]


def _progress(**values):
    defaults = {"version": 0, "period": "2026/27-Q2", "status": "on_track", "percent_complete": 40}
    return form_data("progress", **{**defaults, **values})


# -- the tracker ------------------------------------------------------------------------------


def test_tracker_shows_seed_dates_and_flags_as_of_30_november_2026(as_user, viewer_holding_post):
    table = _tracker(as_user(viewer_holding_post))

    assert table.headers == [
        "Code",
        "Action",
        "Status",
        "Complete",
        "Target date",
        "Flags",
        "Last report",
    ]
    bcrpasb_29 = table.row("BCRPASB_29")
    assert bcrpasb_29["Target date"] == "31 March 2028"
    assert bcrpasb_29["Status"] == "No report yet"
    assert bcrpasb_29["Flags"] == "No 2026/27 Q2 report"
    for code in ("COMS2629_09", "COMS2629_13"):
        assert table.row(code)["Target date"].startswith("31 March 2026")
        assert table.row(code)["Flags"].startswith("Overdue"), code
    assert table.row("COMS2629_16")["Flags"].startswith("Due within 90 days")


def test_tracker_flags_are_tags_with_words(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get(TRACKER)

    row = parse(response.content).find("tr", id="task-COMS2629_09")
    tags = [tag.text for tag in row.find_all("strong", class_="govuk-tag")]
    assert tags == ["No report yet", "Overdue", "No 2026/27 Q2 report"]
    assert "govuk-tag--red" in row.find_all("strong", class_="govuk-tag")[1].attrs["class"]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        (
            "?flag=overdue",
            ["BCRPMS_01", "COMS2629_06", "COMS2629_09", "COMS2629_13", "ComS2629_02"],
        ),
        ("?flag=due_soon", ["COMS2629_16"]),
    ],
)
def test_tracker_filters_by_flag(as_user, viewer_holding_post, query, codes):
    assert sorted(_tracker(as_user(viewer_holding_post), query).column("Code")) == sorted(codes)


def test_tracker_filters_by_partner_post_and_status(seed_plan, as_user, viewer_holding_post, owner):
    key_task_progress_record(
        task=seed_plan.key_tasks.get(code="BCRPASB_29"),
        period=Q2,
        status=TaskStatus.AT_RISK,
        percent_complete=30,
        commentary="Consultation delayed",
        by=owner,
        expected_version=0,
        as_of=AS_OF,
    )
    client = as_user(viewer_holding_post)
    schools = seed_plan.key_tasks.get(code="BCRPASB_17").partners.get(name="Schools")
    post = Post.objects.get(title=LICENSING_MANAGER)

    assert _tracker(client, f"?partner={schools.pk}").column("Code") == ["BCRPASB_17"]
    assert _tracker(client, "?status=at_risk").column("Code") == ["BCRPASB_29"]
    assert "BCRPASB_29" not in _tracker(client, "?status=none").column("Code")
    licensing_codes = _tracker(client, f"?post={post.pk}").column("Code")
    assert licensing_codes and "BCRPASB_29" not in licensing_codes
    assert _tracker(client, "?status=at_risk").row("BCRPASB_29")["Status"] == "At risk"


def test_tracker_invalid_filter_is_reported_and_ignored(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get(TRACKER + "?status=nonsense")

    page = parse(response.content)
    assert page.find("title").text.startswith("Error: ")
    assert "Choose a status from the list" in page.find("div", class_="govuk-error-summary").text
    assert len(tables(response.content)["Key task progress"].rows) == 24


def test_tracker_csv_has_plain_values_and_every_column(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get(TRACKER + "?format=csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    bcrpasb_29 = next(r for r in rows if r["Code"] == "BCRPASB_29")
    assert bcrpasb_29["Target date"] == "2028-03-31"
    assert bcrpasb_29["Target date in plan"] == "2028-03-31"
    assert bcrpasb_29["Overdue"] == "no"
    assert bcrpasb_29["Officers responsible"] == (
        "Head of Communities and Community Safety; Communities and Crime Manager"
    )
    assert next(r for r in rows if r["Code"] == "COMS2629_09")["Overdue"] == "yes"


def test_tracker_as_of_is_for_performance_officers_only(as_user, officer, viewer_holding_post):
    later = "?as_of=2028-04-01"

    officer_view = _tracker(as_user(officer), later)
    viewer_view = _tracker(as_user(viewer_holding_post), later)

    assert officer_view.row("BCRPASB_29")["Flags"].startswith("Overdue")
    assert not viewer_view.row("BCRPASB_29")["Flags"].startswith("Overdue")


def test_partner_page_lists_each_partners_tasks(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get("/key-tasks/partners/")

    table = tables(response.content)["Partners and their key tasks"]
    change_grow_live = table.row("Change Grow Live")
    assert change_grow_live["Key tasks"] == "3"
    links = table.node.find("tr", id=change_grow_live_id(table)).find_all("a")
    assert [a.text.split(":")[0] for a in links[1:]] == ["BCRP_", "BCRPSMA_11", "BCRPSMA_12"]
    assert links[0].attrs["href"].startswith("/key-tasks/progress/?partner=")
    assert links[1].attrs["href"] == "/key-tasks/BCRP_/"


def change_grow_live_id(table) -> str:
    row = next(tr for tr in table.node.find("tbody").find_all("tr") if "Change Grow" in tr.text)
    return row.attrs["id"]


# -- a task's page ----------------------------------------------------------------------------


def test_task_page_shows_summary_and_forms_to_its_officer(as_user, owner):
    response = as_user(owner).get(TASK)

    page = parse(response.content)
    assert page.find("h1").text == "Review ASB Policy (including ASB action plan)"
    summary = page.find("dl", class_="govuk-summary-list").text
    assert "31 March 2028" in summary
    assert "Head of Communities and Community Safety" in summary
    assert [form.attrs["action"] for form in page.find("main").find_all("form")] == [
        "/key-tasks/BCRPASB_29/progress/",
        "/key-tasks/BCRPASB_29/target-date/",
        "/key-tasks/BCRPASB_29/milestones/",
    ]
    risks = page.find_all("dl", class_="govuk-summary-list")[1].text
    assert "T1" in risks  # the key-task risk "Review Policies …" names BCRPASB_29


@pytest.mark.parametrize("persona", ["viewer_holding_post", "colleague"])
def test_task_page_has_no_forms_for_others(request, as_user, persona):
    response = as_user(request.getfixturevalue(persona)).get(TASK)

    page = parse(response.content)
    assert page.find("main").find_all("form") == []
    assert "Only the task's officers" in page.find("p", class_="govuk-inset-text").text


def test_task_page_unknown_code_is_404(as_user, viewer_holding_post):
    assert as_user(viewer_holding_post).get("/key-tasks/NOPE_1/").status_code == 404


@pytest.mark.parametrize("persona", ["owner", "officer", "administrator"])
def test_record_progress_saves_and_says_so(request, seed_plan, as_user, persona):
    client = as_user(request.getfixturevalue(persona))

    response = client.post(TASK + "progress/", _progress(commentary="Draft out"), follow=True)

    update = KeyTaskUpdate.objects.get(task__code="BCRPASB_29")
    assert (update.fy, update.quarter, update.status, update.percent_complete) == (
        Q2.fy,
        2,
        "on_track",
        40,
    )
    banner = parse(response.content).find("div", class_="govuk-notification-banner")
    assert "Progress for 2026/27 Q2 (July to September 2026) recorded: On track." in banner.text
    history = tables(response.content)["Progress reports"]
    assert history.row("2026/27 Q2")["Commentary"] == "Draft out"


@pytest.mark.parametrize("persona", ["colleague", "viewer_holding_post"])
def test_record_progress_refused_for_others(request, as_user, persona):
    client = as_user(request.getfixturevalue(persona))

    response = client.post(TASK + "progress/", _progress())

    assert response.status_code == 403
    assert not KeyTaskUpdate.objects.exists()


def test_record_progress_needs_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(TASK + "progress/", _progress())

    assert response.status_code == 403
    assert not KeyTaskUpdate.objects.exists()


def test_record_progress_get_is_not_allowed(as_user, owner):
    assert as_user(owner).get(TASK + "progress/").status_code == 405


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"status": "at_risk"}, "commentary", "Explain why the task is at risk"),
        ({"percent_complete": "forty"}, "percent_complete", "Enter percent complete as a whole"),
        (
            {"status": "completed", "percent_complete": 50},
            "percent_complete",
            "A completed task is 100% complete, not 50%",
        ),
        ({"period": "2027/28-Q1"}, "period", "Choose a quarter from the list"),
        ({"status": ""}, "status", "Choose the task's status"),
    ],
)
def test_record_progress_errors_are_summarised_and_shown_on_the_field(
    as_user, owner, values, field, message
):
    response = as_user(owner).post(TASK + "progress/", _progress(**values))

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("title").text.startswith("Error: ")
    summary = page.find("div", class_="govuk-error-summary")
    link = summary.find("a")
    assert message in link.text
    assert link.attrs["href"] == f"#id_progress-{field}"
    assert message in page.find("p", id=f"id_progress-{field}-error").text
    assert not KeyTaskUpdate.objects.exists()


def test_record_progress_keeps_what_was_typed_after_an_error(as_user, owner):
    response = as_user(owner).post(
        TASK + "progress/", _progress(status="at_risk", percent_complete=35)
    )

    page = parse(response.content)
    assert page.find("input", id="id_progress-percent_complete").attrs["value"] == "35"
    checked = [r for r in page.find_all("input", type="radio") if "checked" in r.attrs]
    assert [r.attrs["value"] for r in checked] == ["at_risk"]


def test_record_progress_from_a_stale_page_is_a_conflict(seed_plan, as_user, owner, officer):
    key_task_progress_record(
        task=seed_plan.key_tasks.get(code="BCRPASB_29"),
        period=Q2,
        status=TaskStatus.ON_TRACK,
        percent_complete=20,
        by=officer,
        expected_version=0,
        as_of=AS_OF,
    )

    response = as_user(owner).post(TASK + "progress/", _progress(percent_complete=45, version=0))

    assert response.status_code == 409
    page = parse(response.content)
    assert "was changed by someone else" in page.find("div", class_="govuk-error-summary").text
    assert page.find("input", id="id_progress-percent_complete").attrs["value"] == "45"
    assert page.find("input", id="id_progress-version").attrs["value"] == "1"
    assert KeyTaskUpdate.objects.get().percent_complete == 20


def test_change_target_date_keeps_the_original_and_the_reason(as_user, owner):
    client = as_user(owner)
    data = form_data("target", version=0, new_date=("30", "9", "2028"), reason="Waiting on PCC")

    response = client.post(TASK + "target-date/", data, follow=True)

    change = KeyTaskTargetChange.objects.get()
    assert (change.previous_date, change.new_date) == (dt.date(2028, 3, 31), dt.date(2028, 9, 30))
    changes = tables(response.content)["Target date changes"]
    assert changes.row("31 March 2028")["Reason"] == "Waiting on PCC"
    row = _tracker(client).row("BCRPASB_29")
    assert row["Target date"] == "30 September 2028 Changed from 31 March 2028"


@pytest.mark.parametrize(
    ("new_date", "reason", "field", "message"),
    [
        (("31", "2", "2028"), "Delayed", "new_date", "The new target date must be a real date"),
        (("", "9", "2028"), "Delayed", "new_date", "The new target date must include a day"),
        (("", "", ""), "Delayed", "new_date", "Enter the new target date"),
        (("30", "9", "2028"), "", "reason", "Say why the target date is changing"),
        (("31", "3", "2028"), "Same", "new_date", "BCRPASB_29 is already due on 31 March 2028"),
    ],
)
def test_change_target_date_errors(as_user, owner, new_date, reason, field, message):
    data = form_data("target", version=0, new_date=new_date, reason=reason)

    response = as_user(owner).post(TASK + "target-date/", data)

    page = parse(response.content)
    link = page.find("div", class_="govuk-error-summary").find("a")
    assert message in link.text
    assert link.attrs["href"] == f"#id_target-{field}"
    assert not KeyTaskTargetChange.objects.exists()


def test_add_and_complete_a_milestone(as_user, owner):
    client = as_user(owner)
    added = form_data("milestone", version=0, title="Draft to Cabinet", due_date=("1", "6", "2027"))

    client.post(TASK + "milestones/", added)
    milestone = KeyTaskMilestone.objects.get()
    response = client.post(
        TASK + "milestones/complete/", form_data("complete", version=1, milestone=milestone.pk)
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == TaskStatus.COMPLETED
    table = tables(client.get(TASK).content)["Milestones"]
    assert table.row("Draft to Cabinet") == {
        "Milestone": "Draft to Cabinet",
        "Due": "1 June 2027",
        "Status": "Completed",
    }
