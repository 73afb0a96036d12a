"""The police data forms. They read what was typed or chosen; the services decide whether it is
right (``peer_group_save``, ``derived_values_record_for_period``)."""

from __future__ import annotations

from typing import Any

from django import forms

from civicplan.core.forms import ServiceForm, choice_field, required_choice
from civicplan.opendata.rules import Period
from civicplan.opendata.services import grain_problem


class PeerGroupForm(ServiceForm):
    version = None  # type: ignore[assignment]  # saved whole, not edited from a copy

    name = forms.CharField(
        label="Name of the group",
        max_length=200,
        error_messages={
            "required": "Enter a name for the peer group",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    districts = forms.CharField(
        label="Districts to compare with",
        widget=forms.Textarea,
        error_messages={"required": "Enter the districts to compare with, one a line"},
    )
    is_default = forms.BooleanField(
        label="Use this peer group on indicator pages and reports", required=False
    )


Choices = list[tuple[str, str]]
Grouped = list[tuple[str, Choices]]


class HotspotForm(forms.Form):
    """The hotspot filter (GET). Every choice comes from the organisation's mapping and the months
    the store holds, so a typed or forged value is an error on the page, never a query."""

    BY_CHOICES = [("street", "Street"), ("lsoa", "LSOA (neighbourhood)")]
    LIMIT_CHOICES = [(10, "10"), (20, "20"), (50, "50")]

    what = required_choice(
        "What", "Choose what to count", "Choose a measure or a police.uk crime type from the list"
    )
    period = required_choice(
        "Period",
        "Choose a period",
        "Choose a period from the list: a quarter, a financial year or a month of the police "
        "data held",
    )
    by = required_choice("Group by", "Choose streets or LSOAs", choices=BY_CHOICES)
    limit = required_choice(
        "How many",
        "Choose how many places to list",
        "Choose 10, 20 or 50 places",
        choices=LIMIT_CHOICES,
        coerce=int,
    )

    def __init__(self, data: dict[str, str], *, what: Grouped, periods: Grouped) -> None:
        super().__init__(data)
        choice_field(self, "what").choices = what
        choice_field(self, "period").choices = periods


class RecordForm(ServiceForm):
    """Which derived figures to preview (GET) and record (POST, the same two values hidden).

    The periods are the quarters and financial years of the months held, so a typed or forged
    value is an error on the page, never a query; whether a figure may be recorded is for
    ``derived_values_record_for_period`` to decide.
    """

    version = None  # type: ignore[assignment]

    GRAIN_CHOICES = [
        ("quarter", "Each quarter"),
        ("month", "Each month"),
        ("year", "The whole financial year"),
    ]

    period = required_choice(
        "Period",
        "Choose a period",
        "Choose a period from the list: a quarter or a financial year of the police data held",
    )
    grain = required_choice(
        "Record a figure for",
        "Choose each quarter, each month or the whole financial year",
        choices=GRAIN_CHOICES,
    )

    def __init__(self, data: Any, *, periods: Grouped) -> None:
        super().__init__(data)
        choice_field(self, "period").choices = periods

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        period, grain = data.get("period"), data.get("grain")
        if period and grain:
            problem = grain_problem(Period.parse(period), grain)
            if problem:
                self.add_error("grain", problem)
        return data
