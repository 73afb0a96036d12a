"""``civicplan opendata …``: the actions end to end, and exit status 2 with file and line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import duckdb
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("opendata", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(tmp_path: Path, _store_in_tmp: Path) -> Path:
    out = tmp_path / "synth"
    _run("synth", "--months", "2025-04..2026-03", "--forces", "nottinghamshire,derbyshire",
         "--rows-per-month", "400", "-o", str(out), "--seed", "3", "--zip")  # fmt: skip
    _run("import-police", str(out))
    return out


def test_synth_is_deterministic_with_seed(tmp_path):
    for name in ("a", "b"):
        _run("synth", "--months", "2025-04..2025-05", "--forces", "kent", "--rows-per-month", "50",
             "-o", str(tmp_path / name), "--seed", "9")  # fmt: skip
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.csv"))
    assert len(files) == 4  # street and outcomes, two months
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_import_derive_json_benchmark_hotspots_status(loaded, tmp_path, _store_in_tmp):
    con = duckdb.connect(str(_store_in_tmp), read_only=True)
    asb = con.execute(
        "SELECT count(*) FROM street_crime WHERE crime_type = 'Anti-social behaviour' "
        "AND lsoa_name LIKE 'Broxtowe %' AND month BETWEEN '2025-07-01' AND '2025-09-01'"
    ).fetchone()[0]
    con.close()
    data = json.loads(
        _run("derive", "--period", "2025/26-Q2", "--area", "Broxtowe", "--format", "json")
    )
    asb_value = next(v for v in data if v["code"] == "ComS_011")
    assert asb_value["value"] == asb
    assert asb_value["period"] == "2025/26-Q2"
    assert asb_value["provenance"]["months"] == ["2025-07", "2025-08", "2025-09"]
    text = _run("derive", "--period", "2025/26-Q2", "--area", "Broxtowe")
    assert "ComS_011" in text and "violence with injury" in text

    pop = tmp_path / "pop.csv"
    pop.write_text("district,population\n" + "".join(
        f"{d},{100_000 + i}\n" for i, d in enumerate(
            ["Ashfield", "Bassetlaw", "Broxtowe", "Gedling", "Mansfield", "Newark and Sherwood",
             "Nottingham", "Rushcliffe"])))  # fmt: skip
    bench = _run("benchmark", "--measure", "ComS_011", "--year", "2025/26", "--area", "Broxtowe",
                 "--population", str(pop))  # fmt: skip
    assert "ranked by rate" in bench and "Broxtowe  ◀" in bench
    spots = _run("hotspots", "--measure", "ComS_011", "--period", "2025/26", "--area", "Broxtowe")
    assert "On or near" in spots
    assert "nottinghamshire" in _run("status")


def test_bad_file_exits_2_with_file_and_line(tmp_path, _store_in_tmp):
    bad = tmp_path / "2025-05-kent-street.csv"
    bad.write_bytes(b"Crime ID,Month\r\nx,2025-05\r\n")
    with pytest.raises(CommandError) as caught:
        _run("import-police", str(bad))
    assert caught.value.returncode == 2
    assert f"{bad}, line 1:" in str(caught.value)


def test_console_command_exit_status_is_2(tmp_path):
    bad = tmp_path / "2025-05-kent-street.csv"
    bad.write_bytes(b"\xef\xbb\xbfCrime ID,Month,Reported by\n")
    env = {**os.environ, "CIVICPLAN_OPENDATA_DB": str(tmp_path / "s.duckdb"),
           "CIVICPLAN_DATA_DIR": str(tmp_path)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "civicplan.cli", "opendata", "import-police", str(bad)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "line 1" in done.stderr and "header must be exactly" in done.stderr


def test_unknown_area_exits_2(loaded):
    with pytest.raises(CommandError, match="Did you mean Broxtowe") as caught:
        _run("derive", "--period", "2025/26", "--area", "Broxtow")
    assert caught.value.returncode == 2


def test_derive_refuses_a_grain_longer_than_the_period(loaded):
    with pytest.raises(CommandError) as caught:
        _run("derive", "--period", "2025/26-Q1", "--by", "year", "--area", "Broxtowe")
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        "2025/26 Q1 is a quarter: record a figure for the quarter or for each month (--by year)."
    )
