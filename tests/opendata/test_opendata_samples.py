"""The real data.police.uk sample files: exact counts, ASB rows, repeated IDs, odd endings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb

from civicplan.opendata import ingest, store
from civicplan.opendata.policeuk import district_from_lsoa_name


def _import_notts(samples: Path, db: Path) -> duckdb.DuckDBPyConnection:
    ingest.import_police([samples / "2022-02-nottinghamshire-street.csv"], db_path=db)
    return duckdb.connect(str(db), read_only=True)


def test_sample_crime_type_counts_match_csv_module(samples, store_path, csv_rows):
    expected = Counter(r["Crime type"] for r in csv_rows(
        (samples / "2022-02-nottinghamshire-street.csv").read_bytes()))  # fmt: skip
    con = _import_notts(samples, store_path)
    stored = dict(
        con.execute("SELECT crime_type, count(*) FROM street_crime GROUP BY 1").fetchall()
    )
    assert stored == dict(expected)


def test_sample_crime_type_counts_hand_checked(samples, store_path):
    con = _import_notts(samples, store_path)
    stored = dict(
        con.execute("SELECT crime_type, count(*) FROM street_crime GROUP BY 1").fetchall()
    )
    assert sum(stored.values()) == 100
    assert stored == {
        "Violence and sexual offences": 47, "Anti-social behaviour": 20, "Burglary": 7,
        "Criminal damage and arson": 7, "Other theft": 7, "Public order": 3, "Shoplifting": 2,
        "Drugs": 2, "Vehicle crime": 2, "Theft from the person": 1,
        "Possession of weapons": 1, "Other crime": 1,
    }  # fmt: skip


def test_sample_area_prefix_counts(samples, store_path, csv_rows):
    rows = csv_rows((samples / "2022-02-nottinghamshire-street.csv").read_bytes())
    expected = Counter(district_from_lsoa_name(r["LSOA name"]) for r in rows)
    con = _import_notts(samples, store_path)
    stored = dict(
        con.execute("SELECT district, sum(n) FROM area_month_count GROUP BY 1").fetchall()
    )
    assert stored == dict(expected) == {"Ashfield": 91, "Amber Valley": 9}


def test_sample_asb_rows_have_empty_ids_and_are_all_kept(samples, store_path):
    con = _import_notts(samples, store_path)
    blank = con.execute(
        "SELECT crime_type, count(*) FROM street_crime WHERE crime_id IS NULL GROUP BY 1"
    ).fetchall()
    assert blank == [("Anti-social behaviour", 20)]
    # Several ASB rows share a street and month: each is an incident, none is merged.
    same_place = con.execute(
        "SELECT max(n) FROM (SELECT location, count(*) n FROM street_crime "
        "WHERE crime_type = 'Anti-social behaviour' GROUP BY location)"
    ).fetchone()[0]
    assert same_place > 1


def test_sample_repeated_crime_ids_are_counted_twice(samples, store_path):
    con = _import_notts(samples, store_path)
    repeated = con.execute(
        "SELECT crime_id, count(*), count(DISTINCT lsoa_name) FROM street_crime "
        "WHERE crime_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1 ORDER BY 1"
    ).fetchall()
    assert repeated == [
        ("2e450587db451cf500e5aa276caef3cb34f6c65775482e2df0cf259e00236b16", 2, 2),
        ("62343829b26706da5b08e2eb678ce24f1e2407721f33c31e66cb96c6ae09e5f0", 2, 2),
    ]


def test_sample_crlf_leaves_no_carriage_return_in_context(samples, store_path):
    con = _import_notts(samples, store_path)
    assert con.execute("SELECT count(context) FROM street_crime").fetchone() == (0,)


def test_sample_with_no_final_newline_and_dropped_context_imports_every_row(
    samples, store_path, csv_rows
):
    # The Avon and Somerset subset ends "…,Status update unavailable" with no newline and no
    # trailing comma: the last row has 11 fields. It is a real quirk, not a truncation.
    path = samples / "2018-01-avon-and-somerset-street.csv"
    assert not path.read_bytes().endswith(b"\n")
    result = ingest.import_police(
        [path, samples / "2018-01-bedfordshire-street.csv"], db_path=store_path
    )
    assert (
        [f.rows for f in result.files]
        == [
            len(csv_rows(path.read_bytes())),
            len(csv_rows((samples / "2018-01-bedfordshire-street.csv").read_bytes())),
        ]
        == [6, 6]
    )
    con = duckdb.connect(str(store_path), read_only=True)
    last = con.execute(
        "SELECT location, last_outcome, context FROM street_crime "
        "WHERE crime_id = '768fbb0c5a288954b663a353188887182ffa08a6c638f6ac72c5f7ebb44ce1ff'"
    ).fetchall()
    assert last == [("On or near Temple Street", "Status update unavailable", None)]


def test_sample_folder_skips_outcomes_files(samples, store_path):
    result = ingest.import_police([samples], db_path=store_path)
    assert sorted(f.name for f in result.files) == [
        "2018-01-avon-and-somerset-street.csv",
        "2018-01-bedfordshire-street.csv",
        "2022-02-nottinghamshire-street.csv",
    ]
    assert sum("outcomes" in s for s in result.skipped) == 2
    assert result.rows == 112


def test_sample_source_file_records_hash_and_rows(samples, store_path):
    import hashlib

    path = samples / "2022-02-nottinghamshire-street.csv"
    _import_notts(samples, store_path).close()
    con = store.connect(store_path)
    row = con.execute(
        "SELECT force, month::VARCHAR, sha256, rows, rows_without_location FROM source_file"
    ).fetchall()
    assert row == [
        ("nottinghamshire", "2022-02-01", hashlib.sha256(path.read_bytes()).hexdigest(), 100, 0)
    ]
