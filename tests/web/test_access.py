"""Every page needs a signed-in user; signing in and out goes through GOV.UK-styled forms."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories.users import PASSWORD, user_create
from tests.support.html import parse

PAGES = [
    ("plans:overview", {}),
    ("monitoring:indicators", {}),
    ("monitoring:indicator", {"code": "ComS_001"}),
    ("tasks:list", {}),
    ("plans:policies", {}),
    ("risks:index", {}),
    ("budgets:index", {}),
    ("plans:findings", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("query", ["", "?format=csv"])
def test_page_anonymous_is_sent_to_login(client, plan, name, kwargs, query):
    url = reverse(name, kwargs=kwargs) + query

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(url, safe='/')}"


def test_login_form_signs_in_and_returns_to_the_page_asked_for(client, plan):
    user_create()

    response = client.post(
        reverse("login"),
        {"username": "viewer", "password": PASSWORD, "next": reverse("monitoring:indicators")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:indicators")
    assert client.get(reverse("monitoring:indicators")).status_code == 200


def test_login_wrong_password_shows_error_summary(client, db):
    user_create()

    response = client.post(reverse("login"), {"username": "viewer", "password": "wrong"})

    page = parse(response.content)
    assert response.status_code == 200
    assert page.find("title").text.startswith("Error: Sign in")
    summary = page.find("div", class_="govuk-error-summary")
    assert "Please enter a correct username and password" in summary.text
    assert summary.find("a").attrs["href"] == "#id_username"


def test_logout_signs_out(signed_in, plan):
    response = signed_in.post(reverse("logout"))

    assert response.status_code == 302
    assert signed_in.get(reverse("plans:overview")).status_code == 302


@pytest.mark.parametrize(("name", "kwargs"), [p for p in PAGES if p[0] != "monitoring:indicator"])
def test_page_without_plan_says_how_to_import_one(signed_in, name, kwargs):
    response = signed_in.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200
    assert parse(response.content).find("h1").text == "There is no plan yet"
    assert b"civicplan import-plan FILE" in response.content
