"""The indicator table's filter form (GET): every choice comes from the plan being shown."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from civicplan.core.forms import list_choice
from civicplan.indicators.models import Framework
from civicplan.indicators.selectors import IndicatorFilterOptions, IndicatorFilters


class IndicatorFilterForm(forms.Form):
    framework = list_choice("Framework", "a framework")
    objective = list_choice("Objective", "an objective")
    section = list_choice("Section", "a section")
    owner = list_choice("Owner", "an owner", coerce=int)

    def __init__(self, data: QueryDict, *, options: IndicatorFilterOptions) -> None:
        super().__init__(data)
        self.fields["framework"].choices = [("", "All frameworks"), *Framework.choices]
        self.fields["objective"].choices = [("", "All objectives")] + [
            (o.code, f"{o.code}: {o.title}") for o in options.objectives
        ]
        self.fields["section"].choices = [("", "All sections")] + [(s, s) for s in options.sections]
        self.fields["owner"].choices = [("", "All owners")] + [
            (p.pk, p.title) for p in options.owners
        ]

    def filters(self, sort: str) -> IndicatorFilters:
        """The valid part of the query; an invalid field is reported on the page and ignored."""
        self.is_valid()
        cleaned = self.cleaned_data
        return IndicatorFilters(
            framework=cleaned.get("framework") or "",
            objective=cleaned.get("objective") or "",
            section=cleaned.get("section") or "",
            owner=cleaned.get("owner"),
            sort=sort,
        )
