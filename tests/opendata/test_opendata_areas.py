"""The ONS lookup, populations and peer groups: validation, and the lookup's effect on areas."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from civicplan.opendata import areas, ingest, store
from civicplan.opendata.validate import DataFileError


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_lookup_assigns_districts_and_falls_back_to_prefix(samples, store_path, tmp_path):
    ingest.import_police([samples / "2022-02-nottinghamshire-street.csv"], db_path=store_path)
    lookup = _write(
        tmp_path, "lookup.csv",
        "\ufeffLSOA21CD,LSOA21NM,LAD22CD,LAD22NM,ObjectId\r\n"
        "E01019420,Amber Valley 005A,E07000032,Amber Valley North,1\r\n"
        "E01019445,Amber Valley 005C,E07000032,Amber Valley North,2\r\n",
    )  # fmt: skip
    con = store.connect(store_path)
    assert areas.load_lookup(con, lookup) == 2
    counts = dict(
        con.execute("SELECT district, sum(n) FROM area_month_count GROUP BY 1").fetchall()
    )
    rows_in_two = con.execute(
        "SELECT count(*) FROM street_crime WHERE lsoa_code IN ('E01019420', 'E01019445')"
    ).fetchone()[0]
    assert counts == {
        "Amber Valley North": rows_in_two,
        "Amber Valley": 9 - rows_in_two,
        "Ashfield": 91,
    }


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("code,name\nE01019420,x\n", 1, "LSOA21CD"),
        ("LSOA21CD,LAD22NM\nX01,Broxtowe\n", 2, "not an LSOA code"),
        ("LSOA21CD,LAD22NM\nE01019420,Broxtowe\n\nE01019420,Gedling\n", 4, "on line 2"),
        ("LSOA21CD,LAD22NM\nE01019420,\n", 2, "no district name"),
    ],
)
def test_lookup_errors_name_the_line(tmp_path, text, line, words):
    with pytest.raises(DataFileError) as caught:
        areas.parse_lookup(_write(tmp_path, "lookup.csv", text))
    assert caught.value.line == line
    assert words in caught.value.message


def test_bad_lookup_leaves_store_unchanged(samples, store_path, tmp_path):
    ingest.import_police([samples / "2022-02-nottinghamshire-street.csv"], db_path=store_path)
    con = store.connect(store_path)
    with pytest.raises(DataFileError):
        areas.load_lookup(con, _write(tmp_path, "l.csv", "LSOA21CD,LAD22NM\nE01019420,A\nbad,B\n"))
    assert con.execute("SELECT count(*) FROM lsoa_lookup").fetchone() == (0,)


def test_population_file_is_validated(tmp_path):
    good = _write(tmp_path, "pop.csv", 'District,Code,Population\nBroxtowe,E07000172,"112,345"\n')
    assert areas.parse_population(good) == [areas.PopulationRow("Broxtowe", "E07000172", 112345)]
    for text, line, words in [
        ("district,population\nBroxtowe,lots\n", 2, "whole number"),
        ("district,population\nBroxtowe,0\n", 2, "whole number"),
        ("district,population\nBroxtowe,1\nbroxtowe,2\n", 3, "listed twice"),
        ("district,people\nBroxtowe,1\n", 1, "population column"),
    ]:
        with pytest.raises(DataFileError) as caught:
            areas.parse_population(_write(tmp_path, "p.csv", text))
        assert (caught.value.line, words in caught.value.message) == (line, True), text


def test_population_codes_are_named_through_the_lookup(store_path, tmp_path):
    con = store.connect(store_path)
    con.execute("INSERT INTO lsoa_lookup VALUES ('E01000001', 'X 001A', 'Broxtowe', 'E07000172')")
    rows = areas.parse_population(_write(tmp_path, "p.csv", "code,population\nE07000172,110000\n"))
    assert areas.population_by_district(con, rows) == {"broxtowe": 110000}


def test_peers_file(tmp_path):
    path = _write(
        tmp_path, "peers.csv", "district\nErewash\n# CIPFA neighbours\n\nGedling\nErewash\n"
    )
    assert areas.parse_peers(path) == ["Erewash", "Gedling"]
    with pytest.raises(DataFileError, match="no districts"):
        areas.parse_peers(_write(tmp_path, "empty.csv", "# nothing\n"))


def test_load_population_replaces_the_table(store_path, tmp_path):
    con = store.connect(store_path)
    areas.load_population(con, _write(tmp_path, "a.csv", "district,population\nA,1\nB,2\n"))
    areas.load_population(con, _write(tmp_path, "b.csv", "district,population\nC,3\n"))
    assert [r.district for r in areas.stored_population(con)] == ["C"]
    assert isinstance(con, duckdb.DuckDBPyConnection)
