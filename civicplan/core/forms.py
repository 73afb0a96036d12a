"""Forms for the pages that change things: parse what a person typed, let a service decide the rest.

A form only turns text into values (a date from three boxes, a whole number, a choice). Whether the
values are acceptable is the service's call, so the page, the API and an upload cannot disagree:
``form_submit`` runs the service and puts its refusal back on the form, where the error summary
and the field's own message show it. ``EditConflict`` keeps what was typed and moves the form's
``version`` on to the one now saved, so that, having seen the other person's change on the page,
saving again is a deliberate single step. ``form_post`` answers the post the same way on every
page: saved, a banner and a redirect; refused, the page again with the form (409 on a conflict).

Forms that only choose what to show (filters, pickers, the report builder) are plain Django forms
built from the fields here (``list_choice``, ``required_choice``, ``DateField``).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, ClassVar, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from civicplan.core.errors import EditConflict, ValueRejected

__all__ = [
    "DateField",
    "Outcome",
    "ServiceForm",
    "form_post",
    "form_submit",
    "list_choice",
    "required_choice",
]

_PARTS = ("day", "month", "year")


class DateWidget(forms.Widget):
    """The three boxes of the GOV.UK date input: ``NAME-day``, ``NAME-month``, ``NAME-year``."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str, str]:
        day, month, year = (str(data.get(f"{name}-{part}", "")).strip() for part in _PARTS)
        return day, month, year

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in _PARTS)

    def format_value(self, value: Any) -> tuple[str, str, str]:
        if isinstance(value, dt.date):
            return str(value.day), str(value.month), str(value.year)
        if isinstance(value, tuple | list) and len(value) == 3:
            return str(value[0] or ""), str(value[1] or ""), str(value[2] or "")
        return "", "", ""


@dataclass(frozen=True)
class DateBox:
    """One box of the GOV.UK date input: day, month or year, as typed or as held."""

    part: str
    id: str
    name: str
    value: str
    error: bool

    @property
    def label(self) -> str:
        return self.part.capitalize()

    @property
    def width(self) -> int:
        """The box's width in characters: 2 for the day and the month, 4 for the year."""
        return 4 if self.part == "year" else 2


class DateBoundField(BoundField):
    """Adds ``boxes`` (day, month, year) for ``components/date_field.html``."""

    @property
    def boxes(self) -> list[DateBox]:
        """The three boxes; the day box carries the field's id, so an error's link lands on it,
        and only the boxes an error names are outlined (all three if it names none)."""
        widget = self.field.widget
        assert isinstance(widget, DateWidget)
        values = widget.format_value(self.value())
        errors = self._error_parts()
        return [
            DateBox(
                part=part,
                id=self.auto_id if part == "day" else f"{self.auto_id}-{part}",
                name=f"{self.html_name}-{part}",
                value=value,
                error=part in errors,
            )
            for part, value in zip(_PARTS, values, strict=True)
        ]

    def _error_parts(self) -> set[str]:
        """The boxes to outline in red: those named by the error, or all three."""
        if not self.errors:
            return set()
        message = str(self.errors[0]).lower()
        named = {part for part in _PARTS if f"include a {part}" in message}
        return named or set(_PARTS)


