"""Importing synthetic files: idempotence, republished months, bad files, archives, quirks."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicplan.opendata import ingest, synth
from civicplan.opendata.validate import PoliceFileError

MAY = dt.date(2025, 5, 1)


def _file(
    rows: int = 300, seed: int = 1, force: str = "nottinghamshire", month: dt.date = MAY, **quirks
) -> bytes:
    data, _ = synth.street_file_text(force, month, rows, seed=seed, quirks=synth.Quirks(**quirks))
    return data


def _snapshot(db: Path) -> list[tuple]:
    """Everything in the store, to prove a failed run changed nothing."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [
            con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in ("source_file", "street_crime", "area_month_count")
        ]
    finally:
        con.close()


def test_reimport_of_same_month_changes_nothing(write_file, store_path):
    path = write_file(_file())
    first = ingest.import_police([path], db_path=store_path)
    before = _snapshot(store_path)
    again = ingest.import_police([path], db_path=store_path)
    assert [f.status for f in first.files] == ["new"]
    assert [f.status for f in again.files] == ["unchanged"]
    assert again.rows == 0
    assert _snapshot(store_path) == before


def test_republished_month_replaces_the_old_one(write_file, store_path, tmp_path, csv_rows):
    ingest.import_police([write_file(_file(rows=300, seed=1))], db_path=store_path)
    newer = _file(rows=250, seed=2)
    other = tmp_path / "newer"
    other.mkdir()
    path = other / "2025-05-nottinghamshire-street.csv"
    path.write_bytes(newer)
    result = ingest.import_police([path], db_path=store_path)
    assert [f.status for f in result.files] == ["replaced"]
    con = duckdb.connect(str(store_path), read_only=True)
    assert con.execute("SELECT count(*) FROM street_crime").fetchone() == (250,)
    assert con.execute("SELECT sum(n) FROM area_month_count").fetchone() == (250,)
    assert con.execute("SELECT count(*), any_value(sha256) FROM source_file").fetchone() == (
        1,
        hashlib.sha256(newer).hexdigest(),
    )


