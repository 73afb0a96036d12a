"""One load of a plan's monitoring data, evaluated for many periods and what-ifs in memory.

The data-entry, approval and indicator pages show, for many indicators and periods at once, the
target to date, last year's figure and the status a figure would have if it were approved.
Calling ``plan_standings`` or ``status_if`` for each would cost six or seven queries a time;
``PlanFigures`` loads the plan once (``monitoring.plan_series``) and applies the same rules in
Python, so those pages run a fixed number of queries however many indicators they list.
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from civicplan.core.periods import Period
from civicplan.indicators.evaluation import Evaluation, Series, evaluate
from civicplan.indicators.models import Indicator
from civicplan.monitoring.chasers import owner_posts
from civicplan.monitoring.models import IndicatorValue
from civicplan.monitoring.rules import can_enter
from civicplan.monitoring.selectors.series import plan_series
from civicplan.plans.models import Plan, Post

if TYPE_CHECKING:
    from civicplan.accounts.actors import AnyUser
    from civicplan.monitoring.selectors.series import MonitoredIndicator

__all__ = ["PlanFigures", "link_parents"]


def link_parents(indicators: Iterable[Indicator]) -> None:
    """Point each sub-measure at its group from the same load, so that the services' owner rule
    (a sub-measure without owners is entered by its group's owners) reads the group's prefetched
    owners instead of querying for them, row by row."""
    indicators = list(indicators)
    by_pk = {indicator.pk: indicator for indicator in indicators}
    for indicator in indicators:
        if indicator.parent_id is not None and indicator.parent_id in by_pk:
            indicator.parent = by_pk[indicator.parent_id]


@dataclass
class PlanFigures:
    """A plan's indicators and their approved figures, with the rules applied on demand."""

    indicators: list[MonitoredIndicator]
    lookup: dict[str, Series]
    as_of: dt.date
    _by_code: dict[str, MonitoredIndicator] = field(default_factory=dict, repr=False)
    _by_pk: dict[int, MonitoredIndicator] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, plan: Plan, *, as_of: dt.date) -> PlanFigures:
        """Six queries, whatever the number of indicators."""
        indicators, lookup = plan_series(plan)
        link_parents(indicators)
        return cls(
            indicators,
            lookup,
            as_of,
            {i.code: i for i in indicators},
            {i.pk: i for i in indicators},
        )

    def get(self, code: str) -> MonitoredIndicator | None:
        return self._by_code.get(code)

    def by_pk(self, pk: int) -> MonitoredIndicator:
        return self._by_pk[pk]

    def evaluate(self, indicator: Indicator, period: Period) -> Evaluation:
        """The indicator's standing for ``period`` from its approved figures."""
        return evaluate(self.lookup[indicator.code], period, as_of=self.as_of, lookup=self.lookup)

    def evaluate_if(self, indicator: Indicator, period: Period, value: Decimal) -> Evaluation:
        """The standing ``period`` would have if ``value`` were approved (as ``status_if``)."""
        series = self.lookup[indicator.code]
        changed = replace(series, values={**series.values, period: value})
        # An overlay, not a copy of the plan's lookup per figure: ``evaluate`` only reads it.
        lookup = cast(dict[str, Series], ChainMap({indicator.code: changed}, self.lookup))
        return evaluate(changed, period, as_of=self.as_of, lookup=lookup)

    def approved(self, indicator: MonitoredIndicator, period: Period) -> IndicatorValue | None:
        """The approved figure for ``period``, if there is one."""
        return next((v for v in indicator.approved_values if v.period == period), None)

    def owners(self, indicator: Indicator) -> tuple[Post, ...]:
        """The posts answerable for the indicator (its own, or its group's)."""
        return owner_posts(indicator)

    def can_enter(self, user: AnyUser, indicator: Indicator) -> bool:
        """The services' own permission rule, read from this load."""
        return can_enter(user, indicator)
