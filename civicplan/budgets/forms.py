"""Budget forms: the year and quarter picker (GET), actuals and income bids (POST).

The POST forms parse; ``budgets.services`` checks the amount's sign, the quarter and the outcome.
Amounts stay text here, so "£-20,000" reaches the service's ``money_parse`` as typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict

from civicplan.budgets.models import BidOutcome, BudgetLine
from civicplan.budgets.selectors import default_year_and_quarter, quarters_to_date
from civicplan.core.forms import (
    DateField,
    ServiceForm,
    choice_field,
    list_choice,
    required_choice,
    submitted_with,
)
from civicplan.core.fy import FinancialYear, fy_range
from civicplan.core.periods import Period
from civicplan.plans.models import Plan

UPTO_LABELS = {
    1: "Quarter 1 (April to June)",
    2: "Quarter 2 (to September)",
    3: "Quarter 3 (to December)",
    4: "Quarter 4 (the whole year)",
}


class BudgetPeriodForm(forms.Form):
    year = forms.ChoiceField(
        label="Financial year",
        required=False,
        error_messages={"invalid_choice": "Choose a financial year of the plan"},
    )
    upto = list_choice(
        "Up to the end of", "a quarter", coerce=int, choices=list(UPTO_LABELS.items())
    )

    def __init__(self, data: QueryDict, *, plan: Plan, today: dt.date) -> None:
        super().__init__(data)
        self.plan, self.today = plan, today
        self.years = fy_range(plan.first_year, plan.last_year)
        choice_field(self, "year").choices = [(str(fy), str(fy)) for fy in self.years]
        self.default = default_year_and_quarter(plan, today)

    def chosen(self) -> tuple[FinancialYear, int]:
        """The year and quarter asked for; anything missing or invalid takes the default."""
        self.is_valid()
        year_text = self.cleaned_data.get("year")
        year = FinancialYear.parse(year_text) if year_text else self.default[0]
        upto = self.cleaned_data.get("upto") or quarters_to_date(self.plan, year, self.today)
        if not self.errors:  # the pickers show what is shown, defaults included
            self.data = {"year": str(year), "upto": str(upto)}
        return year, upto


class ActualForm(ServiceForm):
    """One quarter's actual; each quarter's version travels in its own hidden field."""

    service_fields = {"period": "quarter"}

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    quarter = required_choice(
        "Quarter", "Choose the quarter", "Choose a quarter that has started", coerce=int
    )
    amount = forms.CharField(
        label="Actual amount, in pounds",
        required=False,
        max_length=30,
        help_text="The effect on the net budget in the quarter. Savings and income are negative, "
        "as the plan prints them: for example, -5000.",
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, quarters: list[Period], versions: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "quarter").choices = [(q.number, q.label) for q in quarters]
        for number in range(1, 5):
            self.fields[f"version_{number}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=versions.get(number, 0)
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        quarter = data.get("quarter")
        if quarter:
            data["version"] = data.get(f"version_{quarter}") or 0
        return data

    def rebase(self, version: int) -> None:
        quarter = self.cleaned_data.get("quarter")
        self.data = submitted_with(self.data, self.add_prefix(f"version_{quarter}"), str(version))


class BidForm(ServiceForm):
    """A new bid for funding against an income line (bids start pending)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    line = list_choice(
        "Budget line",
        "an income line",
        coerce=int,
        required=True,
        error_messages={"required": "Choose the income line the bid belongs to"},
    )
    funder = forms.CharField(label="Funder", required=False, max_length=200)
    purpose = forms.CharField(label="What the bid is for", required=False, max_length=300)
    submitted_on = DateField(label="Date submitted", what="the date the bid was submitted")
    amount_bid = forms.CharField(label="Amount bid for, in pounds", required=False, max_length=30)

    def __init__(self, *args: Any, lines: list[BudgetLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {line.pk: line for line in lines}
        choice_field(self, "line").choices = [(line.pk, line.description) for line in lines]

    def chosen_line(self) -> BudgetLine:
        return self.lines[self.cleaned_data["line"]]


OUTCOME_HINTS = {
    BidOutcome.PENDING: "No decision yet (clears the outcome recorded before).",
    BidOutcome.SUCCESSFUL: "Awarded in full or in part: give the amount and the date.",
    BidOutcome.UNSUCCESSFUL: "Turned down: give the date of the decision.",
}


class DecisionForm(ServiceForm):
    outcome = required_choice("Outcome", "Choose the outcome", choices=BidOutcome.choices)
    decided_on = DateField(
        label="Date of the decision", what="the date of the decision", required=False
    )
    amount_awarded = forms.CharField(
        label="Amount awarded, in pounds",
        required=False,
        max_length=30,
        help_text="For a successful bid.",
    )

    @property
    def outcome_options(self) -> list[tuple[str, str, str]]:
        return [
            (value, label, OUTCOME_HINTS[BidOutcome(value)]) for value, label in BidOutcome.choices
        ]
