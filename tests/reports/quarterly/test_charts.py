"""The chart module: accessible SVG, a text alternative and the numbers, the same bytes every time,
and colours that meet 3:1 against white (with patterns and words so colour is never alone)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from civicplan.core.charts import (
    HATCHES,
    TONES,
    HeatCell,
    StatusSeries,
    TrendPoint,
    heat_map_chart,
    status_counts_chart,
    trend_chart,
)


def _status_chart(chart_id: str = "figure-1"):
    return status_counts_chart(
        chart_id=chart_id,
        title="Measures by status",
        groups=["CS1 Reduce anti-social behaviour", "CS2 Reduce violence"],
        series=[
            StatusSeries("On target", "green", (2, 0)),
            StatusSeries("Within tolerance", "amber", (1, 0)),
            StatusSeries("Off target", "red", (0, 3)),
            StatusSeries("Data missing", "grey", (0, 0)),
        ],
    )


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("tone", sorted(TONES))
def test_chart_colours_have_3_to_1_contrast_with_white(tone):
    assert (1.05) / (_luminance(TONES[tone]) + 0.05) >= 3


def test_status_chart_svg_is_a_labelled_image():
    svg = _status_chart().svg

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img"' in svg
    assert '<title id="figure-1-title">Measures by status</title>' in svg
    assert '<desc id="figure-1-desc">Bar chart of measures by status.' in svg
    assert "<metadata" not in svg and "<?xml" not in svg


def test_status_chart_text_alternative_and_rows_give_every_count():
    chart = _status_chart()

    assert chart.alt == (
        "Bar chart of measures by status. CS1 Reduce anti-social behaviour: 2 on target, "
        "1 within tolerance. CS2 Reduce violence: 3 off target."
    )
    assert chart.header == ("Group", "On target", "Within tolerance", "Off target", "Total")
    assert chart.rows == (
        ("CS1 Reduce anti-social behaviour", "2", "1", "0", "3"),
        ("CS2 Reduce violence", "0", "0", "3", "3"),
    )


def test_status_chart_names_statuses_in_words_and_patterns():
    svg = _status_chart().svg

    for label in ("On target", "Within tolerance", "Off target"):
        assert f">{label}</text>" in svg
    assert "<pattern" in svg  # the hatches: a status reads without its colour
    assert len(set(HATCHES[:4])) == 4


def test_charts_are_the_same_bytes_for_the_same_data():
    first, second = _status_chart(), _status_chart()

    assert first.svg == second.svg
    assert first.png == second.png
    assert first.png.startswith(b"\x89PNG")


def test_chart_ids_keep_two_charts_on_one_page_apart():
    one, two = _status_chart("figure-1").svg, _status_chart("figure-2").svg
    ids = set(re.findall(r'id="([^"]+)"', one)) & set(re.findall(r'id="([^"]+)"', two))

    assert ids == set()


def test_trend_chart_lists_actual_and_target_by_period():
    chart = trend_chart(
        chart_id="figure-2",
        title="ComS_014 actual against target",
        years=[TrendPoint("2025/26", Decimal(95), Decimal(95))],
        quarters=[
            TrendPoint("Q1", Decimal(30), Decimal("22.5")),
            TrendPoint("Q2", None, Decimal(45)),
        ],
        percent=True,
    )

    assert chart.rows == (
        ("2025/26", "95%", "95%"),
        ("Q1", "30%", "22.5%"),
        ("Q2", "no figure", "45%"),
    )
    assert "Q1 actual 30%, target 22.5%" in chart.alt
    assert ">Target</text>" in chart.svg and ">Actual</text>" in chart.svg


def test_heat_map_chart_places_codes_and_names_ratings():
    cells = {
        (lk, im): HeatCell(lk * im, "High" if lk * im >= 8 else "Low", "red" if lk * im >= 8 else
                           "green", ("R2",) if (lk, im) == (4, 4) else ())
        for lk in range(1, 5)
        for im in range(1, 5)
    }  # fmt: skip
    chart = heat_map_chart(
        chart_id="figure-3",
        title="Risk heat map",
        likelihood_labels=["Unlikely", "Possible", "Likely", "Very likely"],
        impact_labels=["Minor", "Moderate", "Major", "Critical"],
        cells=cells,
    )

    assert chart.alt == "Risk heat map, 4 by 4. R2 at likelihood 4, impact 4 (High, score 16)."
    assert chart.rows[0] == ("4 Very likely", "", "", "", "R2")
    assert ">High (16)</text>" in chart.svg
