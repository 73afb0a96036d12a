"""Signing in, being locked out, changing and resetting a password, and sessions that end.

Password-reset mail goes through a real SMTP server started for the test (aiosmtpd).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from tests.clock import SEED_DAY, moment
from tests.factories.users import PASSWORD, user_create
from tests.server import free_port
from tests.support.html import parse

pytestmark = [pytest.mark.django_db, pytest.mark.today(SEED_DAY)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def person():
    user = user_create("alex")
    user.email = "alex@example.org"
    user.save()
    return user


def _at(hours_minutes: str) -> dt.datetime:
    """That time on the seed day, in London."""
    hours, minutes = hours_minutes.split(":")
    return moment(SEED_DAY).replace(hour=int(hours), minute=int(minutes))


def _sign_in(client: Client, password: str, username: str = "alex"):
    return client.post("/login/", {"username": username, "password": password})


def test_sign_in_works_and_shows_the_change_password_link(client, person):
    assert _sign_in(client, PASSWORD).status_code == 302

    page = parse(client.get("/", follow=True).content)

    assert page.find("a", href="/account/password/").text == "Change password"


def test_five_wrong_passwords_lock_the_account_out_from_there(client, person):
    for _ in range(4):
        assert _sign_in(client, "wrong guess").status_code == 200

    fifth = _sign_in(client, "wrong guess")
    then_right = _sign_in(client, PASSWORD)

    assert fifth.status_code == 429
    assert then_right.status_code == 429
    page = parse(then_right.content)
    assert page.find("h1").text == "Too many attempts to sign in"
    assert "Even the right password will not work until then." in page.text
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_its_time(client, person, time_machine):
    for _ in range(5):
        _sign_in(client, "wrong guess")

    time_machine.move_to(_at("09:16"), tick=False)

    assert _sign_in(client, PASSWORD).status_code == 302


def test_another_person_is_not_locked_out_by_someone_elses_failures(client, person):
    user_create("sam")
    for _ in range(5):
        _sign_in(client, "wrong guess")

    assert _sign_in(Client(), PASSWORD, username="sam").status_code == 302


def test_changing_a_password_keeps_you_signed_in_and_retires_the_old_one(client, person):
    client.force_login(person)
    new = "a different long passphrase"

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )

    assert parse(response.content).find("h1").text.strip() == "Password changed"
    assert client.get("/").status_code in (200, 302)
    assert client.session.get("_auth_user_id") == str(person.pk)
    assert _sign_in(Client(), PASSWORD).status_code == 200  # the old one is refused
    assert _sign_in(Client(), new).status_code == 302


def test_a_wrong_current_password_is_refused_on_its_field(client, person):
    client.force_login(person)

    response = client.post(
        "/account/password/",
        {"old_password": "not it", "new_password1": "x" * 20, "new_password2": "x" * 20},
    )

    page = parse(response.content)
    assert page.find("title").text.startswith("Error: Change your password")
    error = page.find("p", id="id_old_password-error").text
    assert "Your old password was entered incorrectly" in error


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(settings) -> Iterator[_Inbox]:
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    try:
        yield inbox
    finally:
        controller.stop()


def test_a_forgotten_password_is_reset_through_a_link_sent_by_email(client, person, smtp):
    sent = client.post("/password-reset/", {"email": "alex@example.org"}, follow=True)

    assert parse(sent.content).find("h1").text == "Check your email"
    [mail] = smtp.messages
    assert mail["To"] == "alex@example.org"
    assert mail["Subject"] == "Reset your civicplan password"
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.get_payload()).group(1)

    form = client.get(link, follow=True)
    assert parse(form.content).find("h1").text == "Set a new password"
    new = "my new long passphrase"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    assert done.status_code == 302
    assert _sign_in(Client(), new).status_code == 302
    again = client.get(link, follow=True)  # a link works once
    assert parse(again.content).find("h1").text == "This link has expired"


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, person, smtp):
    sent = client.post("/password-reset/", {"email": "nobody@example.org"}, follow=True)

    assert parse(sent.content).find("h1").text == "Check your email"
    assert smtp.messages == []


def test_a_session_ends_after_thirty_idle_minutes(client, person, time_machine):
    time_machine.move_to(_at("09:00"), tick=False)
    _sign_in(client, PASSWORD)
    assert client.get("/").status_code == 200
    time_machine.move_to(_at("09:29"), tick=False)
    assert client.get("/").status_code == 200  # 29 minutes: still signed in

    time_machine.move_to(_at("10:00"), tick=False)
    response = client.get("/", follow=True)

    assert response.redirect_chain[0][0] == "/login/?next=/"
    assert "You were signed out after 30 minutes without using civicplan." in (
        parse(response.content).text
    )


def test_a_session_ends_after_ten_hours_however_busy(client, person, time_machine):
    time_machine.move_to(_at("08:00"), tick=False)
    _sign_in(client, PASSWORD)
    for minutes in range(0, 600, 20):
        time_machine.move_to(_at("08:00") + dt.timedelta(minutes=minutes), tick=False)
        assert client.get("/").status_code == 200

    time_machine.move_to(_at("18:01"), tick=False)

    assert client.get("/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_answers_401_once_the_session_has_ended(client, person, time_machine):
    time_machine.move_to(_at("09:00"), tick=False)
    _sign_in(client, PASSWORD)
    time_machine.move_to(_at("10:00"), tick=False)

    assert client.get("/api/plans/").status_code == 401
