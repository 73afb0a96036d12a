"""Filter forms of the plan pages (GET)."""

from __future__ import annotations

from django import forms
from django.http import QueryDict


def finding_kind_label(kind: str) -> str:
    """``unknown_action_code`` → ``Unknown action code``."""
    return kind.replace("_", " ").capitalize()


class FindingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of finding",
        required=False,
        error_messages={"invalid_choice": "Choose a kind of finding from the list"},
    )

    def __init__(self, data: QueryDict, *, kinds: list[str]) -> None:
        super().__init__(data)
        self.fields["kind"].choices = [("", "All kinds")] + [
            (kind, finding_kind_label(kind)) for kind in kinds
        ]

    def chosen_kind(self) -> str:
        """The kind asked for, or "" for all (also when the one asked for is not in this plan)."""
        if not self.is_valid():
            return ""
        return self.cleaned_data.get("kind") or ""
