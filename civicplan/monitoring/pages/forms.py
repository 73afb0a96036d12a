"""The monitoring pages' forms: they parse input and carry the services' errors back to fields.

Figures, reasons and settings are checked by the services (the one place the rules live, shared
with the workbook and the API); a form only turns text into typed arguments and, when a service
refuses, puts its message on the field it names so the error summary can link to it
(``core.forms.ServiceForm``). Their version field is ``expected_version``, as the API's is.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import QueryDict

from civicplan.core.forms import choice_field, list_choice, submitted_with
from civicplan.core.periods import Period
from civicplan.indicators.forms import ExpectedVersionForm
from civicplan.indicators.models import Framework
from civicplan.monitoring.selectors.dashboard import DASHBOARD_SORTS, STATUS_ORDER, DashboardFilters
from civicplan.monitoring.selectors.series import default_period, periods_for_choice
from civicplan.plans.models import Objective, Plan, Post


def period_choices(plan: Plan) -> list[tuple[str, str]]:
    """The quarters a period picker offers (``periods_for_choice``), the latest first."""
    return [(str(p), p.label) for p in reversed(periods_for_choice(plan))]


class PeriodForm(forms.Form):
    """A period picker (GET); an unknown period is reported and the default shown instead.

    The default is the quarter being collected and reported on ``today`` (``default_period``).
    """

    period = list_choice("Period", "a period")

    def __init__(self, data: QueryDict, *, plan: Plan, today: dt.date, all_label: str = "") -> None:
        super().__init__(data)
        self.default = default = default_period(plan, today)
        choices = period_choices(plan)
        if all_label:
            choices.insert(0, ("", all_label))
        elif not data.get("period"):
            self.data = submitted_with(data, "period", str(default))
        choice_field(self, "period").choices = choices

    def chosen_period(self) -> Period | None:
        """The period asked for; the default when it is not valid; None for "all periods"."""
        if not self.is_valid():
            return self.default
        chosen = self.cleaned_data.get("period")
        return Period.parse(chosen) if chosen else None


class DashboardForm(PeriodForm):
    framework = list_choice("Framework", "a framework")
    objective = list_choice("Objective", "an objective")
    status = list_choice("Status", "a status")

    def __init__(
        self,
        data: QueryDict,
        *,
        plan: Plan,
        today: dt.date,
        objectives: list[Objective],
    ) -> None:
        super().__init__(data, plan=plan, today=today)
        choice_field(self, "framework").choices = [("", "All frameworks"), *Framework.choices]
        choice_field(self, "objective").choices = [("", "All objectives")] + [
            (o.code, f"{o.code}: {o.title}") for o in objectives
        ]
        choice_field(self, "status").choices = [("", "All statuses")] + [
            (s.value, s.label) for s in STATUS_ORDER
        ]

    def filters(self, sort: str) -> DashboardFilters:
        """The valid part of the query; an invalid field is reported on the page and ignored."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return DashboardFilters(
            framework=cleaned.get("framework") or "",
            objective=cleaned.get("objective") or "",
            status=cleaned.get("status") or "",
            sort=sort if sort in DASHBOARD_SORTS else "code",
        )


class OwnerPeriodForm(PeriodForm):
    """My indicators: the round, and (for performance officers) one owning post."""

    owner = list_choice("Owner", "an owner", coerce=int)

    def __init__(self, data: QueryDict, *, plan: Plan, today: dt.date, owners: list[Post]) -> None:
        super().__init__(data, plan=plan, today=today)
        self.owners = {post.pk: post for post in owners}
        choice_field(self, "owner").choices = [("", "All owners")] + [
            (post.pk, post.title) for post in owners
        ]

    def chosen_owner(self) -> Post | None:
        if not self.is_valid():
            return None
        owner = self.cleaned_data.get("owner")
        return self.owners.get(owner) if owner is not None else None


class ValueForm(ExpectedVersionForm):
    """One figure with its commentary, remedial action and forecast. The value stays text: the
    service reads it (commas, a ``%`` sign) and says what is wrong, exactly as it does for the
    workbook and the API. ``confirm_unusual`` is offered once the service has warned that the
    figure is out of line with the measure's history and target.

    After a conflict the user's figure is kept and the form moves on to the version now saved,
    so saving it again is a deliberate choice over the other one."""

    conflict_message = (
        "Someone else changed this figure while you were editing it, so yours has not been "
        "saved. Their figure is shown under “Figure now”. Yours is still in the form: check "
        "both, then save again to replace theirs."
    )

    value = forms.CharField(label="Value", required=False, max_length=40)
    commentary = forms.CharField(
        label="Commentary", required=False, widget=forms.Textarea, max_length=5000
    )
    remedial_action = forms.CharField(
        label="Remedial action", required=False, widget=forms.Textarea, max_length=5000
    )
    forecast = forms.CharField(label="Forecast", required=False, max_length=500)
    confirm_unusual = forms.BooleanField(label="Yes, this figure is right", required=False)
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("draft", "Save draft"), ("submit", "Submit")])

    @property
    def submitting(self) -> bool:
        return self.cleaned_data.get("action") == "submit"


class DecisionForm(ExpectedVersionForm):
    """Approve or return one submitted figure."""

    conflict_message = (
        "Someone else changed this figure while you were looking at it, so nothing was done. "
        "Check it again below."
    )

    value_id = forms.IntegerField(widget=forms.HiddenInput)
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("return", "Return")])
    reason = forms.CharField(required=False, widget=forms.Textarea, max_length=5000)


class WorkbookForm(forms.Form):
    """Which collection workbook to download (GET)."""

    period = list_choice("Period", "a period", required=True)
    post = list_choice("Whose indicators", "a post", coerce=int)

    def __init__(
        self, data: QueryDict | None, *, plan: Plan, today: dt.date, posts: list[Post]
    ) -> None:
        super().__init__(data, initial={"period": str(default_period(plan, today))})
        self.posts = {post.pk: post for post in posts}
        choice_field(self, "period").choices = period_choices(plan)
        choice_field(self, "post").choices = [("", "All the indicators I may enter")] + [
            (post.pk, post.title) for post in posts
        ]


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Choose the collection workbook you filled in",
            "empty": "The file is empty. Choose the collection workbook you filled in.",
        },
    )
    submit = forms.BooleanField(label="Submit the figures for approval", required=False)
