"""The four roles of civicplan, held as Django auth groups."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """A role is a Django group of this name."""

    ADMINISTRATOR = "Administrator"
    PERFORMANCE_OFFICER = "Performance officer"
    INDICATOR_OWNER = "Indicator owner"
    VIEWER = "Viewer"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Role.ADMINISTRATOR: "Manages users, posts and settings; can do everything.",
    Role.PERFORMANCE_OFFICER: "Checks and approves figures, edits targets and tolerances.",
    Role.INDICATOR_OWNER: "Enters figures and commentary for the indicators their posts own.",
    Role.VIEWER: "Reads everything, changes nothing (councillors).",
}
