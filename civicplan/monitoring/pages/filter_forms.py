"""The indicator table's filter form (GET): every choice comes from the plan being shown."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from civicplan.core.forms import choice_field, list_choice
from civicplan.indicators.models import Framework
from civicplan.indicators.selectors import IndicatorFilterOptions, IndicatorFilters


class IndicatorFilterForm(forms.Form):
    framework = list_choice("Framework", "a framework")
    objective = list_choice("Objective", "an objective")
    section = list_choice("Section", "a section")
    owner = list_choice("Owner", "an owner", coerce=int)

    def __init__(self, data: QueryDict, *, options: IndicatorFilterOptions) -> None:
        super().__init__(data)
        choice_field(self, "framework").choices = [("", "All frameworks"), *Framework.choices]
        choice_field(self, "objective").choices = [("", "All objectives")] + [
            (o.code, f"{o.code}: {o.title}") for o in options.objectives
        ]
        choice_field(self, "section").choices = [("", "All sections")] + [
            (s, s) for s in options.sections
        ]
        choice_field(self, "owner").choices = [("", "All owners")] + [
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
