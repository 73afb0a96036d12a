"""Uploading a filled-in collection workbook: every cell checked, then all saved or nothing."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from civicplan.core.models import AuditEvent
from civicplan.core.periods import Period
from civicplan.monitoring.models import IndicatorValue, ValueSource, ValueStatus
from civicplan.monitoring.services import ValueInput, indicator_value_save
from civicplan.monitoring.workbook import workbook_build, workbook_upload
from tests.clock import BEFORE_Q2_DEADLINE
from tests.monitoring.workbooks import (
    VALUES,
    cell,
    declared_size,
    fill,
    open_book,
    row_of,
    sheet_part,
    to_bytes,
    zip_bomb,
)

Q2 = Period.parse("2026/27-Q2")
AS_OF = BEFORE_Q2_DEADLINE
PLAN_TITLE = "Community Safety Business Plan 2026–2029"


def _download(plan, user) -> bytes:
    return workbook_build(plan, Q2, by=user, today=AS_OF)


def _upload(plan, data, user, *, submit=True):
    return workbook_upload(plan, data, by=user, submit=submit, name="q2.xlsx", as_of=AS_OF)


def _row(data: bytes, code: str) -> int:
    return row_of(open_book(data)[VALUES], code)


def test_upload_round_trip_saves_exactly_the_figures_typed(seed_plan, owner):
    data = fill(
        _download(seed_plan, owner),
        {"ComS_001": 1650, "ComS_011": (440, "Summer patrols"), "ComS_100": 70},
    )

    result = _upload(seed_plan, data, owner)

    assert result.ok, result.problems
    assert (len(result.saved), result.unchanged, result.blank) == (3, 0, 6)
    rows = {v.indicator.code: v for v in IndicatorValue.objects.select_related("indicator")}
    assert {code: row.value for code, row in rows.items()} == {
        "ComS_001": Decimal(1650),
        "ComS_011": Decimal(440),
        "ComS_100": Decimal(70),
    }
    saved = rows["ComS_011"]
    assert (saved.status, saved.source, saved.entered_by) == (
        ValueStatus.SUBMITTED,
        ValueSource.WORKBOOK,
        owner,
    )
    assert saved.period == Q2
    assert saved.commentary == "Summer patrols"
    assert saved.provenance == {"file": "q2.xlsx", "sheet": VALUES, "row": _row(data, "ComS_011")}
    assert AuditEvent.objects.filter(action="value.submit").count() == 3
    assert result.summary() == (
        "q2.xlsx: 3 figures saved and submitted for approval; 0 unchanged; 6 left blank."
    )


def test_upload_saves_drafts_unless_submitting(seed_plan, owner):
    _upload(seed_plan, fill(_download(seed_plan, owner), {"ComS_011": 440}), owner, submit=False)

    assert IndicatorValue.objects.get().status == ValueStatus.DRAFT


def test_upload_does_not_save_unchanged_figures_again(seed_plan, owner):
    first = fill(_download(seed_plan, owner), {"ComS_001": 1650, "ComS_011": 440})
    _upload(seed_plan, first, owner)
    fresh = _download(seed_plan, owner)
    versions = list(IndicatorValue.objects.values_list("pk", "version"))

    again = _upload(seed_plan, fresh, owner)
    old_file_again = _upload(seed_plan, first, owner)

    assert (len(again.saved), again.unchanged) == (0, 2)
    assert (len(old_file_again.saved), old_file_again.unchanged) == (0, 2)
    assert list(IndicatorValue.objects.values_list("pk", "version")) == versions


def test_upload_submits_an_unchanged_draft(seed_plan, owner):
    _upload(seed_plan, fill(_download(seed_plan, owner), {"ComS_011": 440}), owner, submit=False)

    result = _upload(seed_plan, _download(seed_plan, owner), owner, submit=True)

    assert [s.code for s in result.saved] == ["ComS_011"]
    assert IndicatorValue.objects.get().status == ValueStatus.SUBMITTED


def test_upload_correction_to_its_own_draft_updates_it(seed_plan, owner):
    _upload(seed_plan, fill(_download(seed_plan, owner), {"ComS_011": 440}), owner, submit=False)

    result = _upload(
        seed_plan, fill(_download(seed_plan, owner), {"ComS_011": 860}), owner, submit=False
    )

    assert result.ok, result.problems
    row = IndicatorValue.objects.get()
    assert (row.value, row.version, row.revision) == (Decimal(860), 2, 1)


def _percent_over_100(plan, officer, owner):
    data = fill(_download(plan, officer), {"ComS_001": 1650, "ComS_048": 120})
    return officer, data, "ComS_048", "I", "a percentage must be between 0 and 100, not 120"


def _negative_count(plan, officer, owner):
    data = fill(_download(plan, owner), {"ComS_001": 1650, "ComS_011": -3})
    return owner, data, "ComS_011", "I", "a count cannot be negative (-3)"


def _not_a_number(plan, officer, owner):
    data = fill(_download(plan, owner), {"ComS_001": 1650, "ComS_011": "lots"})
    return owner, data, "ComS_011", "I", "enter a number, not “lots”"


def _fraction_of_a_count(plan, officer, owner):
    data = fill(_download(plan, owner), {"ComS_001": 1650, "ComS_011": 12.5})
    return owner, data, "ComS_011", "I", "a count must be a whole number, not 12.5"


def _unknown_code(plan, officer, owner):
    data = fill(_download(plan, owner), {"ComS_001": 1650, "ComS_011": 5}, code={"ComS_011": "X9"})
    message = f"there is no indicator “X9” in {PLAN_TITLE}: check the code, or delete the row"
    return owner, data, "X9", "A", message


def _derived_ratio(plan, officer, owner):
    data = fill(_download(plan, owner), {"ComS_001": 1650, "ComS_011": 20})
    data = fill(data, {}, code={"ComS_011": "ComS_024"})
    message = (
        "ComS_024 is worked out from ComS_024b and ComS_024a: enter those instead and leave "
        "this value blank"
    )
    return owner, data, "ComS_024", "I", message


def _wrong_period(plan, officer, owner):
    data = fill(
        _download(plan, owner), {"ComS_001": 1650, "ComS_011": 5}, period={"ComS_011": "2026/27-Q1"}
    )
    message = "the period must be 2026/27-Q2, as this workbook is for 2026/27 Q2, not 2026/27-Q1"
    return owner, data, "ComS_011", "E", message


def _missing_commentary(plan, officer, owner):
    # ComS_048: high-risk food inspections done, target 100%; 50% is far off target.
    data = fill(_download(plan, officer), {"ComS_001": 1650, "ComS_048": 50})
    message = (
        "explain the figure: 50 is off target for ComS_048 2026/27 Q2, so a commentary is "
        "needed to submit it"
    )
    return officer, data, "ComS_048", "J", message


def _another_posts_indicator(plan, officer, owner):
    # The performance officer's workbook has every row; the owner fills in the Licensing Manager's.
    data = fill(_download(plan, officer), {"ComS_001": 1650, "ComS_069": 100})
    message = (
        "you cannot enter figures for ComS_069: it is owned by Licensing Manager. Clear this "
        "value, or ask a performance officer to enter it"
    )
    return owner, data, "ComS_069", "I", message


def _unusual_figure(plan, officer, owner):
    data = fill(_download(plan, owner), {"ComS_001": 99999999, "ComS_011": 440})
    message = (
        "99,999,999 for 2026/27 Q2 is more than ten times any figure ComS_001 has had (largest "
        "7,162 in 2022/23, about 1,791 a quarter) and its target (6,800 for 2026/27, about 1,700 "
        "a quarter). Correct it here; or, if it is right, leave this value blank and enter it on "
        "ComS_001's page in civicplan, where you can confirm it"
    )
    return owner, data, "ComS_001", "I", message


@pytest.mark.parametrize(
    "case",
    [
        _unusual_figure,
        _percent_over_100,
        _negative_count,
        _not_a_number,
        _fraction_of_a_count,
        _unknown_code,
        _derived_ratio,
        _wrong_period,
        _missing_commentary,
        _another_posts_indicator,
    ],
)
def test_upload_problem_names_sheet_row_and_column_and_saves_nothing(
    seed_plan, officer, owner, case
):
    user, data, code, column, message = case(seed_plan, officer, owner)
    before = IndicatorValue.objects.count()
    events = AuditEvent.objects.count()

    result = _upload(seed_plan, data, user)

    assert [str(p) for p in result.problems] == [
        f'Sheet "{VALUES}", row {_row(data, code)}, column {column}: {message}'
    ]
    assert result.saved == []
    assert IndicatorValue.objects.count() == before == 0
    assert AuditEvent.objects.count() == events


def test_upload_lists_every_problem_at_once(seed_plan, owner):
    data = fill(_download(seed_plan, owner), {"ComS_001": -1, "ComS_011": "lots", "ComS_014": 3})

    result = _upload(seed_plan, data, owner)

    assert [(p.row, p.column) for p in result.problems] == [
        (_row(data, "ComS_001"), "I"),
        (_row(data, "ComS_011"), "I"),
    ]
    assert result.summary() == "q2.xlsx: nothing was saved; 2 problems to put right first."
    assert not IndicatorValue.objects.exists()


def test_upload_stale_version_is_a_conflict_and_saves_nothing(seed_plan, owner, officer):
    indicator = seed_plan.indicators.get(code="ComS_011")
    indicator_value_save(entry=ValueInput(indicator, Q2, 450), by=owner, submit=False)
    data = fill(_download(seed_plan, owner), {"ComS_001": 1650, "ComS_011": 470})
    # Meanwhile the performance officer corrects the draft on the page.
    indicator_value_save(entry=ValueInput(indicator, Q2, 460), by=officer, submit=False)
    before = list(IndicatorValue.objects.values_list("pk", "value", "version"))

    result = _upload(seed_plan, data, owner)

    assert [str(p) for p in result.problems] == [
        f'Sheet "{VALUES}", row {_row(data, "ComS_011")}, column I: the figure was changed in '
        "civicplan after this workbook was made (it is now 460, draft, last saved by officer). "
        "To keep both changes safe nothing was saved: download a fresh workbook and enter your "
        "figure there"
    ]
    assert result.problems[0].kind == "conflict"
    assert list(IndicatorValue.objects.values_list("pk", "value", "version")) == before


def test_upload_figure_entered_since_download_is_a_conflict(seed_plan, owner, officer):
    data = fill(_download(seed_plan, owner), {"ComS_011": 470})
    indicator = seed_plan.indicators.get(code="ComS_011")
    indicator_value_save(entry=ValueInput(indicator, Q2, 460), by=officer, submit=False)

    result = _upload(seed_plan, data, owner)

    assert [p.kind for p in result.problems] == ["conflict"]
    assert IndicatorValue.objects.get().value == Decimal(460)


def test_upload_own_earlier_upload_then_old_copy_is_a_conflict(seed_plan, owner):
    base = _download(seed_plan, owner)
    _upload(seed_plan, fill(base, {"ComS_011": 440}), owner, submit=False)
    fresh = _download(seed_plan, owner)
    _upload(seed_plan, fill(fresh, {"ComS_011": 860}), owner, submit=False)

    result = _upload(seed_plan, fill(fresh, {"ComS_011": 870}), owner, submit=False)

    assert [p.kind for p in result.problems] == ["conflict"]
    assert IndicatorValue.objects.get().value == Decimal(860)


def test_upload_service_refuses_what_the_row_checks_missed(seed_plan, owner, officer, monkeypatch):
    # Even if the upload's own check let a row through, the value service refuses it, and the
    # figures already saved in the same upload are rolled back with it.
    monkeypatch.setattr("civicplan.monitoring.workbook.rows.can_enter", lambda user, ind: True)
    data = fill(_download(seed_plan, officer), {"ComS_001": 1650, "ComS_069": 100})

    result = _upload(seed_plan, data, owner)

    assert [str(p) for p in result.problems] == [
        f'Sheet "{VALUES}", row {_row(data, "ComS_069")}, column I: you cannot enter figures '
        "for ComS_069: it is owned by another post."
    ]
    assert result.problems[0].kind == "permission"
    assert result.saved == []
    assert not IndicatorValue.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="value.").exists()


def test_upload_viewer_saves_nothing(seed_plan, owner, viewer):
    data = fill(_download(seed_plan, owner), {"ComS_011": 440})

    result = _upload(seed_plan, data, viewer)

    assert [p.kind for p in result.problems] == ["permission"]
    assert not IndicatorValue.objects.exists()


def test_upload_reads_a_percent_formatted_cell_and_a_formula_result(seed_plan, officer):
    book = open_book(fill(_download(seed_plan, officer), {"ComS_048": (0.625, "Staff vacancies")}))
    cell(book[VALUES], "ComS_048", "value").number_format = "0.0%"
    formula = cell(book[VALUES], "ComS_011", "value")
    formula.value = "=400+50"

    # Saved as a draft: 62.5% is off target, and a remedial action is added on the page.
    result = _upload(seed_plan, to_bytes(book), officer, submit=False)

    # openpyxl saves no calculated result, as Excel would: the formula is refused, by name.
    assert [str(p) for p in result.problems] == [
        f'Sheet "{VALUES}", row {formula.row}, column I: this cell holds a formula without a '
        "saved result: type the figure itself, or open the file in Excel and save it before "
        "uploading"
    ]
    formula.value = None
    result = _upload(seed_plan, to_bytes(book), officer, submit=False)
    assert result.ok, result.problems
    assert IndicatorValue.objects.get().value == Decimal("62.5")


def _zip_with(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


def _moved_columns(plan, owner) -> bytes:
    book = open_book(_download(plan, owner))
    book[VALUES].delete_cols(3)
    return to_bytes(book)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda plan, owner: b"", "The file is empty."),
        (lambda plan, owner: b"code,value\nComS_011,4\n", "This file is not an Excel workbook"),
        (lambda plan, owner: b"\xd0\xcf\x11\xe0" + b"\0" * 100, "This is an old-style Excel file"),
        (lambda plan, owner: _zip_with("notes.txt", "hi"), "This file cannot be read as an Excel"),
        (lambda plan, owner: to_bytes(Workbook()), "This is not a civicplan collection workbook"),
        (
            _moved_columns,
            f'Sheet "{VALUES}", row 1, column C: the heading should be “Unit”, not “Owner(s)”',
        ),
    ],
    ids=["empty", "csv", "xls", "zip", "other-workbook", "moved-columns"],
)
def test_upload_unreadable_file_is_refused_clearly(seed_plan, owner, make, expected):
    result = _upload(seed_plan, make(seed_plan, owner), owner)

    assert len(result.problems) == 1
    assert str(result.problems[0]).startswith(expected)
    assert not IndicatorValue.objects.exists()


def test_commentary_that_looks_like_a_formula_round_trips_as_text(seed_plan, owner):
    commentary = '=HYPERLINK("http://example.org","click")'
    _upload(seed_plan, fill(_download(seed_plan, owner), {"ComS_011": (440, commentary)}), owner)

    data = _download(seed_plan, owner)
    book = open_book(data)
    written = cell(book[VALUES], "ComS_011", "commentary")
    result = _upload(seed_plan, data, owner)

    assert (written.value, written.data_type) == (commentary, "s")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(
            b"<f>" in archive.read(name) for name in archive.namelist() if "worksheets" in name
        )
    assert result.ok and result.unchanged == 1
    assert IndicatorValue.objects.get().commentary == commentary


def _never_opened(monkeypatch) -> list[object]:
    """openpyxl made to fail if called; the list it returns holds each call (the upload turns
    any openpyxl failure into a refusal, so the tests look at the calls, not only the message)."""
    calls: list[object] = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("openpyxl must not open this file")

    monkeypatch.setattr("civicplan.monitoring.workbook.upload.load_workbook", refuse)
    return calls


def test_upload_zip_bomb_is_refused_from_its_directory_without_unpacking(
    seed_plan, owner, monkeypatch
):
    bomb = zip_bomb(_download(seed_plan, owner), VALUES, megabytes=64)
    assert len(bomb) < 1024 * 1024  # a small file …
    opened = _never_opened(monkeypatch)

    tracemalloc.start()
    result = _upload(seed_plan, bomb, owner)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert [str(p) for p in result.problems] == [
        "This file would unpack to 64 MB, far more than a collection workbook. Check that you "
        "chose the right file."
    ]
    assert peak < 5 * 1024 * 1024  # … refused without unpacking it
    assert opened == []
    assert not IndicatorValue.objects.exists()


def _corrupted_sheet(plan, owner) -> bytes:
    """A real workbook with bytes in the middle of its figures sheet's compressed data changed."""
    data = bytearray(_download(plan, owner))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(sheet_part(bytes(data), VALUES))
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5 : start + 25] = b"\xff" * 20
    return bytes(data)


