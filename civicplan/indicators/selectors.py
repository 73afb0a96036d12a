"""Reading indicators in bulk: the indicator table and the page of one indicator.

Every function runs a fixed number of queries whatever the plan's size (prefetching frameworks,
owners in printed order and yearly values), so the pages stay fast for a plan of any length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypedDict

from django.db.models import Prefetch, QuerySet

from civicplan.core.fy import FinancialYear
from civicplan.indicators.models import (
    Framework,
    Indicator,
    IndicatorOwner,
    IndicatorYearValue,
    MeasureRow,
    YearValueKind,
)
from civicplan.plans.models import Objective, Plan, Post

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Owners(TypedDict):
        owner_links: list[IndicatorOwner]

    # An indicator read with its owners in printed order, as ``owner_links``.
    IndicatorWithOwners = WithAnnotations[Indicator, _Owners]

FRAMEWORK_ORDER = [choice.value for choice in Framework]
SORT_KEYS = ("code", "title", "latest_actual", "next_target")
SORTS = [*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)]


@dataclass(frozen=True)
class YearFigure:
    year: FinancialYear
    value: Decimal


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the indicator table."""

    indicator: Indicator
    frameworks: list[str]
    owners: list[Post]
    latest_actual: YearFigure | None
    next_target: YearFigure | None


@dataclass(frozen=True)
class IndicatorFilters:
    """What the indicator table is narrowed to; empty means everything."""

    framework: str = ""
    objective: str = ""
    section: str = ""
    owner: int | None = None
    sort: str = "code"


@dataclass(frozen=True)
class IndicatorFilterOptions:
    objectives: list[Objective]
    sections: list[str]
    owners: list[Post]


@dataclass(frozen=True)
class YearLine:
    year: FinancialYear
    actual: Decimal | None
    target: Decimal | None


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: Indicator
    frameworks: list[str]
    owners: list[Post]
    children: list[Indicator]
    years: list[YearLine]
    measure_rows: list[MeasureRow]


def _owners_prefetch() -> Prefetch[
    Literal["indicatorowner_set"], QuerySet[IndicatorOwner], Literal["owner_links"]
]:
    return Prefetch(
        "indicatorowner_set",
        to_attr="owner_links",
        queryset=IndicatorOwner.objects.select_related("post").order_by("position"),
    )


def _with_related(indicators: QuerySet[Indicator]) -> QuerySet[IndicatorWithOwners]:
    return indicators.select_related("objective", "parent").prefetch_related(
        "framework_set", "year_values", _owners_prefetch()
    )


def _frameworks(indicator: Indicator) -> list[str]:
    found = {link.framework for link in indicator.framework_set.all()}
    return [framework for framework in FRAMEWORK_ORDER if framework in found]


def latest_actual_and_next_target(
    values: Iterable[IndicatorYearValue],
) -> tuple[YearFigure | None, YearFigure | None]:
    """The most recent actual, and the first target after it (the first target when no actuals)."""
    actuals = sorted((v for v in values if v.kind == YearValueKind.ACTUAL), key=lambda v: v.year)
    targets = sorted((v for v in values if v.kind == YearValueKind.TARGET), key=lambda v: v.year)
    latest = YearFigure(actuals[-1].year, actuals[-1].value) if actuals else None
    upcoming = (t for t in targets if latest is None or t.year > latest.year)
    target = next(upcoming, None)
    return latest, (YearFigure(target.year, target.value) if target else None)


def code_sort_key(code: str) -> tuple:
    """``ComS_012a`` after ``ComS_012`` and before ``ComS_013``; ``ComS_24`` with ``ComS_024``."""
    return tuple(
        int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", code)
    )


