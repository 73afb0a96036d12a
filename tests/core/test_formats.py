import datetime as dt
from decimal import Decimal

import pytest

from civicplan.core.formats import date_text, money_text, number_text, plain_number


@pytest.mark.parametrize(
    ("value", "percent", "expected"),
    [
        (7162, False, "7,162"),
        (Decimal("7162.0000"), False, "7,162"),
        (Decimal("57.7000"), True, "57.7%"),
        (37, True, "37%"),
        (Decimal("20000"), False, "20,000"),
        (Decimal("-1234.5"), False, "−1,234.5"),
        (0, False, "0"),
        (None, False, ""),
    ],
)
def test_number_text(value, percent, expected):
    assert number_text(value, percent=percent) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("-20000.00"), "−£20,000"),
        (-120000, "−£120,000"),
        (Decimal("1234.5"), "£1,234.50"),
        (0, "£0"),
        (None, ""),
    ],
)
def test_money_text_uses_a_real_minus_sign(value, expected):
    assert money_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("-20000.00"), "-20000"),
        (Decimal("7162.0000"), "7162"),
        (Decimal("57.7000"), "57.7"),
        (Decimal("2E+4"), "20000"),
        (37, "37"),
    ],
)
def test_plain_number_has_no_grouping_or_trailing_zeros(value, expected):
    assert plain_number(value) == expected


def test_date_text_has_no_leading_zero():
    assert date_text(dt.date(2028, 3, 1)) == "1 March 2028"
    assert date_text(None) == ""
