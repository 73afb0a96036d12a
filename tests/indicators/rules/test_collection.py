"""Collection rules: frequency, aggregation, ratios and the defaults inferred at import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicplan.core.periods import Period
from civicplan.indicators.rules import (
    Aggregation,
    CollectionRule,
    Frequency,
    infer_collection,
    period_value,
    ratio_value,
    ratio_year_to_date,
    year_to_date,
)

D = Decimal
P = Period.parse
QUARTERLY_SUM = CollectionRule(Frequency.QUARTERLY, Aggregation.SUM)
QUARTERLY_LATEST = CollectionRule(Frequency.QUARTERLY, Aggregation.LATEST)
MONTHLY_SUM = CollectionRule(Frequency.MONTHLY, Aggregation.SUM)
MONTHLY_LATEST = CollectionRule(Frequency.MONTHLY, Aggregation.LATEST)
ANNUAL_LATEST = CollectionRule(Frequency.ANNUAL, Aggregation.LATEST)
SEED_CODES = {"ComS_012", "ComS_012a", "ComS_012b", "ComS_012c", "ComS_024", "ComS_024a"}
SEED_CODES |= {"ComS_024b", "ComS_013", "ComS_013a", "ComS_014", "ComS_014a"}


# -- ratio_value -------------------------------------------------------------------------------


def test_ratio_value_of_the_seed_marac_repeats_gives_the_plans_percentages() -> None:
    # ComS_024 = ComS_024b ÷ ComS_024a × 100: 2022/23 67 ÷ 181 = 37%, 2023/24 39 ÷ 161 = 24%.
    assert ratio_value(67, 181).quantize(D(1)) == D(37)  # type: ignore[union-attr]
    assert ratio_value(39, 161).quantize(D("0.01")) == D("24.22")  # type: ignore[union-attr]


def test_ratio_value_of_the_seed_2024_25_marac_figures_is_43_not_the_27_printed() -> None:
    # The plan prints 27% for 2024/25, but its own parts give 39 ÷ 91 = 42.9%: a seed data error.
    assert ratio_value(39, 91).quantize(D("0.1")) == D("42.9")  # type: ignore[union-attr]


def test_ratio_value_closed_in_under_three_months() -> None:
    # ComS_012d = ComS_012a ÷ ComS_012 × 100: 2022/23 327 closed of 438 received.
    assert ratio_value(D(327), D(438)).quantize(D("0.01")) == D("74.66")  # type: ignore[union-attr]


def test_ratio_value_is_exact_and_not_rounded() -> None:
    assert ratio_value(1, 3) == D(1) / D(3) * 100
    assert ratio_value(1, 4) == D(25)


@pytest.mark.parametrize(("numerator", "denominator"), [(5, 0), (0, 0), (None, 10), (5, None)])
def test_ratio_value_is_none_without_a_denominator_or_numerator(
    numerator: int | None, denominator: int | None
) -> None:
    assert ratio_value(numerator, denominator) is None


def test_ratio_value_of_zero_over_something_is_zero() -> None:
    assert ratio_value(0, 12) == 0


def test_ratio_value_with_another_scale() -> None:
    assert ratio_value(3, 4, scale=1) == D("0.75")


def test_ratio_value_rejects_negative_parts() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        ratio_value(-1, 10)
    with pytest.raises(ValueError, match="cannot be negative"):
        ratio_value(1, -10)


def test_ratio_value_rejects_not_a_number() -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        ratio_value(D("NaN"), 10)


# -- year_to_date and period_value -----------------------------------------------------------


def test_year_to_date_of_a_count_adds_up_the_quarters_so_far() -> None:
    values: dict[Period, Decimal | int | None] = {
        P("2026/27-Q1"): 1650,
        P("2026/27-Q2"): D(1720),
        P("2026/27-Q3"): 1700,
    }
    assert year_to_date(values, QUARTERLY_SUM) == D(5070)
    assert year_to_date(values, QUARTERLY_SUM, upto=P("2026/27-Q2")) == D(3370)


def test_year_to_date_of_a_count_is_none_when_a_quarter_is_missing() -> None:
    gap = {P("2026/27-Q1"): 1650, P("2026/27-Q3"): 1700}
    assert year_to_date(gap, QUARTERLY_SUM) is None
    assert year_to_date({P("2026/27-Q1"): 1650, P("2026/27-Q2"): None}, QUARTERLY_SUM) is None


def test_year_to_date_ignores_other_years_and_later_periods() -> None:
    values = {P("2025/26-Q4"): 9999, P("2026/27-Q1"): 1650, P("2026/27-Q2"): 1720}
    assert year_to_date(values, QUARTERLY_SUM, upto=P("2026/27-Q1")) == D(1650)
    assert year_to_date(values, QUARTERLY_SUM, upto=P("2025/26-Q4")) is None  # Q1–Q3 missing


def test_year_to_date_of_a_snapshot_is_the_latest_value_so_far() -> None:
    values = {P("2026/27-Q1"): D("63.0"), P("2026/27-Q2"): D("64.5"), P("2026/27-Q3"): None}
    assert year_to_date(values, QUARTERLY_LATEST) == D("64.5")
    assert year_to_date(values, QUARTERLY_LATEST, upto=P("2026/27-Q1")) == D("63.0")
    assert year_to_date({P("2026/27-Q1"): None}, QUARTERLY_LATEST) is None


def test_year_to_date_of_monthly_counts_at_a_quarter_end() -> None:
    values = {P("2026-04"): 10, P("2026-05"): 12, P("2026-06"): 8, P("2026-07"): 11}
    assert year_to_date(values, MONTHLY_SUM, upto=P("2026/27-Q1")) == D(30)
    assert year_to_date(values, MONTHLY_SUM) == D(41)


def test_year_to_date_of_an_annual_survey_exists_only_at_the_year_end() -> None:
    values = {P("2026/27"): D("62.2")}
    assert year_to_date(values, ANNUAL_LATEST) == D("62.2")
    assert year_to_date(values, ANNUAL_LATEST, upto=P("2026/27-Q2")) is None


def test_year_to_date_of_nothing_is_none() -> None:
    assert year_to_date({}, QUARTERLY_SUM) is None


def test_year_to_date_rejects_values_for_the_wrong_kind_of_period() -> None:
    with pytest.raises(ValueError, match="a quarterly indicator has values for quarters, not for"):
        year_to_date({P("2026-10"): 5}, QUARTERLY_SUM)


def test_year_to_date_of_a_ratio_points_to_ratio_year_to_date() -> None:
    rule = CollectionRule.ratio("ComS_012a", "ComS_012")
    with pytest.raises(ValueError, match="use ratio_year_to_date"):
        year_to_date({P("2026/27-Q1"): 50}, rule)


def test_period_value_of_monthly_counts_is_the_sum_of_the_quarters_months() -> None:
    values = {P("2026-07"): 10, P("2026-08"): 12, P("2026-09"): 8}
    assert period_value(values, MONTHLY_SUM, P("2026/27-Q2")) == D(30)
    assert period_value({P("2026-07"): 10}, MONTHLY_SUM, P("2026/27-Q2")) is None


def test_period_value_of_monthly_snapshots_is_the_last_month_with_a_value() -> None:
    values = {P("2026-07"): D(90), P("2026-08"): D(95), P("2026-09"): None}
    assert period_value(values, MONTHLY_LATEST, P("2026/27-Q2")) == D(95)


def test_period_value_of_a_quarter_from_annual_values_is_refused() -> None:
    with pytest.raises(ValueError, match="a quarter has no financial years inside it"):
        period_value({P("2026/27"): 5}, ANNUAL_LATEST, P("2026/27-Q2"))


def test_ratio_year_to_date_divides_the_totals_not_the_percentages() -> None:
    # ComS_012d to Q2: (80 + 60) closed ÷ (100 + 120) received = 63.6%, not the mean of 80% and 50%.
    closed = {P("2026/27-Q1"): 80, P("2026/27-Q2"): 60}
    received = {P("2026/27-Q1"): 100, P("2026/27-Q2"): 120}
    result = ratio_year_to_date(closed, received)
    assert result is not None
    assert result.quantize(D("0.1")) == D("63.6")
    assert ratio_year_to_date(closed, received, upto=P("2026/27-Q1")) == D(80)


def test_ratio_year_to_date_is_none_with_no_cases_or_a_missing_quarter() -> None:
    assert ratio_year_to_date({P("2026/27-Q1"): 0}, {P("2026/27-Q1"): 0}) is None
    assert ratio_year_to_date({P("2026/27-Q2"): 5}, {P("2026/27-Q2"): 9}) is None
    assert ratio_year_to_date({}, {}) is None


# -- CollectionRule --------------------------------------------------------------------------


def test_a_ratio_rule_is_derived_and_labelled_with_its_parts() -> None:
    rule = CollectionRule.ratio("ComS_024b", "ComS_024a")
    assert rule.is_derived
    assert rule.label == "ComS_024b ÷ ComS_024a × 100"
    assert rule.aggregation is Aggregation.RATIO
    assert not QUARTERLY_SUM.is_derived
    assert QUARTERLY_SUM.label == "Quarterly, added up over the year"
    assert ANNUAL_LATEST.label == "Annual, latest value"


def test_a_rule_reads_the_stored_text() -> None:
    rule = CollectionRule("quarterly", "sum")  # type: ignore[arg-type]
    assert rule == QUARTERLY_SUM
    assert rule.frequency is Frequency.QUARTERLY


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"aggregation": Aggregation.RATIO}, "needs both a numerator and a denominator"),
        (
            {"aggregation": Aggregation.RATIO, "numerator": "ComS_012a"},
            "needs both a numerator and a denominator",
        ),
        (
            {"aggregation": Aggregation.RATIO, "numerator": "X", "denominator": "X"},
            "to itself",
        ),
        ({"aggregation": Aggregation.SUM, "numerator": "X"}, "only a ratio has a numerator"),
        (
            {"aggregation": Aggregation.RATIO, "numerator": "a", "denominator": "b", "scale": D(0)},
            "scale must be more than 0",
        ),
    ],
)
def test_a_rule_refuses_inconsistent_parts(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CollectionRule(Frequency.QUARTERLY, **kwargs)  # type: ignore[arg-type]


def test_enum_labels_for_display() -> None:
    assert Frequency.MONTHLY.label == "Monthly"
    assert Aggregation.LATEST.label == "Latest value"
    assert f"{Aggregation.SUM}" == "sum"  # the stored text


# -- infer_collection ------------------------------------------------------------------------


def test_infer_a_count_is_quarterly_and_added_up() -> None:
    rule = infer_collection("ComS_001", "count", "All crime", ["csi", "service_data"])
    assert rule == QUARTERLY_SUM


def test_infer_a_survey_percentage_is_annual_and_latest() -> None:
    title = "Residents surveyed who feel safe when outside in Nottinghamshire after dark (%)"
    assert infer_collection("ComS_033", "percent", title, ["csi"]) == ANNUAL_LATEST


def test_infer_reads_survey_wording_in_the_comments() -> None:
    title = "Residents in Nottinghamshire feeling people from different backgrounds get on well"
    comments = "Annual survey of the Police and Crime Commissioner for Nottinghamshire"
    assert infer_collection("ComS_101", "percent", title, ["kpi"]) == QUARTERLY_LATEST
    assert infer_collection("ComS_101", "percent", title, ["kpi"], comments=comments) == (
        ANNUAL_LATEST
    )


def test_infer_marac_repeats_percentage_as_a_ratio_of_its_parts() -> None:
    title = "High risk cases of domestic violence … which are repeats (%)"
    rule = infer_collection("ComS_024", "percent", title, ["csi"], plan_codes=SEED_CODES)
    assert rule == CollectionRule.ratio("ComS_024b", "ComS_024a")


@pytest.mark.parametrize("base", ["ComS_012", "ComS_013", "ComS_014"])
def test_infer_closed_in_three_months_as_a_ratio_of_closed_to_received(base: str) -> None:
    rule = infer_collection(
        f"{base}d", "percent", "ASB cases closed in less than three months", plan_codes=SEED_CODES
    )
    assert rule == CollectionRule.ratio(f"{base}a", base)


def test_infer_a_percentage_without_its_parts_in_the_plan_is_latest() -> None:
    assert infer_collection("ComS_024", "percent", "Repeats (%)") == QUARTERLY_LATEST
    assert infer_collection("ComS_012d", "percent", "x", plan_codes={"ComS_012"}) == (
        QUARTERLY_LATEST
    )


def test_infer_a_programme_percentage_is_quarterly_latest() -> None:
    title = "Food Inspections – High Risk - Inspect all businesses due for inspection"
    assert infer_collection("ComS_048", "percent", title, ["kpi"]) == QUARTERLY_LATEST


def test_infer_an_annual_count_survey_is_added_up_once_a_year() -> None:
    rule = infer_collection("X_1", "count", "Businesses surveyed")
    assert rule == CollectionRule(Frequency.ANNUAL, Aggregation.SUM)


def test_infer_does_not_depend_on_the_framework() -> None:
    with_target = infer_collection("ComS_011", "count", "ASB incidents", ["csi"])
    assert with_target == infer_collection("ComS_011", "count", "ASB incidents", ["service_data"])


def test_infer_rejects_an_unknown_unit() -> None:
    with pytest.raises(ValueError, match="ComS_001: unit must be 'count' or 'percent'"):
        infer_collection("ComS_001", "pounds", "All crime")
