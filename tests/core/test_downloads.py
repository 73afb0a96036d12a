import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from civicplan.core.downloads import csv_response, csv_value
from civicplan.core.fy import FinancialYear


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (Decimal("-20000.00"), "-20000"),
        (dt.date(2028, 3, 31), "2028-03-31"),
        (FinancialYear(2026), "2026/27"),
        (["ComS_001", "ComS_024"], "ComS_001; ComS_024"),
        ("All crime", "All crime"),
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("-20000", "'-20000"),
        ("@SUM(A1)", "'@SUM(A1)"),
    ],
)
def test_csv_value_is_plain_and_inert(value, expected):
    assert csv_value(value) == expected


def test_csv_response_is_a_named_utf8_attachment():
    response = csv_response(
        ["Code", "Amount"],
        [["COMS2629_07", Decimal("-20000.00")]],
        "community-safety-2026-27-budget.csv",
    )

    assert response["Content-Disposition"] == (
        'attachment; filename="community-safety-2026-27-budget.csv"'
    )
    text = response.content.decode("utf-8")
    assert text == "\ufeffCode,Amount\r\nCOMS2629_07,-20000\r\n"
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["Code", "Amount"],
        ["COMS2629_07", "-20000"],
    ]
