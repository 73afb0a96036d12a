"""Every page opens on any date: before the plan starts, during it, after it has ended and years
later. Outside the plan's years a page says what it shows, and opens at a quarter of the plan
rather than one it cannot show.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from civicplan.accounts.roles import Role
from civicplan.budgets.models import BudgetLine
from civicplan.core.periods import Period
from civicplan.monitoring.selectors.series import default_period, period_outside_plan
from civicplan.plans.models import Policy
from civicplan.plans.rules import plan_dates_note
from tests.clock import AFTER_PLAN, BEFORE_PLAN, MID_PLAN, day_in_quarter, moment
from tests.factories.plan_data import HEAD_OF_COMMUNITIES
from tests.factories.users import persona
from tests.support.html import parse

YEARS_LATER = dt.date(2031, 6, 1)
ENDED = "The plan ended on 31 March 2029; showing its last quarter, 2028/29 Q4."
NOT_STARTED = "The plan starts on 1 April 2026; until then, showing the year before it, 2025/26."

DAYS = [
    pytest.param(BEFORE_PLAN, NOT_STARTED, id="before-plan"),
    pytest.param(MID_PLAN, "", id="mid-plan"),
    pytest.param(AFTER_PLAN, ENDED, id="after-plan"),
    pytest.param(YEARS_LATER, ENDED, id="years-later"),
]


OFFICER_ONLY = {"monitoring:approvals"}


def _urls(plan, who: str) -> list[str]:
    line = BudgetLine.objects.filter(plan=plan).first()
    policy = Policy.objects.filter(plan=plan).first()
    named = [
        ("plans:overview", {}),
        ("plans:findings", {}),
        ("plans:policies", {}),
        ("plans:renewals", {}),
        ("plans:policy", {"pk": policy.pk}),
        ("attention:index", {}),
        ("monitoring:indicators", {}),
        ("monitoring:indicator", {"code": "ComS_001"}),
        ("monitoring:dashboard", {}),
        ("monitoring:late", {}),
        ("monitoring:my_indicators", {}),
        ("monitoring:approvals", {}),
        ("monitoring:value_entry", {"code": "ComS_001", "period": "2026-27-Q2"}),
        ("monitoring:workbook", {}),
        ("monitoring:workbook_upload", {}),
        ("tasks:list", {}),
        ("tasks:progress", {}),
        ("tasks:partners", {}),
        ("tasks:detail", {"code": "BCRPASB_29"}),
        ("risks:index", {}),
        ("risks:register", {}),
        ("risks:heat_map", {}),
        ("risks:detail", {"code": "R2"}),
        ("budgets:index", {}),
        ("budgets:position", {}),
        ("budgets:line", {"pk": line.pk}),
        ("budgets:bids", {}),
        ("reports:quarterly", {}),
        ("opendata:index", {}),
        ("opendata:hotspots", {}),
    ]
    return [
        reverse(name, kwargs=kwargs)
        for name, kwargs in named
        if who == "officer" or name not in OFFICER_ONLY
    ]


@pytest.fixture
def people(plan):
    return {
        "officer": persona("officer", Role.PERFORMANCE_OFFICER),
        "owner": persona("owner", Role.INDICATOR_OWNER, HEAD_OF_COMMUNITIES),
    }


@pytest.mark.parametrize(("day", "note"), DAYS)
def test_every_page_opens_and_says_what_it_shows(plan, people, time_machine, day, note):
    time_machine.move_to(moment(day), tick=True)
    for who, user in people.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url in _urls(plan, who):
            response = client.get(url)

            assert response.status_code == 200, f"{who} {url} on {day}"
            page = parse(response.content)
            # A first visit is never greeted by an error about its own defaults.
            assert not page.find_all("div", class_="govuk-error-summary"), f"{who} {url} {day}"
            banners = [
                b.text.strip()
                for b in page.find_all("p", class_="govuk-notification-banner__heading")
            ]
            assert (note in banners) if note else not any("The plan " in b for b in banners), (
                f"{who} {url} on {day}: {banners}"
            )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 1, 10), "2025/26 Q1"),  # long before: the first quarter offered
        (BEFORE_PLAN, "2025/26 Q3"),
        (dt.date(2026, 4, 1), "2025/26 Q4"),
        (day_in_quarter(2026, 3), "2026/27 Q2"),
        (dt.date(2029, 3, 31), "2028/29 Q3"),
        (AFTER_PLAN, "2028/29 Q4"),
        (YEARS_LATER, "2028/29 Q4"),
    ],
)
def test_default_period_is_a_quarter_the_plan_offers(plan, day, expected):
    assert default_period(plan, day).label == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 3, 31), NOT_STARTED),
        (dt.date(2026, 4, 1), ""),
        (dt.date(2029, 3, 31), ""),
        (dt.date(2029, 4, 1), ENDED),
    ],
)
def test_plan_dates_note_at_the_plans_edges(plan, day, expected):
    assert plan_dates_note(plan, day) == expected


def test_period_outside_plan_names_the_years_it_may_take(plan):
    assert period_outside_plan(plan, Period.parse("2025/26-Q1")) == ""
    assert period_outside_plan(plan, Period.parse("2028/29")) == ""
    assert period_outside_plan(plan, Period.parse("2029/30-Q1")) == (
        "2029/30 Q1 is outside the plan, which runs from 2026/27 to 2028/29 (with 2025/26 "
        "before it): choose a period from 2025/26 to 2028/29"
    )
    assert period_outside_plan(plan, Period.parse("2024/25-Q4")).startswith("2024/25 Q4 is ")


@pytest.mark.today(dt.date(2026, 11, 30))
def test_an_officers_as_of_after_the_plan_moves_no_banner(plan, people):
    client = Client()
    client.force_login(people["officer"])

    page = parse(client.get(reverse("monitoring:dashboard") + "?as_of=2029-05-02").content)

    assert page.find("h1").text.strip().endswith("Dashboard: 2026/27 Q2")
    assert not page.find_all("p", class_="govuk-notification-banner__heading")
