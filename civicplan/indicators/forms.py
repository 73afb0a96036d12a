"""A performance officer's form for how an indicator is monitored.

The form sends only what changed to ``indicator_settings_update``, so the audit trail's before
and after name exactly the settings that moved. The checks here are about reading the form
(a real date, a ratio that names two parts); what the settings mean is the rules' business.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict

from civicplan.core.formats import number_text
from civicplan.core.forms import DateField, ServiceForm, choice_field, list_choice
from civicplan.indicators.models import Indicator, Polarity, rules_choices
from civicplan.indicators.rules import (
    MAX_DECIMAL_PLACES,
    Aggregation,
    Frequency,
    ProfileKind,
    ToleranceKind,
)


class ExpectedVersionForm(ServiceForm):
    """A monitoring form that changes something: it posts ``expected_version``, as the API does."""

    version_field = "expected_version"
    version = None  # type: ignore[assignment]


class TargetForm(ServiceForm):
    version = None  # type: ignore[assignment]  # a target is set, not edited from a copy
    year = list_choice(
        "Financial year",
        "a year",
        required=True,
        error_messages={"required": "Choose the year the target is for"},
    )
    value = forms.CharField(label="Target", required=False, max_length=40)
    reason = forms.CharField(
        label="Why is the target changing?", required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, years: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = [("", "Choose a year"), *((y, y) for y in years)]


class SettingsForm(ExpectedVersionForm):
    conflict_message = (
        "Someone else changed these settings while you were editing them, so yours have not "
        "been saved. Open the indicator page to see theirs, then try again."
    )

    frequency = forms.ChoiceField(
        label="How often it is collected", choices=rules_choices(Frequency)
    )
    aggregation = forms.ChoiceField(
        label="How figures combine over the year", choices=rules_choices(Aggregation)
    )
    ratio_numerator = forms.ChoiceField(label="Ratio: the part (numerator)", required=False)
    ratio_denominator = forms.ChoiceField(label="Ratio: the whole (denominator)", required=False)
    polarity = forms.ChoiceField(
        label="Which way is better",
        required=False,
        choices=[("", "Not known (no RAG status)"), *Polarity.choices],
    )
    tolerance_kind = forms.ChoiceField(
        label="How the tolerance is measured", choices=rules_choices(ToleranceKind)
    )
    tolerance_amount = forms.DecimalField(
        label="Tolerance",
        min_value=0,
        max_digits=12,
        decimal_places=4,
        error_messages={
            "required": "Enter the tolerance",
            "invalid": "Enter the tolerance as a number, such as 5",
            "min_value": "The tolerance cannot be negative",
        },
    )
    decimal_places = forms.TypedChoiceField(
        label="Decimal places its figures are printed with",
        coerce=int,
        choices=[
            (places, f"{places} ({number_text(Decimal('37.0166'), places=places)})")
            for places in range(MAX_DECIMAL_PLACES + 1)
        ],
        error_messages={
            "required": "Choose the number of decimal places, from 0 to 4",
            "invalid_choice": "Choose the number of decimal places, from 0 to 4",
        },
    )
    target_profile = forms.ChoiceField(
        label="How the annual target is spread over the quarters",
        choices=rules_choices(ProfileKind),
    )
    series_break_date = DateField(
        label="Series break date",
        what="the series break date",
        required=False,
        help_text="Figures from this date on are not compared with earlier ones. Leave blank if "
        "there is no break.",
    )
    series_break_reason = forms.CharField(
        label="What changed at the break", required=False, max_length=300
    )
    reason = forms.CharField(
        label="Why are the settings changing?",
        widget=forms.Textarea,
        error_messages={"required": "Say why the settings are changing"},
    )
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(
        self, data: QueryDict | None = None, *, indicator: Indicator, codes: list[str]
    ) -> None:
        self.indicator = indicator
        super().__init__(data, initial=self._initial(indicator))
        parts = [("", "None")] + [(code, code) for code in codes if code != indicator.code]
        choice_field(self, "ratio_numerator").choices = parts
        choice_field(self, "ratio_denominator").choices = parts

    @staticmethod
    def _initial(indicator: Indicator) -> dict[str, Any]:
        return {
            "frequency": indicator.frequency,
            "aggregation": indicator.aggregation,
            "ratio_numerator": indicator.ratio_numerator.code if indicator.ratio_numerator else "",
            "ratio_denominator": (
                indicator.ratio_denominator.code if indicator.ratio_denominator else ""
            ),
            "polarity": indicator.polarity,
            "tolerance_kind": indicator.tolerance_kind,
            "tolerance_amount": indicator.tolerance_amount.normalize(),
            "decimal_places": indicator.decimal_places,
            "target_profile": indicator.target_profile,
            "series_break_date": indicator.series_break_date,
            "series_break_reason": indicator.series_break_reason,
            "expected_version": indicator.version,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("aggregation") == Aggregation.RATIO.value:
            for name, what in (("ratio_numerator", "part"), ("ratio_denominator", "whole")):
                if not cleaned.get(name):
                    self.add_error(name, f"Choose the indicator that counts the {what}")
            if cleaned.get("ratio_numerator") and cleaned.get("ratio_numerator") == cleaned.get(
                "ratio_denominator"
            ):
                self.add_error("ratio_denominator", "Choose two different indicators")
        undated = cleaned.get("series_break_reason") and not cleaned.get("series_break_date")
        if undated and "series_break_date" not in self.errors:
            self.add_error("series_break_date", "Enter the date the series broke")
        return cleaned

    def changes(self, by_code: dict[str, Indicator]) -> dict[str, Any]:
        """The settings that differ from the indicator's, as the service takes them."""
        cleaned = self.cleaned_data
        ratio = cleaned["aggregation"] == Aggregation.RATIO.value
        wanted: dict[str, Any] = {
            "frequency": Frequency.QUARTERLY.value if ratio else cleaned["frequency"],
            "aggregation": cleaned["aggregation"],
            "ratio_numerator": by_code.get(cleaned["ratio_numerator"]) if ratio else None,
            "ratio_denominator": by_code.get(cleaned["ratio_denominator"]) if ratio else None,
            "polarity": cleaned["polarity"],
            "tolerance_kind": cleaned["tolerance_kind"],
            "tolerance_amount": cleaned["tolerance_amount"],
            "decimal_places": cleaned["decimal_places"],
            "target_profile": cleaned["target_profile"],
            "series_break_date": cleaned["series_break_date"],
            "series_break_reason": cleaned["series_break_reason"].strip(),
        }
        return {
            name: value for name, value in wanted.items() if getattr(self.indicator, name) != value
        }