class DateField(forms.Field):
    """A date typed into day, month and year boxes, refused with the GOV.UK pattern's messages."""

    widget = DateWidget

    def __init__(self, *, what: str = "the date", **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {what}")
        super().__init__(**kwargs)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return DateBoundField(form, self, field_name)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        parts = dict(zip(_PARTS, value or ("", "", ""), strict=True))
        if not any(parts.values()):
            return None
        missing = [part for part in _PARTS if not parts[part]]
        what = self.what[0].upper() + self.what[1:]
        if missing:
            raise forms.ValidationError(f"{what} must include a {' and '.join(missing)}")
        if not all(re.fullmatch(r"\d{1,4}", parts[part]) for part in _PARTS):
            raise forms.ValidationError(f"{what} must be a real date, written in numbers")
        if len(parts["year"]) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise forms.ValidationError(f"{what} must be a real date") from None


def list_choice(
    label: str, noun: str, *, coerce: Callable[[Any], Any] | None = None, **kwargs: Any
) -> forms.ChoiceField:
    """A choice from a list (a filter, a picker), refused with "Choose NOUN from the list".

    ``noun`` carries its article: ``"a framework"``, ``"an owner"``, ``"what to show"``. Optional,
    as a list filter is, unless ``required=True`` is passed; other messages (``"required"``) go
    in ``error_messages`` as usual. With ``coerce`` the field is a ``TypedChoiceField`` whose
    empty value is ``None``. The choices are usually set by the form's ``__init__``.
    """
    kwargs.setdefault("required", False)
    kwargs["error_messages"] = {
        "invalid_choice": f"Choose {noun} from the list",
        **kwargs.get("error_messages", {}),
    }
    if coerce is None:
        return forms.ChoiceField(label=label, **kwargs)
    kwargs.setdefault("empty_value", None)
    return forms.TypedChoiceField(label=label, coerce=coerce, **kwargs)


def required_choice(
    label: str,
    required: str,
    invalid: str = "",
    *,
    coerce: Callable[[Any], Any] | None = None,
    **kwargs: Any,
) -> forms.ChoiceField:
    """A choice that must be made: refused with ``required`` when nothing is chosen and with
    ``invalid`` (the same words unless given) when the choice is not one of the list.

    With ``coerce`` the field is a ``TypedChoiceField``.
    """
    kwargs["error_messages"] = {"required": required, "invalid_choice": invalid or required}
    if coerce is None:
        return forms.ChoiceField(label=label, **kwargs)
    return forms.TypedChoiceField(label=label, coerce=coerce, **kwargs)


def submitted_with(data: Mapping[str, Any], key: str, value: str) -> QueryDict | dict[str, Any]:
    """A copy of a form's data with one value changed (a request's ``QueryDict`` is read-only)."""
    changed = data.copy() if isinstance(data, QueryDict) else dict(data)
    changed[key] = value
    return changed


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name`` as the choice field it is, to set its choices when bound.

    ``form.fields`` is typed as holding plain fields; this says which kind, and fails loudly if a
    form's declaration and its use part ways.
    """
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


class ServiceForm(forms.Form):
    """A form whose values go to one service; ``version`` is the copy's ``expected_version``.

    ``service_fields`` maps a service's field name to this form's, where they differ (a score's
    ``inherent`` is shown on ``inherent_likelihood``); a refusal of a field the form does not
    have is shown above the form. ``version_field`` names the hidden version field where it is
    not ``version`` (the monitoring pages post ``expected_version``); a form whose service takes
    no version removes the field (``version = None``). ``conflict_message``, if set, is shown on
    a conflict instead of the service's own words.
    """

    service_fields: ClassVar[dict[str, str]] = {}
    version_field: ClassVar[str] = "version"
    conflict_message: ClassVar[str] = ""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def refuse(self, exc: ValueRejected | ValidationError) -> None:
        """Show a refusal on the field it names, or above the form.

        A ``ValidationError`` is the model's own checks, run by the service: each of its fields.
        """
        if isinstance(exc, ValueRejected):
            self.add_error(self._shown_on(exc.field), str(exc))
        elif not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
        else:
            for name, problems in exc.message_dict.items():
                self.add_error(self._shown_on(name), problems)

    def _shown_on(self, field: str) -> str | None:
        name = self.service_fields.get(field, field)
        return name if name in self.fields else None

    def rebase(self, version: int) -> None:
        """After a conflict: keep what was typed, carry the version that is now saved."""
        self.data = submitted_with(self.data, self.add_prefix(self.version_field), str(version))


class Outcome(enum.Enum):
    """What became of a submitted form."""

    SAVED = "saved"
    INVALID = "invalid"
    CONFLICT = "conflict"


def form_submit(form: ServiceForm, save: Callable[[dict[str, Any]], object]) -> Outcome:
    """Parse ``form`` and hand its values to ``save`` (which calls one service).

    ``PermissionDenied`` is not caught: the page answers 403 and nothing is saved.
    """
    if not form.is_valid():
        return Outcome.INVALID
    try:
        save(form.cleaned_data)
    except (ValueRejected, ValidationError) as exc:
        form.refuse(exc)
        return Outcome.INVALID
    except EditConflict as exc:
        form.add_error(None, form.conflict_message or str(exc))
        return Outcome.CONFLICT
    return Outcome.SAVED


Now = TypeVar("Now")


def form_post(
    request: HttpRequest,
    form: ServiceForm,
    save: Callable[[dict[str, Any]], str | None],
    *,
    saved_to: str,
    reread: Callable[[], Now],
    page: Callable[[Now, int], HttpResponse],
    version: Callable[[Now], int] = attrgetter("version"),
) -> HttpResponse:
    """Answer a form's post: ``form_submit(form, save)``, then one of three answers.

    Saved: the banner ``save`` returns (none if it returns ``None``) and a redirect to
    ``saved_to``. Refused: ``page(now, 200)``, the page again with the form as typed and its
    errors, ``now`` being ``reread()``, the record as it is saved now. Conflict: the form moved
    on to ``version(now)`` and ``page(now, 409)``, so the other person's change is on the page.
    """
    banner: list[str | None] = []
    outcome = form_submit(form, lambda data: banner.append(save(data)))
    if outcome is Outcome.SAVED:
        if banner[0]:
            messages.success(request, banner[0])
        return redirect(saved_to)
    now = reread()
    if outcome is Outcome.CONFLICT:
        form.rebase(version(now))
        return page(now, 409)
    return page(now, 200)
