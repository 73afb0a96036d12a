"""The attention page's one question: whose work to show."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from civicplan.core.forms import choice_field, list_choice


class AttentionForm(forms.Form):
    """Whose list to show: the signed-in person's posts (the default), one post, or everyone's."""

    post = list_choice("Show what needs attention for", "a post")

    def __init__(self, data: QueryDict, *, posts: list[Any]) -> None:
        super().__init__(data)
        choice_field(self, "post").choices = [
            ("", "The posts I hold"),
            ("all", "The whole plan"),
            *((str(post.pk), post.title) for post in posts),
        ]

    def choice(self) -> str:
        """ "" (mine), "all", or a post's id as text."""
        return (self.cleaned_data.get("post") or "") if self.is_valid() else ""
