"""A measure's display precision: inferred at import from how the plan prints its figures, and
used by the one function that prints a measure's figures (``indicators.tables.figure_text``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import decimal_places_of, infer_decimal_places
from civicplan.indicators.tables import figure_cell, figure_text
from civicplan.planio.apply import plan_apply
from civicplan.planio.workflows import plan_read_bytes
from tests.factories.seed import SEED, SEED_AS_OF

RATIO = Decimal("37.01657458563535911602209945")  # ComS_024: 67 ÷ 181 × 100


@pytest.mark.parametrize(
    ("printed", "places"),
    [("22.5", 1), ("37", 0), ("57.70", 1), (Decimal("57.7000"), 1), (62.25, 2), ("0.12345", 5)],
)
def test_decimal_places_of_a_printed_figure_ignores_trailing_zeros(printed, places):
    assert decimal_places_of(printed) == places


@pytest.mark.parametrize(
    ("unit", "printed", "places"),
    [
        ("percent", [57.7, 62.2, 65, None], 1),
        ("percent", [37, 24, 27], 0),
        ("count", [181, 161, 91], 0),
        ("percent", [], 1),  # printed nowhere: a percentage to one place
        ("count", [None], 0),
        ("count", ["1.23456"], 4),  # at most 4
    ],
)
def test_infer_decimal_places_is_the_most_the_plan_prints(unit, printed, places):
    assert infer_decimal_places(unit, printed) == places


@pytest.mark.parametrize(
    ("unit", "places", "value", "text"),
    [
        ("percent", 1, RATIO, "37.0%"),
        ("percent", 0, RATIO, "37%"),
        ("percent", 2, RATIO, "37.02%"),
        ("percent", 1, Decimal("22.25"), "22.3%"),  # halves away from zero
        ("percent", 1, Decimal("65"), "65.0%"),
        ("count", 0, Decimal("22.5"), "23"),
        ("count", 0, Decimal("3400.0000"), "3,400"),
        ("count", 0, Decimal("-0.4"), "0"),  # never "−0"
        ("count", 0, Decimal("-1234.5"), "\u22121,235"),
    ],
)
def test_figure_text_rounds_to_the_measures_decimal_places(unit, places, value, text):
    indicator = Indicator(code="X", unit=unit, decimal_places=places)

    assert figure_text(indicator, value) == text


def test_figure_cell_prints_rounded_and_keeps_the_full_figure_for_the_csv():
    cell = figure_cell(Indicator(code="X", unit="percent", decimal_places=1), RATIO)

    assert (cell.text, cell.value) == ("37.0%", RATIO)


@pytest.mark.usefixtures("seed_plan")
@pytest.mark.parametrize(
    ("code", "places"),
    [
        ("ComS_033", 1),  # residents feeling safe: 57.7%, 62.2%, 65%
        ("ComS_024", 0),  # repeat MARAC cases: 37%, 24%, 27%
        ("ComS_024a", 0),  # MARAC cases: 181, 161, 91
        ("ComS_001", 0),  # a count
    ],
)
def test_plan_import_infers_decimal_places_from_the_seed(code, places):
    assert Indicator.objects.get(code=code).decimal_places == places


def test_plan_import_sets_decimal_places_only_for_new_indicators(seed_plan):
    """A later import leaves a performance officer's choice alone, as the other settings."""
    data = plan_read_bytes(SEED.read_bytes(), as_of=SEED_AS_OF)
    for item in data["indicators"]:
        item["title"] += " (revised)"  # so that the import changes something
    Indicator.objects.filter(code="ComS_033").update(decimal_places=3)

    result = plan_apply(data, by=None)

    assert result.changed
    assert Indicator.objects.get(code="ComS_033").decimal_places == 3
