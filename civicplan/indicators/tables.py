"""The indicator pages' tables: the filterable list, one indicator's years, its measure rows."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from civicplan.core.formats import number_text
from civicplan.core.tables import Cell, Column, Table, coded, listing, number, text, titles
from civicplan.indicators.models import Framework, Indicator, Unit
from civicplan.indicators.selectors import IndicatorDetail, IndicatorRow, YearFigure

FRAMEWORK_SHORT: dict[str, str] = {  # by stored value: a Framework is its value
    Framework.SERVICE_DATA: "Service data",
    Framework.CSI: "CSI",
    Framework.KPI: "KPI",
    Framework.MPI: "MPI",
}


def indicator_crumbs(code: str) -> list[tuple[str, str]]:
    """The breadcrumbs of a page that changes one indicator: Indicators › CODE."""
    return [
        ("Indicators", reverse("monitoring:indicators")),
        (code, reverse("monitoring:indicator", kwargs={"code": code})),
    ]


def is_percent(indicator: Indicator) -> bool:
    return indicator.unit == Unit.PERCENT


def figure_text(indicator: Indicator, value: Decimal | None) -> str:
    """A figure as its measure prints it, in its unit and to its decimal places (rounded half
    away from zero): ``3,400``, ``22.5%``, ``37.0%``; ``""`` for no figure. Pages, charts, alt
    text and documents all print a measure's figures through this (or ``figure_cell``)."""
    return number_text(value, percent=is_percent(indicator), places=indicator.decimal_places)


def figure_cell(indicator: Indicator, value: Decimal | None, *, hint: str = "") -> Cell:
    """A figure in the indicator's unit and precision: ``22.5%`` on the page, the stored figure
    at full precision in the CSV."""
    return number(value, percent=is_percent(indicator), hint=hint, places=indicator.decimal_places)


def indicator_href(code: str) -> str:
    return reverse("monitoring:indicator", kwargs={"code": code})


def indicator_code(code: str) -> Cell:
    """An indicator's code, linked to its page."""
    return text(code, href=indicator_href(code))


def indicator_item(code: str, title: str) -> Cell:
    """An indicator in a list: "CODE: title", linked to its page."""
    return text(f"{code}: {title}", href=indicator_href(code))


def _figure(figure: YearFigure | None, indicator: Indicator) -> Cell:
    if figure is None:
        return figure_cell(indicator, None)
    return figure_cell(indicator, figure.value, hint=str(figure.year))


def indicators_table(rows: list[IndicatorRow]) -> Table:
    table = Table(
        "indicators",
        "Indicators",
        [
            Column("code", "Code", row_header=True, sort="code"),
            Column("title", "Title", sort="title"),
            Column("frameworks", "Frameworks"),
            Column("owners", "Owners"),
            Column("latest_actual", "Latest actual", numeric=True, sort="latest_actual"),
            Column("latest_actual_year", "Latest actual year", html=False),
            Column("next_target", "Next target", numeric=True, sort="next_target"),
            Column("next_target_year", "Next target year", html=False),
            Column("unit", "Unit"),
            Column("objective", "Objective", html=False),
            Column("section", "Section", html=False),
        ],
        empty="No indicators match these filters.",
        caption_class="govuk-visually-hidden",
    )
    for row in rows:
        indicator = row.indicator
        table.add(
            indicator_code(indicator.code),
            text(indicator.title),
            listing(coded(f, FRAMEWORK_SHORT[f]) for f in row.frameworks),
            titles(row.owners),
            _figure(row.latest_actual, indicator),
            text(str(row.latest_actual.year) if row.latest_actual else ""),
            _figure(row.next_target, indicator),
            text(str(row.next_target.year) if row.next_target else ""),
            coded(indicator.unit, indicator.get_unit_display()),
            text(indicator.objective.code if indicator.objective else ""),
            text(indicator.section),
        )
    return table


def values_table(detail: IndicatorDetail) -> Table:
    indicator = detail.indicator
    table = Table(
        "values",
        "Actuals and targets by financial year",
        [
            Column("year", "Financial year", row_header=True),
            Column("actual", "Actual", numeric=True),
            Column("target", "Target", numeric=True),
            Column("unit", "Unit", html=False),
        ],
        filename=f"{indicator.code}-values",
        empty="The plan gives no figures for this indicator.",
    )
    for line in detail.years:
        table.add(
            text(str(line.year)),
            figure_cell(indicator, line.actual),
            figure_cell(indicator, line.target),
            text(indicator.unit),
        )
    return table


def measure_rows_table(detail: IndicatorDetail) -> Table:
    table = Table(
        "measure_rows",
        "Where the plan prints this indicator",
        [
            Column("framework", "Table"),
            Column("section", "Section"),
            Column("objective", "Objective"),
            Column("title", "Row as printed"),
            Column("codes", "Codes in the row"),
            Column("owners", "Owners"),
        ],
        filename=f"{detail.indicator.code}-measure-rows",
        empty="This indicator is not printed in any measures table.",
    )
    for row in detail.measure_rows:
        table.add(
            coded(row.framework, row.get_framework_display()),
            text(row.section),
            text(row.objective.code if row.objective else ""),
            Cell(
                value="\n".join([row.title, *row.items]),
                text=row.title,
                items=tuple(text(item) for item in row.items),
            ),
            listing(
                indicator_code(code) if code != detail.indicator.code else text(code)
                for code in row.codes
            ),
            listing(row.owners),
        )
    return table


def indicator_summary(detail: IndicatorDetail) -> list[tuple[str, Cell]]:
    """The key facts of one indicator, for its page's summary list."""
    indicator = detail.indicator
    objective = indicator.objective
    objective_href = (
        f"{reverse('monitoring:indicators')}?objective={objective.code}" if objective else ""
    )
    polarity = indicator.get_polarity_display()
    if polarity and indicator.polarity_source:
        polarity = f"{polarity} ({indicator.get_polarity_source_display().lower()})"
    return [
        ("Code", text(indicator.code)),
        ("Also printed as", listing(indicator.aliases)),
        ("Unit", text(indicator.get_unit_display())),
        ("Direction", text(polarity)),
        ("Frameworks", listing(Framework(f).label for f in detail.frameworks)),
        (
            "Objective",
            text(f"{objective.code}: {objective.title}" if objective else "", href=objective_href),
        ),
        ("Section", text(indicator.section)),
        (
            "Part of",
            indicator_item(indicator.parent.code, indicator.parent.title)
            if indicator.parent
            else text(""),
        ),
        (
            "Sub-measures",
            listing(indicator_item(child.code, child.title) for child in detail.children),
        ),
        ("Owners", titles(detail.owners)),
        ("Comments", text(indicator.comments)),
    ]
