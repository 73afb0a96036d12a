"""Forms of the plan pages: filters (GET) and recording a policy's renewal (POST)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from civicplan.core.forms import DateField, ServiceForm, choice_field, list_choice
from civicplan.plans.models import Recurrence


def finding_kind_label(kind: str) -> str:
    """``unknown_action_code`` → ``Unknown action code``."""
    return kind.replace("_", " ").capitalize()


class FindingFilterForm(forms.Form):
    kind = list_choice("Kind of finding", "a kind of finding")

    def __init__(self, data: QueryDict, *, kinds: list[str]) -> None:
        super().__init__(data)
        choice_field(self, "kind").choices = [("", "All kinds")] + [
            (kind, finding_kind_label(kind)) for kind in kinds
        ]

    def chosen_kind(self) -> str:
        """The kind asked for, or "" for all (also when the one asked for is not in this plan)."""
        if not self.is_valid():
            return ""
        return self.cleaned_data.get("kind") or ""


class RenewalFilterForm(forms.Form):
    """The renewal tracker's one filter: every policy, or the ones the signed-in user owns."""

    whose = forms.ChoiceField(
        label="Policies",
        required=False,
        choices=[("", "All policies"), ("mine", "Policies my posts own")],
        error_messages={"invalid_choice": "Choose all policies or yours"},
    )

    def mine(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("whose") == "mine"


class RenewalForm(ServiceForm):
    """A renewal as approved; ``policy_renewal_record`` decides whether it can be kept."""

    document_version = forms.CharField(
        label="Version", required=False, max_length=100, help_text="For example, 2027 or v3."
    )
    approved_on = DateField(label="Date approved", what="the date it was approved")
    approved_by_body = forms.CharField(
        label="Approved by", required=False, max_length=200, help_text="For example, Cabinet."
    )
    document_url = forms.CharField(
        label="Link to the document (optional)",
        required=False,
        max_length=500,
        help_text="The web address of the published document, starting https://",
    )
    next_renewal_date = DateField(
        label="Next renewal date", what="the next renewal date", required=False
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, recurrence: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if recurrence == Recurrence.ANNUAL:
            self.fields[
                "next_renewal_date"
            ].help_text = (
                "Leave empty: a policy updated annually is next due a year after this approval."
            )
        elif recurrence == Recurrence.CONTINUOUS:
            del self.fields["next_renewal_date"]
