"""The form that asks which quarterly report to build: quarter, audience, format, cover details."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import QueryDict

from civicplan.core.forms import choice_field, list_choice, required_choice
from civicplan.core.periods import Period
from civicplan.monitoring.pages.forms import period_choices
from civicplan.monitoring.selectors.series import default_period
from civicplan.plans.models import Plan
from civicplan.reports.quarterly.document import Audience
from civicplan.reports.quarterly.exports import FORMATS

AUDIENCE_HINTS = {
    Audience.GMT: "Every measure with a target, with exceptions, key tasks, risks, policies "
    "and budget",
    Audience.CABINET: "Critical Success and Key Performance Indicators, with the same sections",
    Audience.SCRUTINY: "A summary of one or two pages",
}


class QuarterlyReportForm(forms.Form):
    period = list_choice(
        "Quarter",
        "a quarter",
        required=True,
        error_messages={"required": "Choose the quarter to report on"},
    )
    audience = required_choice(
        "Who is it for?",
        "Choose who the report is for",
        choices=[(a.value, a.label) for a in Audience],
    )
    format = required_choice(
        "Format",
        "Choose the format of the report",
        choices=[(f.key, f.label) for f in FORMATS.values()] + [("page", "Show it on this page")],
    )
    meeting = forms.CharField(
        label="Meeting (optional)",
        required=False,
        max_length=200,
        help_text="For example, Cabinet, 8 December 2026",
        error_messages={"max_length": "Meeting must be 200 characters or fewer"},
    )
    author = forms.CharField(
        label="Author (optional)",
        required=False,
        max_length=200,
        help_text="Name and post, shown on the cover",
        error_messages={"max_length": "Author must be 200 characters or fewer"},
    )

    def __init__(self, data: QueryDict | None, *, plan: Plan, today: dt.date) -> None:
        super().__init__(data)
        choice_field(self, "period").choices = period_choices(plan)
        self.initial = {
            "period": str(default_period(plan, today)),
            "audience": Audience.CABINET.value,
            "format": "docx",
        }

    @property
    def audience_options(self) -> list[tuple[str, str, str]]:
        """(value, label, hint) for the audience radios."""
        return [(a.value, a.label, AUDIENCE_HINTS[a]) for a in Audience]

    def cleaned_period(self) -> Period:
        return Period.parse(self.cleaned_data["period"])
