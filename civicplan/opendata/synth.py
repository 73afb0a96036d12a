"""Synthetic data.police.uk street files: the exact format and its quirks, at any size.

There is no network here, so tests and benchmarks get volume from this. Everything is invented
(IDs, coordinates, streets, the districts of most forces); the Nottinghamshire and Derbyshire
district names are real so that "Broxtowe 003C"-style prefixes exist. Deterministic for a seed:
each force-month has its own random stream, so a file does not change when others are added.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from civicplan.opendata.policeuk import (
    ASB,
    FORCES,
    OUTCOME_CATEGORIES,
    STREET_HEADER_LINE,
    format_month,
)

REAL_DISTRICTS: dict[str, tuple[str, ...]] = {
    "nottinghamshire": (
        "Ashfield", "Bassetlaw", "Broxtowe", "Gedling", "Mansfield", "Newark and Sherwood",
        "Nottingham", "Rushcliffe",
    ),
    "derbyshire": (
        "Amber Valley", "Bolsover", "Chesterfield", "Derby", "Derbyshire Dales", "Erewash",
        "High Peak", "North East Derbyshire", "South Derbyshire",
    ),
}  # fmt: skip
# Rough national shares of each category (ASB included), enough for realistic volumes.
CRIME_WEIGHTS: dict[str, float] = {
    "Violence and sexual offences": 33, ASB: 18, "Criminal damage and arson": 8,
    "Public order": 8, "Other theft": 7, "Shoplifting": 7, "Vehicle crime": 6, "Burglary": 4,
    "Drugs": 3, "Other crime": 2, "Theft from the person": 1.5, "Bicycle theft": 1.2,
    "Robbery": 1, "Possession of weapons": 0.8,
}  # fmt: skip
OUTCOMES_HEADER_LINE = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Outcome type"
)
_PLACES = (
    "Parking Area", "Supermarket", "Shopping Area", "Petrol Station", "Sports/Recreation Area",
    "Nightclub", "Pedestrian Subway", "Further/Higher Educational Building", "Hospital",
    "Police Station", "Bus/Coach Station", "Theatre/Concert Hall",
)  # fmt: skip
_ROADS = ("Road", "Street", "Lane", "Avenue", "Close", "Crescent", "Drive", "Way", "Grove")
_SYLLABLES = (
    "ash", "bar", "brook", "cal", "dun", "elm", "fen", "gar", "holt", "kel", "lan", "mar",
    "nor", "oak", "pen", "quar", "ros", "stan", "thorn", "wick", "wold", "ley", "by", "ton",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Quirks:
    """File-level quirks; None picks at random per file (seeded)."""

    crlf: bool | None = None
    bom: bool | None = None
    final_newline: bool | None = None
    no_location_share: float = 0.01
    other_area_share: float = 0.01
    duplicate_id_share: float = 0.002


@dataclass(frozen=True, slots=True)
class _Street:
    tail: str  # "lon,lat,On or near …,E01…,District 001A"
    district: str


def districts_for(force: str, seed: int = 0) -> tuple[str, ...]:
    """Real names for Nottinghamshire and Derbyshire, invented ones for every other force."""
    if force in REAL_DISTRICTS:
        return REAL_DISTRICTS[force]
    rng = random.Random(f"districts:{seed}:{force}")
    names: list[str] = []
    wanted = rng.randint(6, 11)
    while len(names) < wanted:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if name not in names:
            names.append(name)
    return tuple(names)


def neighbour_of(force: str) -> str:
    """The force whose districts appear as out-of-area rows in this force's files."""
    if force == "nottinghamshire":
        return "derbyshire"
    slugs = sorted(FORCES)
    return slugs[(slugs.index(force) + 1) % len(slugs)] if force in slugs else "derbyshire"


@lru_cache(maxsize=64)
def _streets(force: str, seed: int) -> list[_Street]:
    """Every LSOA of the force's districts, each with a handful of streets and places."""
    rng = random.Random(f"streets:{seed}:{force}")
    base = 1 + sorted({*FORCES, force}).index(force) * 2000
    centre_lon, centre_lat = rng.uniform(-4.5, 0.5), rng.uniform(50.5, 54.8)
    streets: list[_Street] = []
    code = base
    for district in districts_for(force, seed):
        for lsoa in range(rng.randint(40, 80)):
            name = f"{district} {lsoa // 4 + 1:03d}{'ABCD'[lsoa % 4]}"
            lsoa_code = f"E01{code:06d}"
            code += 1
            lon, lat = centre_lon + rng.uniform(-0.3, 0.3), centre_lat + rng.uniform(-0.2, 0.2)
            for _ in range(rng.randint(3, 9)):
                if rng.random() < 0.2:
                    place = rng.choice(_PLACES)
                else:
                    stem = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
                    place = f"{stem} {rng.choice(_ROADS)}"
                tail = (
                    f"{lon + rng.uniform(-0.01, 0.01):.6f},{lat + rng.uniform(-0.01, 0.01):.6f},"
                    f"On or near {place},{lsoa_code},{name}"
                )
                streets.append(_Street(tail, district))
    return streets


