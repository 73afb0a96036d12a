"""Who may enter figures, when a period opens for entry, which revisions are still open, and
when a figure must say why.

Plain rules shared by the services that write figures and the selectors that build worklists,
so neither has to import the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final

from civicplan.accounts.permissions import has_role, is_performance_officer, owns
from civicplan.accounts.roles import Role
from civicplan.core.formats import date_text, number_text
from civicplan.core.periods import Period, PeriodKind
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


def remedy_needed(status: RagStatus) -> bool:
    """A red figure must also say what is being done about it and when it should be back on
    target (remedial action and forecast)."""
    return status is RagStatus.RED


def entry_opens(period: Period, *, days_before_end: int = 0) -> dt.date:
    """The first day figures for ``period`` may be entered: the day after it ends, or
    ``days_before_end`` days earlier (the early window, the setting
    ``CIVICPLAN_ENTRY_OPENS_DAYS_BEFORE_PERIOD_END``).

    2026/27 Q3 ends on 31 December 2026, so it opens on 1 January 2027, or on 22 December 2026
    with a 10-day window.
    """
    return period.last_day + dt.timedelta(days=1 - days_before_end)


def entry_not_open(period: Period, today: dt.date, *, days_before_end: int = 0) -> str:
    """Why no figure for ``period`` can be entered on ``today``, or ``""`` when it can."""
    opens = entry_opens(period, days_before_end=days_before_end)
    if today >= opens:
        return ""
    return (
        f"{period.label} has not ended yet (it ends on {date_text(period.last_day)}): its "
        f"figures can be entered from {date_text(opens)}"
    )


UNUSUAL_RATIO: Final = 10
"""A figure more than this many times the largest it is compared with, or less than this
fraction of the smallest, is unusual."""
SMALL_COUNT: Final = 10
"""Counts this small are never unusual for being large, and a figure is unusual for being small
only beside figures at least this large: a handful of cases one quarter and none the next is
normal."""


@dataclass(frozen=True)
class Reference:
    """A figure a new one is compared with, for ``period``: a yearly actual, an approved figure
    or a target."""

    value: Decimal
    period: Period


def _per_period(reference: Reference, period: Period, *, summed: bool) -> Decimal:
    """A count of a longer or shorter period scaled to ``period``'s length (a year's 7,162 is about
    1,791 a quarter); a snapshot is what it is."""
    if not summed or reference.period.kind is period.kind:
        return reference.value
    return reference.value * period.kind.months / reference.period.kind.months


_EACH: Final = {PeriodKind.YEAR: "year", PeriodKind.QUARTER: "quarter", PeriodKind.MONTH: "month"}


def _described(reference: Reference, period: Period, *, summed: bool, word: str) -> str:
    """``7,162 in 2022/23, about 1,791 a quarter``."""
    text = f"{number_text(reference.value)} {word} {reference.period.label}"
    if summed and reference.period.kind is not period.kind:
        scaled = _per_period(reference, period, summed=summed).quantize(Decimal(1), ROUND_HALF_UP)
        text += f", about {number_text(scaled)} a {_EACH[period.kind]}"
    return text


def unusual_figure(
    value: Decimal,
    period: Period,
    *,
    history: list[Reference],
    target: Reference | None,
    code: str,
    percent: bool,
    summed: bool,
) -> str:
    """Why ``value`` for ``period`` looks like a mistake, or ``""`` when it looks plausible.

    It is compared with the measure's own figures (``history``: its recent yearly actuals and
    approved figures) and its ``target``: it is unusual when it is more than ten times the largest
    of them, or less than a tenth of the smallest, each taken for a period as long as ``period``
    when the measure is a count (``summed``: a year's 7,162 is about 1,791 a quarter). A
    percentage is never unusual by ratio (it is already 0 to 100), nor is a figure with nothing
    to compare it with; ``SMALL_COUNT`` keeps small counts quiet.
    """
    references = [*history, *([target] if target is not None else [])]
    if percent or not references:
        return ""
    scaled = [_per_period(r, period, summed=summed) for r in references]
    larger = value > max(max(scaled) * UNUSUAL_RATIO, Decimal(SMALL_COUNT))
    smaller = min(scaled) >= SMALL_COUNT and value * UNUSUAL_RATIO < min(scaled)
    if not (larger or smaller):
        return ""
    pick = max if larger else min

    def _key(r: Reference) -> Decimal:
        return _per_period(r, period, summed=summed)

    compared = []
    if history:
        had = _described(pick(history, key=_key), period, summed=summed, word="in")
        compared.append(f"any figure {code} has had ({'largest' if larger else 'smallest'} {had})")
    if target is not None:
        aim = _described(target, period, summed=summed, word="for")
        whose = "its" if history else f"{code}’s"
        compared.append(f"{whose} target ({aim})")
    how = "more than ten times" if larger else "less than a tenth of"
    return f"{number_text(value)} for {period.label} is {how} {' and '.join(compared)}"
