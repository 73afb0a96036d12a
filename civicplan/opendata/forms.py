"""The peer-group form: it reads what was typed; ``peer_group_save`` decides whether it is right."""

from __future__ import annotations

from django import forms


class PeerGroupForm(forms.Form):
    name = forms.CharField(
        label="Name of the group",
        max_length=200,
        error_messages={
            "required": "Enter a name for the peer group",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    districts = forms.CharField(
        label="Districts to compare with",
        widget=forms.Textarea,
        error_messages={"required": "Enter the districts to compare with, one a line"},
    )
    is_default = forms.BooleanField(
        label="Use this peer group on indicator pages and reports", required=False
    )