def street_file_text(
    force: str, month: dt.date, rows: int, *, seed: int = 0, quirks: Quirks | None = None
) -> tuple[bytes, list[list[str]]]:
    """One force-month: the file's bytes, and the outcomes rows for some of its crimes."""
    quirks = quirks or Quirks()
    rng = random.Random(f"file:{seed}:{force}:{format_month(month)}")
    home = _streets(force, seed)
    away = _streets(neighbour_of(force), seed)
    home_cum = list(accumulate(rng.paretovariate(1.3) for _ in home))
    types = list(CRIME_WEIGHTS)
    type_cum = list(accumulate(CRIME_WEIGHTS.values()))
    force_name = FORCES.get(force, f"{force.replace('-', ' ').title()} Police")
    prefix = f",{format_month(month)},{force_name},{force_name},"
    n_unplaced = int(rows * quirks.no_location_share)
    n_away = int(rows * quirks.other_area_share)
    n_home = rows - n_unplaced - n_away
    located = rng.choices(home, cum_weights=home_cum, k=n_home) + rng.choices(away, k=n_away)
    crime_types = rng.choices(types, cum_weights=type_cum, k=rows)
    placed: list[tuple[str, str]] = []
    unplaced: list[str] = []
    outcomes: list[list[str]] = []
    last_id = ""
    for index, crime_type in enumerate(crime_types):
        if index >= len(located) and crime_type == ASB:
            crime_type = "Other crime"  # ASB always has a location on police.uk
        if crime_type == ASB:
            crime_id, outcome = "", ""
        else:
            if last_id and rng.random() < quirks.duplicate_id_share:
                crime_id = last_id  # the same crime published twice, in another LSOA
            else:
                crime_id = f"{rng.getrandbits(256):064x}"
            last_id = crime_id
            outcome = rng.choice(OUTCOME_CATEGORIES)
        if index < len(located):
            street = located[index]
            placed.append((street.tail, f"{crime_id}{prefix}{street.tail},{crime_type},{outcome},"))
            if outcome and rng.random() < 0.05:
                outcomes.append([crime_id, street.tail, outcome])
        else:
            unplaced.append(f"{crime_id}{prefix},,,,,{crime_type},{outcome},")
    placed.sort(key=lambda item: item[0].rsplit(",", 1)[1])
    lines = [STREET_HEADER_LINE, *(line for _, line in placed), *unplaced]
    crlf = rng.random() < 0.5 if quirks.crlf is None else quirks.crlf
    bom = rng.random() < 0.2 if quirks.bom is None else quirks.bom
    final = rng.random() < 0.8 if quirks.final_newline is None else quirks.final_newline
    newline = "\r\n" if crlf else "\n"
    text = newline.join(lines) + (newline if final else "")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"), outcomes


def outcomes_file_text(force: str, month: dt.date, outcomes: list[list[str]]) -> bytes:
    force_name = FORCES.get(force, force)
    rows = [OUTCOMES_HEADER_LINE] + [
        f"{cid},{format_month(month)},{force_name},{force_name},{tail},{outcome}"
        for cid, tail, outcome in outcomes
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def synthesise(
    out: Path,
    *,
    months: list[dt.date],
    forces: list[str],
    rows_per_month: int,
    seed: int = 0,
    as_zip: bool = False,
    quirks: Quirks | None = None,
) -> list[Path]:
    """Write ``YYYY-MM/YYYY-MM-<force>-street.csv`` (and outcomes) files, or one archive zip."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    archive = None
    if as_zip:
        zip_path = out / f"policeuk-{format_month(months[0])}-to-{format_month(months[-1])}.zip"
        archive = zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        written.append(zip_path)
    try:
        for month in months:
            folder = format_month(month)
            for force in forces:
                data, outcomes = street_file_text(
                    force, month, rows_per_month, seed=seed, quirks=quirks
                )
                files = {
                    f"{folder}/{folder}-{force}-street.csv": data,
                    f"{folder}/{folder}-{force}-outcomes.csv": outcomes_file_text(
                        force, month, outcomes
                    ),
                }
                for name, content in files.items():
                    if archive is not None:
                        archive.writestr(name, content)
                    else:
                        target = out / name
                        target.parent.mkdir(exist_ok=True)
                        target.write_bytes(content)
                        if name.endswith("-street.csv"):
                            written.append(target)
    finally:
        if archive is not None:
            archive.close()
    return written


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A small archive in memory, for tests that build their own odd files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
