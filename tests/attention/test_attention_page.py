"""The "what needs attention" page and the navigation's count, on the seed as of 2026-11-30."""

from __future__ import annotations

import pytest

from civicplan.accounts.roles import Role
from civicplan.attention.selectors import attention_for_user
from tests.clock import SEED_DAY
from tests.factories.seed import AS_OF
from tests.factories.users import persona
from tests.support.html import parse, tables

# The seed plan as of 30 November 2026, the clock on that day: overdue and due soon stay put.
pytestmark = [pytest.mark.today(SEED_DAY), pytest.mark.usefixtures("seed_plan")]

EVAWG = "Ending Violence Against Women and Girls Strategy 2021 – 2024"


def test_attention_lists_the_owners_tasks_policies_and_figures(seed_plan, as_user, owner):
    response = as_user(owner).get("/attention/")

    found = tables(response.content)
    tasks = found["Key tasks"]
    assert len(tasks.rows) == 20  # every task of the post lacks its 2026/27 Q2 report
    overdue = [row[0] for row in tasks.rows if "Overdue" in row[3]]
    assert overdue == ["BCRPMS_01", "COMS2629_09", "COMS2629_13"]
    assert tasks.row("COMS2629_16")["Why it is listed"] == (
        "Due within 90 days No 2026/27 Q2 report"
    )
    assert set(found["Policies to renew"].column("Strategy or policy")) == {
        "Broxtowe Crime Reduction Plan 2023 – 2026",
        "Hate Crime Pledge 2023",
        "Serious and Organised Crime Strategy 2023 – 2026",
    }
    assert "ComS_001" in found["Figures to enter"].column("Code")
    page = parse(response.content)
    expected = attention_for_user(seed_plan, owner, as_of=AS_OF).counts
    heading = page.find("main").find("h2", class_="govuk-heading-m").text
    assert heading == f"{expected['total']} things to do"


def test_navigation_shows_the_count_and_marks_the_page(seed_plan, as_user, owner):
    expected = attention_for_user(seed_plan, owner, as_of=AS_OF).counts["total"]

    page = parse(as_user(owner).get("/attention/").content)

    link = page.find("nav", aria_label="Menu").find_all("a")[-1]
    assert link.text == f"Needs attention {expected} things to do"
    assert link.attrs["aria-current"] == "page"


def test_navigation_count_is_the_same_on_other_pages(seed_plan, as_user, owner):
    expected = attention_for_user(seed_plan, owner, as_of=AS_OF).counts["total"]

    page = parse(as_user(owner).get("/key-tasks/progress/").content)

    count = page.find("nav", aria_label="Menu").find("span", class_="app-count")
    assert count.text == f"{expected} things to do"


def test_whole_plan_shows_the_overdue_evawg_strategy(as_user, viewer_holding_post):
    response = as_user(viewer_holding_post).get("/attention/?post=all")

    policies = tables(response.content)["Policies to renew"]
    assert policies.row(EVAWG)["Status"] == "Overdue"


def test_someone_without_posts_is_told_and_has_no_count(seed_plan, as_user):
    reader = persona("reader", Role.VIEWER)

    page = parse(as_user(reader).get("/attention/").content)

    assert "You hold no posts" in page.find("p", class_="govuk-inset-text").text
    assert page.find("nav", aria_label="Menu").find_all("span", class_="app-count") == []


def test_attention_csv_of_tasks(as_user, owner):
    response = as_user(owner).get("/attention/?format=csv&table=tasks")

    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Code,Action,Target date,Why it is listed"
    assert "COMS2629_09" in text and "2026-03-31" in text
