"""RAG status: how an indicator's value for a period stands against its target.

Decisions at the edges (each is tested):

* No value: ``missing`` once the due date has passed, ``pending`` before. This is checked first, so
  service data with no value after the deadline is ``missing`` too: it still has to be chased.
* Value but no target (service data, or no target set for the year): ``no_target``.
* A target but no polarity (the importer could not tell which way is better): ``no_target``, no
  judgement. Calling it red or green would be a guess; the indicator shows as data only until a
  performance officer sets the polarity.
* Exactly on target, or better: ``green``. Worse by up to the tolerance band, the boundary
  included: ``amber``. Worse by more: ``red``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from civicplan.indicators.rules.common import Number, Polarity, dec
from civicplan.indicators.rules.targets import DEFAULT_TOLERANCE, Tolerance

__all__ = ["RagStatus", "rag_status"]


class RagStatus(StrEnum):
    """The status of one indicator for one period; labels are the words of the guide."""

    GREEN = "green"
    """Target met or bettered."""
    AMBER = "amber"
    """Worse than target, within tolerance."""
    RED = "red"
    """Worse than target, beyond tolerance."""
    NO_TARGET = "no_target"
    """Data only: service data, no target for the year, or no polarity to judge by."""
    MISSING = "missing"
    """No approved value and the due date has passed."""
    PENDING = "pending"
    """No value yet, and it is not yet due."""

    @property
    def label(self) -> str:
        return _RAG_LABELS[self]

    @property
    def is_judged(self) -> bool:
        """Green, amber or red: a value was judged against a target."""
        return self in (RagStatus.GREEN, RagStatus.AMBER, RagStatus.RED)

    @property
    def needs_commentary(self) -> bool:
        """An owner must explain an amber or red value when entering it."""
        return self in (RagStatus.AMBER, RagStatus.RED)


_RAG_LABELS: Final = {
    RagStatus.GREEN: "On target",
    RagStatus.AMBER: "Within tolerance",
    RagStatus.RED: "Off target",
    RagStatus.NO_TARGET: "No target",
    RagStatus.MISSING: "Data missing",
    RagStatus.PENDING: "Not yet due",
}


def rag_status(
    actual: Number | None,
    target: Number | None,
    polarity: Polarity | None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    *,
    has_target: bool,
    due_passed: bool,
) -> RagStatus:
    """The status of ``actual`` against ``target``.

    ``has_target`` is False for service data (no target, no RAG); ``due_passed`` comes from
    ``workdays.is_late``. ``actual`` must be the approved value, compared like for like with the
    target (a count's year to date against the profile's ``to_date``).
    """
    if actual is None:
        return RagStatus.MISSING if due_passed else RagStatus.PENDING
    if not has_target or target is None or polarity is None:
        return RagStatus.NO_TARGET
    worse_by = Polarity(polarity).worse_by(actual, target)
    if worse_by <= 0:
        return RagStatus.GREEN
    if worse_by <= tolerance.band(dec(target)):
        return RagStatus.AMBER
    return RagStatus.RED