def test_other_months_and_forces_are_untouched_by_a_replacement(write_file, store_path):
    june = _file(seed=3, month=dt.date(2025, 6, 1))
    ingest.import_police(
        [write_file(_file()), write_file(june, "2025-06-nottinghamshire-street.csv")],
        db_path=store_path,
    )
    ingest.import_police([write_file(_file(rows=10, seed=9))], db_path=store_path)
    con = duckdb.connect(str(store_path), read_only=True)
    by_month = con.execute(
        "SELECT month::VARCHAR, count(*) FROM street_crime GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert by_month == [("2025-05-01", 10), ("2025-06-01", 300)]


BAD_FILES = {
    "wrong header": (
        lambda d: d.replace(b"Crime ID,Month", b"Crime ID,Period", 1),
        1,
        "header must be exactly",
    ),
    "bad month value": (
        lambda d: _replace_nth_line(d, 5, b",2025-05,", b",2025-13,"),
        5,
        "2025-13",
    ),
    "month of another file": (
        lambda d: _replace_nth_line(d, 7, b",2025-05,", b",2025-04,"),
        7,
        "the file name says 2025-05",
    ),
    "undecodable text": (
        lambda d: _replace_nth_line(d, 9, b"On or near", b"On or n\xe9ar"),
        9,
        "not UTF-8",
    ),
    "truncated": (lambda d: d.rstrip(b"\r\n")[:-60], None, "truncated"),
    "extra column": (lambda d: _append_to_line(d, 4, b",x"), 4, "13 columns"),
    "longitude not a number": (
        lambda d: _replace_nth_line(
            d,
            6,
            b",-",
            b",west-",
        ),
        6,
        "Longitude",
    ),
    "empty file": (lambda d: b"", 1, "empty"),
}


def _append_to_line(data: bytes, line: int, extra: bytes) -> bytes:
    lines = data.split(b"\n")
    lines[line - 1] += extra
    return b"\n".join(lines)


def _replace_nth_line(data: bytes, line: int, old: bytes, new: bytes) -> bytes:
    lines = data.split(b"\n")
    assert old in lines[line - 1], (line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return b"\n".join(lines)


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_changes_nothing_and_names_file_and_line(case, write_file, store_path, tmp_path):
    good = write_file(_file(seed=5, force="derbyshire", month=dt.date(2025, 4, 1)),
                      "2025-04-derbyshire-street.csv")  # fmt: skip
    ingest.import_police([good], db_path=store_path)
    before = _snapshot(store_path)
    change, line, words = BAD_FILES[case]
    data = _file(crlf=False, bom=False, final_newline=True)
    # Another good file in the same run must not be stored either: one transaction per run.
    other = write_file(_file(seed=6, month=dt.date(2025, 6, 1)),
                       "2025-06-nottinghamshire-street.csv")  # fmt: skip
    bad = write_file(change(data))
    with pytest.raises(PoliceFileError) as caught:
        ingest.import_police([other, bad], db_path=store_path)
    error = caught.value
    assert error.origin == str(bad)
    assert words in error.message
    if line is not None:
        assert error.line == line
        assert f"{bad}, line {line}:" in str(error)
    else:
        assert error.line == data.count(b"\n")  # the last line, cut short
    assert _snapshot(store_path) == before


def test_same_force_month_twice_with_different_contents_is_refused(
    write_file, store_path, tmp_path
):
    a = write_file(_file(seed=1))
    other = tmp_path / "b"
    other.mkdir()
    b = other / a.name
    b.write_bytes(_file(seed=2))
    with pytest.raises(PoliceFileError, match="separate runs"):
        ingest.import_police([a, b], db_path=store_path)
    assert not store_path.exists() or _snapshot(store_path) == [[], [], []]


def test_file_with_unexpected_name_is_refused(write_file, store_path):
    path = write_file(_file(), "may-notts.csv")
    with pytest.raises(PoliceFileError, match="2026-05-nottinghamshire-street.csv"):
        ingest.import_police([path], db_path=store_path)


def test_zip_archive_of_month_folders(tmp_path, store_path, csv_rows):
    written = synth.synthesise(
        tmp_path / "zip",
        months=[MAY, dt.date(2025, 6, 1)],
        forces=["nottinghamshire", "derbyshire"],
        rows_per_month=200,
        seed=4,
        as_zip=True,
    )
    result = ingest.import_police(written, db_path=store_path)
    assert result.count("new") == 4
    assert result.rows == 800
    assert len(result.skipped) == 4  # the outcomes files
    assert all("!2025-0" in f.origin for f in result.files)


def test_damaged_zip_is_refused_and_nothing_stored(tmp_path, store_path):
    written = synth.synthesise(
        tmp_path / "zip", months=[MAY], forces=["nottinghamshire"], rows_per_month=200, as_zip=True
    )
    data = written[0].read_bytes()
    written[0].write_bytes(data[: len(data) // 2])
    with pytest.raises(PoliceFileError, match="zip"):
        ingest.import_police(written, db_path=store_path)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(crlf=st.booleans(), bom=st.booleans(), final_newline=st.booleans(), rows=st.integers(0, 40))
def test_any_mix_of_endings_bom_and_final_newline_stores_every_row(
    tmp_path_factory, csv_rows, crlf, bom, final_newline, rows
):
    folder = tmp_path_factory.mktemp("quirks")
    data = _file(rows=rows, crlf=crlf, bom=bom, final_newline=final_newline)
    path = folder / "2025-05-nottinghamshire-street.csv"
    path.write_bytes(data)
    db = folder / "s.duckdb"
    result = ingest.import_police([path], db_path=db)
    expected = csv_rows(data)
    assert result.rows == len(expected) == rows
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute(
        "SELECT coalesce(crime_id, ''), crime_type, coalesce(last_outcome, ''), context "
        "FROM street_crime ORDER BY ALL"
    ).fetchall()
    assert stored == sorted(
        (r["Crime ID"], r["Crime type"], r["Last outcome category"], None) for r in expected
    )


def test_rows_without_location_and_other_areas_are_kept(write_file, store_path, csv_rows):
    data = _file(rows=1000)
    rows = csv_rows(data)
    ingest.import_police([write_file(data)], db_path=store_path)
    con = duckdb.connect(str(store_path), read_only=True)
    unplaced = sum(1 for r in rows if not r["LSOA code"])
    assert unplaced == 10
    assert con.execute("SELECT rows_without_location FROM source_file").fetchone() == (unplaced,)
    assert con.execute(
        "SELECT sum(n) FROM area_month_count WHERE district = 'Amber Valley'"
    ).fetchone() == (sum(1 for r in rows if r["LSOA name"].startswith("Amber Valley")),)


def test_short_last_line_file_with_a_short_row_inside_is_refused(write_file, store_path):
    # A dropped empty Context is accepted on the very last line only (the real Avon sample).
    data = _file(rows=20, crlf=False, final_newline=True)
    lines = data.rstrip(b"\n").split(b"\n")
    lines[-1] = lines[-1].removesuffix(b",")
    lines[3] = lines[3].removesuffix(b",")
    path = write_file(b"\n".join(lines))
    with pytest.raises(PoliceFileError) as caught:
        ingest.import_police([path], db_path=store_path)
    assert (caught.value.line, "11 columns" in caught.value.message) == (4, True)


def test_progress_bar_shows_files_and_rows(write_file, store_path, tmp_path, capsys):
    folder = tmp_path / "two"
    folder.mkdir()
    for force, rows in (("nottinghamshire", 300), ("derbyshire", 120)):
        (folder / f"2025-05-{force}-street.csv").write_bytes(_file(rows=rows, force=force))
    ingest.import_police([folder], db_path=store_path, progress=True)
    shown = capsys.readouterr().err
    assert "Loading" in shown
    assert "2/2" in shown
    assert "rows=420" in shown
