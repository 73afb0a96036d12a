"""Risk forms: re-scoring, details and owner. They parse; ``risks.services`` decides."""

from __future__ import annotations

from typing import Any

from django import forms

from civicplan.core.forms import DateField, ServiceForm, choice_field, list_choice
from civicplan.plans.models import Post
from civicplan.risks.rules import MatrixSpec, Score
from civicplan.tasks.models import KeyTask


def _scale(labels: list[str]) -> list[tuple[str, str]]:
    return [(str(i), f"{i}: {label}") for i, label in enumerate(labels, 1)]


def _score_field(label: str, *, required: bool = True) -> forms.ChoiceField:
    what = f"the {label.lower()}"
    return list_choice(
        label, what, coerce=int, required=required, error_messages={"required": f"Choose {what}"}
    )


class ScoreForm(ServiceForm):
    """A review: inherent and residual likelihood × impact, why, and when to look again."""

    service_fields = {"inherent": "inherent_likelihood", "residual": "residual_likelihood"}

    inherent_likelihood = _score_field("Inherent likelihood")
    inherent_impact = _score_field("Inherent impact")
    residual_likelihood = _score_field("Residual likelihood")
    residual_impact = _score_field("Residual impact")
    reason = forms.CharField(
        label="Reason for the scores",
        required=False,
        max_length=10_000,
        widget=forms.Textarea,
        help_text="What changed, or “Reviewed, no change”. Every scoring is kept, so the trend "
        "shows.",
    )
    next_review = DateField(
        label="Next review (optional)",
        what="the next review date",
        required=False,
        help_text="Leave empty for a quarter from today.",
    )

    def __init__(self, *args: Any, spec: MatrixSpec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in ("inherent", "residual"):
            choice_field(self, f"{kind}_likelihood").choices = [
                ("", "Choose"),
                *_scale(spec.likelihood_labels),
            ]
            choice_field(self, f"{kind}_impact").choices = [
                ("", "Choose"),
                *_scale(spec.impact_labels),
            ]

    def score(self, kind: str) -> Score:
        return Score(self.cleaned_data[f"{kind}_likelihood"], self.cleaned_data[f"{kind}_impact"])


class DetailsForm(ServiceForm):
    """Causes, controls, the key tasks acting on the risk, its target score and review date."""

    service_fields = {"target": "target_likelihood", "actions": "further_actions"}

    causes = forms.CharField(label="Causes", required=False, widget=forms.Textarea)
    controls = forms.CharField(label="Controls in place", required=False, widget=forms.Textarea)
    further_actions = forms.TypedMultipleChoiceField(
        label="Further actions (key tasks)",
        coerce=int,
        required=False,
        help_text="The key tasks that act on this risk.",
        error_messages={"invalid_choice": "Choose key tasks from the list"},
    )
    target_likelihood = _score_field("Target likelihood", required=False)
    target_impact = _score_field("Target impact", required=False)
    review_date = DateField(label="Next review", what="the next review date", required=False)

    def __init__(self, *args: Any, spec: MatrixSpec, tasks: list[KeyTask], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "further_actions").choices = [
            (task.pk, f"{task.code}: {task.title}") for task in tasks
        ]
        choice_field(self, "target_likelihood").choices = [
            ("", "Not set"),
            *_scale(spec.likelihood_labels),
        ]
        choice_field(self, "target_impact").choices = [("", "Not set"), *_scale(spec.impact_labels)]
        self.tasks = {task.pk: task for task in tasks}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        likelihood, impact = data.get("target_likelihood"), data.get("target_impact")
        if (likelihood is None) != (impact is None):
            missing = "target_impact" if impact is None else "target_likelihood"
            self.add_error(missing, "Give the target likelihood and impact together, or neither")
        return data

    def target(self) -> Score | None:
        likelihood = self.cleaned_data.get("target_likelihood")
        impact = self.cleaned_data.get("target_impact")
        return None if likelihood is None or impact is None else Score(likelihood, impact)

    def actions(self) -> list[KeyTask]:
        return [self.tasks[pk] for pk in self.cleaned_data.get("further_actions") or []]


class OwnerForm(ServiceForm):
    owner = list_choice("Owner", "a post", coerce=int)

    def __init__(self, *args: Any, posts: list[Post], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "owner").choices = [("", "No owner"), *((p.pk, p.title) for p in posts)]
        self.posts = {post.pk: post for post in posts}

    def post(self) -> Post | None:
        pk = self.cleaned_data.get("owner")
        return None if pk is None else self.posts[pk]
