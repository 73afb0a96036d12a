"""The ways a change is refused, shared by every service, page, command and the API.

``ValueRejected``: the input is wrong; ``field`` names the form field or API member at fault, so a
page puts the message beside it and the API answers 422 naming it. ``EditConflict``: someone
saved the same record since this copy was read (``core.locking.version_bump``); nothing changed
(409). ``VersionRequired``: a change to an existing record came without the version it was
based on (428).
"""

from __future__ import annotations


class ValueRejected(ValueError):
    """A value that cannot be accepted; ``field`` names the input at fault."""

    def __init__(self, message: str, field: str = "value") -> None:
        super().__init__(message)
        self.field = field


class EditConflict(Exception):
    """Someone else saved the same thing since this copy was read: nothing was changed.

    ``current_version`` is the version the record stands at now, where known, so an API client
    can read it again and decide.
    """

    def __init__(self, message: str, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class VersionRequired(Exception):
    """A change to a record that exists was sent without the version it was based on; nothing
    was changed. Pages always send it; an API client must (HTTP 428)."""

    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


def required_text(value: str | None, *, field: str, what: str, limit: int) -> str:
    """``value`` stripped; refused, naming ``field``, when empty or longer than ``limit``."""
    text = (value or "").strip()
    if not text:
        raise ValueRejected(f"Enter {what}", field=field)
    if len(text) > limit:
        raise ValueRejected(f"Keep {what} under {limit} characters", field=field)
    return text