@pytest.mark.parametrize(
    "make",
    [
        _corrupted_sheet,
        lambda plan, owner: declared_size(_download(plan, owner), VALUES, "A1:AAAA10"),
    ],
    ids=["corrupted-member", "column-past-xfd"],
)
def test_upload_damaged_zip_is_refused_as_unreadable_never_a_500(
    seed_plan, owner, make, monkeypatch
):
    data = make(seed_plan, owner)
    opened = _never_opened(monkeypatch)

    result = _upload(seed_plan, data, owner)

    assert opened == []
    assert [str(p) for p in result.problems] == [
        "This file cannot be read as an Excel workbook: it may be damaged, or be another kind of "
        "file renamed to .xlsx. Open it in Excel, save it as “Excel Workbook (.xlsx)” and upload "
        "it again."
    ]
    assert not IndicatorValue.objects.exists()


def test_upload_sheet_declaring_millions_of_rows_is_refused_unopened(seed_plan, owner, monkeypatch):
    huge = declared_size(_download(seed_plan, owner), VALUES, "A1:K2000000")
    opened = _never_opened(monkeypatch)

    result = _upload(seed_plan, huge, owner)

    assert opened == []
    assert [str(p) for p in result.problems] == [
        "A sheet of this file reaches cell K2,000,000, far beyond a collection workbook. Check "
        "that you chose the right file."
    ]


def test_upload_by_a_councillor_is_refused_before_the_file_is_read(
    seed_plan, owner, viewer, monkeypatch
):
    data = fill(_download(seed_plan, owner), {"ComS_011": 440})
    opened = _never_opened(monkeypatch)

    result = _upload(seed_plan, data, viewer)

    assert opened == []
    assert [(p.kind, str(p)) for p in result.problems] == [
        (
            "permission",
            "You cannot upload figures: only indicator owners and performance officers enter "
            "them. Nothing was read or saved.",
        )
    ]
