"""The two ways a change is refused, shared by every service, page, command and the API.

``ValueRejected``: the input is wrong; ``field`` names the form field or API member at fault, so a
page puts the message beside it and the API answers 422 naming it. ``EditConflict``: someone
saved the same record since this copy was read (``core.locking.version_bump``); nothing changed.
"""

from __future__ import annotations


class ValueRejected(ValueError):
    """A value that cannot be accepted; ``field`` names the input at fault."""

    def __init__(self, message: str, field: str = "value") -> None:
        super().__init__(message)
        self.field = field


class EditConflict(Exception):
    """Someone else saved the same thing since this copy was read: nothing was changed."""


def required_text(value: str | None, *, field: str, what: str, limit: int) -> str:
    """``value`` stripped; refused, naming ``field``, when empty or longer than ``limit``."""
    text = (value or "").strip()
    if not text:
        raise ValueRejected(f"Enter {what}", field=field)
    if len(text) > limit:
        raise ValueRejected(f"Keep {what} under {limit} characters", field=field)
    return text