def _sorted(rows: list[IndicatorRow], sort: str) -> list[IndicatorRow]:
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    rows = sorted(rows, key=lambda r: code_sort_key(r.indicator.code))
    if key == "code":
        return rows[::-1] if descending else rows
    if key == "title":
        return sorted(rows, key=lambda r: r.indicator.title.casefold(), reverse=descending)
    figure = {"latest_actual": lambda r: r.latest_actual, "next_target": lambda r: r.next_target}[
        key
    ]
    present = [r for r in rows if figure(r) is not None]
    missing = [r for r in rows if figure(r) is None]
    return sorted(present, key=lambda r: figure(r).value, reverse=descending) + missing


def indicator_filter_options(plan: Plan) -> IndicatorFilterOptions:
    """The objectives, sections and owners the indicator table can be filtered by. Three queries."""
    sections = (
        plan.indicators.exclude(section="")
        .order_by("section")
        .values_list("section", flat=True)
        .distinct()
    )
    owners = Post.objects.filter(indicators__plan=plan).distinct().order_by("title")
    return IndicatorFilterOptions(
        objectives=list(plan.objectives.order_by("position")),
        sections=list(sections),
        owners=list(owners),
    )


def indicator_list(plan: Plan, filters: IndicatorFilters | None = None) -> list[IndicatorRow]:
    """The plan's indicators, filtered and sorted, with what the table shows. Four queries."""
    filters = filters or IndicatorFilters()
    indicators = plan.indicators.all()
    if filters.framework:
        indicators = indicators.filter(framework_set__framework=filters.framework)
    if filters.objective:
        indicators = indicators.filter(objective__code=filters.objective)
    if filters.section:
        indicators = indicators.filter(section=filters.section)
    if filters.owner is not None:
        indicators = indicators.filter(indicatorowner__post_id=filters.owner)
    rows = []
    for indicator in _with_related(indicators.distinct()):
        latest, upcoming = latest_actual_and_next_target(indicator.year_values.all())
        rows.append(
            IndicatorRow(
                indicator=indicator,
                frameworks=_frameworks(indicator),
                owners=[link.post for link in indicator.owner_links],
                latest_actual=latest,
                next_target=upcoming,
            )
        )
    return _sorted(rows, filters.sort if filters.sort in SORTS else "code")


def _mentions(codes: object, code: str) -> bool:
    return isinstance(codes, list) and code in codes


def indicator_detail(plan: Plan, code: str) -> IndicatorDetail | None:
    """One indicator with its years, relations and the measure rows that print it. Six queries."""
    indicator = (
        _with_related(plan.indicators.filter(code=code)).prefetch_related("children").first()
    )
    if indicator is None:
        return None
    values = list(indicator.year_values.all())
    years = sorted({v.year for v in values})
    by_key = {(v.year, v.kind): v.value for v in values}
    # A JSON text search narrows the rows on any database; the list check makes it exact.
    rows = plan.measure_rows.filter(codes__icontains=f'"{code}"').select_related("objective")
    return IndicatorDetail(
        indicator=indicator,
        frameworks=_frameworks(indicator),
        owners=[link.post for link in indicator.owner_links],
        children=sorted(indicator.children.all(), key=lambda c: code_sort_key(c.code)),
        years=[
            YearLine(
                year,
                by_key.get((year, YearValueKind.ACTUAL)),
                by_key.get((year, YearValueKind.TARGET)),
            )
            for year in years
        ],
        measure_rows=[row for row in rows.order_by("position") if _mentions(row.codes, code)],
    )


def indicator_code_for_alias(plan: Plan, alias: str) -> str | None:
    """The code of the indicator printed elsewhere as ``alias`` (``ComS_24`` → ``ComS_024``)."""
    candidates = plan.indicators.filter(aliases__icontains=f'"{alias}"').only("code", "aliases")
    return next((i.code for i in candidates if _mentions(i.aliases, alias)), None)


def owner_post_ids(indicator: Indicator) -> set[int]:
    """The posts that own an indicator: its own owners, or else its group's (ComS_024a is
    entered by whoever owns ComS_024)."""
    own = {link.post_id for link in indicator.indicatorowner_set.all()}
    if own or indicator.parent is None:
        return own
    return {link.post_id for link in indicator.parent.indicatorowner_set.all()}
