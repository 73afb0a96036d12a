"""The one form protocol: ServiceForm, form_submit, form_post and required_choice."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from civicplan.core.errors import EditConflict, ValueRejected
from civicplan.core.forms import Outcome, ServiceForm, form_post, form_submit, required_choice


class NoteForm(ServiceForm):
    service_fields = {"body": "text"}

    text = forms.CharField(required=False)


class ExpectedForm(ServiceForm):
    version_field = "expected_version"
    conflict_message = "Someone else saved it first."

    version = None  # type: ignore[assignment]
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class UnversionedForm(ServiceForm):
    version = None  # type: ignore[assignment]

    colour = required_choice("Colour", "Choose a colour", choices=[("red", "Red")])
    size = required_choice(
        "Size", "Choose a size", "Choose 1 or 2", choices=[(1, "1"), (2, "2")], coerce=int
    )


def _raises(exc: Exception) -> Any:
    def save(data: dict[str, Any]) -> str:
        raise exc

    return save


def _post() -> HttpRequest:
    request = RequestFactory().post("/somewhere/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_form_submit_saves_a_valid_form() -> None:
    saved: list[dict[str, Any]] = []
    form = NoteForm({"version": "3", "text": "hello"})

    assert form_submit(form, saved.append) is Outcome.SAVED
    assert saved == [{"version": 3, "text": "hello"}]


def test_form_submit_puts_a_refusal_on_the_field_it_names() -> None:
    form = NoteForm({"version": "3", "text": "hello"})

    outcome = form_submit(form, _raises(ValueRejected("Too short", field="body")))

    assert outcome is Outcome.INVALID
    assert form.errors == {"text": ["Too short"]}


def test_form_submit_shows_a_refusal_of_an_unknown_field_above_the_form() -> None:
    form = NoteForm({"version": "3", "text": "hello"})

    form_submit(form, _raises(ValueRejected("Not now", field="moon")))

    assert form.non_field_errors() == ["Not now"]


def test_form_submit_shows_the_models_own_checks_on_their_fields() -> None:
    form = NoteForm({"version": "3", "text": "hello"})
    error = ValidationError({"text": ["Bad text"], "other": ["Bad other"]})

    assert form_submit(form, _raises(error)) is Outcome.INVALID
    assert form.errors == {"text": ["Bad text"], "__all__": ["Bad other"]}


def test_form_submit_does_not_call_the_service_for_an_invalid_form() -> None:
    form = NoteForm({"text": "hello"})

    assert form_submit(form, _raises(AssertionError("called"))) is Outcome.INVALID
    assert "version" in form.errors


def test_a_conflict_shows_the_forms_own_words_and_moves_its_version_field() -> None:
    form = ExpectedForm({"expected_version": "1"})

    assert form_submit(form, _raises(EditConflict("stale"))) is Outcome.CONFLICT
    form.rebase(2)

    assert form.non_field_errors() == ["Someone else saved it first."]
    assert form["expected_version"].value() == "2"
    assert "version" not in form.fields


def test_required_choice_refuses_nothing_and_an_unknown_choice() -> None:
    form = UnversionedForm({"colour": "", "size": "3"})

    assert not form.is_valid()
    assert form.errors == {"colour": ["Choose a colour"], "size": ["Choose 1 or 2"]}
    assert UnversionedForm({"colour": "red", "size": "2"}).is_valid()


def _page(now: object, status: int) -> HttpResponse:
    return HttpResponse(f"page of {now}", status=status)


def test_form_post_saved_shows_the_banner_and_redirects() -> None:
    request = _post()
    form = NoteForm({"version": "3", "text": "hello"})

    response = form_post(
        request, form, lambda data: "Saved.", saved_to="/done/", reread=lambda: "x", page=_page
    )

    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_form_post_refused_shows_the_page_again() -> None:
    form = NoteForm({"version": "3", "text": "hello"})

    response = form_post(
        _post(),
        form,
        _raises(ValueRejected("No", field="text")),
        saved_to="/done/",
        reread=lambda: "now",
        page=_page,
    )

    assert (response.status_code, response.content) == (200, b"page of now")


@pytest.mark.parametrize("saved_version", [5, 7])
def test_form_post_conflict_answers_409_on_the_version_now_saved(saved_version: int) -> None:
    form = NoteForm({"version": "3", "text": "hello"})

    response = form_post(
        _post(),
        form,
        _raises(EditConflict("Someone else changed it.")),
        saved_to="/done/",
        reread=lambda: saved_version,
        page=_page,
        version=lambda now: now,
    )

    assert response.status_code == 409
    assert form["version"].value() == str(saved_version)
    assert form.non_field_errors() == ["Someone else changed it."]
