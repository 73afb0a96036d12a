"""Who may enter figures, which revisions are still open, and when a figure must say why.

Plain rules shared by the services that write figures and the selectors that build worklists,
so neither has to import the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civicplan.accounts.permissions import has_role, is_performance_officer, owns
from civicplan.accounts.roles import Role
from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import RagStatus
from civicplan.indicators.selectors import owner_post_ids
from civicplan.monitoring.models import ValueSource, ValueStatus

if TYPE_CHECKING:
    from civicplan.accounts.actors import AnyUser

OPEN_STATUSES = (ValueStatus.DRAFT, ValueStatus.SUBMITTED, ValueStatus.RETURNED)
DERIVED_SOURCES = (ValueSource.POLICE, ValueSource.CASEWORK)
PEOPLE_SOURCES = (ValueSource.OWNER, ValueSource.WORKBOOK, ValueSource.API)


def can_enter_figures(user: AnyUser) -> bool:
    """Whether the user enters figures at all: a performance officer, or an indicator owner."""
    return is_performance_officer(user) or has_role(user, Role.INDICATOR_OWNER)


def can_enter(user: AnyUser, indicator: Indicator) -> bool:
    """Owners enter their own indicators' figures; performance officers may enter any."""
    return is_performance_officer(user) or owns(user, owner_post_ids(indicator))


def commentary_needed(status: RagStatus) -> bool:
    """An amber or red figure must say why."""
    return status in (RagStatus.AMBER, RagStatus.RED)
