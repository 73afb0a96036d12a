"""The peer-group form: it reads what was typed; ``peer_group_save`` decides whether it is right."""

from __future__ import annotations

from django import forms


class PeerGroupForm(forms.Form):
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

    what = forms.ChoiceField(
        label="What",
        error_messages={
            "required": "Choose what to count",
            "invalid_choice": "Choose a measure or a police.uk crime type from the list",
        },
    )
    period = forms.ChoiceField(
        label="Period",
        error_messages={
            "required": "Choose a period",
            "invalid_choice": "Choose a period from the list: a quarter, a financial year or a "
            "month of the police data held",
        },
    )
    by = forms.ChoiceField(
        label="Group by",
        choices=BY_CHOICES,
        error_messages={
            "required": "Choose streets or LSOAs",
            "invalid_choice": "Choose streets or LSOAs",
        },
    )
    limit = forms.TypedChoiceField(
        label="How many",
        choices=LIMIT_CHOICES,
        coerce=int,
        error_messages={
            "required": "Choose how many places to list",
            "invalid_choice": "Choose 10, 20 or 50 places",
        },
    )

    def __init__(self, data: dict[str, str], *, what: Grouped, periods: Grouped) -> None:
        super().__init__(data)
        self.fields["what"].choices = what
        self.fields["period"].choices = periods
