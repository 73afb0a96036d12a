"""The data.police.uk street-level file format: header, file names, categories, forces.

Everything here is fact about the published files, kept in one place so the importer, the validator
and the synthetic generator cannot disagree about it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

STREET_HEADER: tuple[str, ...] = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
STREET_HEADER_LINE = ",".join(STREET_HEADER)

# Column names in the store, in file order.
STORE_COLUMNS: tuple[str, ...] = (
    "crime_id",
    "month",
    "reported_by",
    "falls_within",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "lsoa_name",
    "crime_type",
    "last_outcome",
    "context",
)

ASB = "Anti-social behaviour"

# The fourteen categories published since May 2013 (data.police.uk "About the data").
CRIME_TYPES: tuple[str, ...] = (
    ASB,
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)

# "Last outcome category" values seen in street files; ASB rows leave it empty.
OUTCOME_CATEGORIES: tuple[str, ...] = (
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Status update unavailable",
    "Court result unavailable",
    "Awaiting court outcome",
    "Local resolution",
    "Offender given a caution",
    "Offender given penalty notice",
    "Offender given a drugs possession warning",
    "Formal action is not in the public interest",
    "Further investigation is not in the public interest",
    "Further action is not in the public interest",
    "Action to be taken by another organisation",
    "Suspect charged as part of another case",
    "Offender sent to prison",
    "Offender fined",
    "Offender given community sentence",
    "Offender given suspended prison sentence",
    "Offender given conditional discharge",
    "Defendant found not guilty",
    "Court case unable to proceed",
)

# The 43 territorial forces of England and Wales plus British Transport Police, by file-name slug.
FORCES: dict[str, str] = {
    "avon-and-somerset": "Avon and Somerset Constabulary",
    "bedfordshire": "Bedfordshire Police",
    "btp": "British Transport Police",
    "cambridgeshire": "Cambridgeshire Constabulary",
    "cheshire": "Cheshire Constabulary",
    "city-of-london": "City of London Police",
    "cleveland": "Cleveland Police",
    "cumbria": "Cumbria Constabulary",
    "derbyshire": "Derbyshire Constabulary",
    "devon-and-cornwall": "Devon & Cornwall Police",
    "dorset": "Dorset Police",
    "durham": "Durham Constabulary",
    "dyfed-powys": "Dyfed-Powys Police",
    "essex": "Essex Police",
    "gloucestershire": "Gloucestershire Constabulary",
    "greater-manchester": "Greater Manchester Police",
    "gwent": "Gwent Police",
    "hampshire": "Hampshire Constabulary",
    "hertfordshire": "Hertfordshire Constabulary",
    "humberside": "Humberside Police",
    "kent": "Kent Police",
    "lancashire": "Lancashire Constabulary",
    "leicestershire": "Leicestershire Police",
    "lincolnshire": "Lincolnshire Police",
    "merseyside": "Merseyside Police",
    "metropolitan": "Metropolitan Police Service",
    "norfolk": "Norfolk Constabulary",
    "north-wales": "North Wales Police",
    "north-yorkshire": "North Yorkshire Police",
    "northamptonshire": "Northamptonshire Police",
    "northumbria": "Northumbria Police",
    "nottinghamshire": "Nottinghamshire Police",
    "south-wales": "South Wales Police",
    "south-yorkshire": "South Yorkshire Police",
    "staffordshire": "Staffordshire Police",
    "suffolk": "Suffolk Constabulary",
    "surrey": "Surrey Police",
    "sussex": "Sussex Police",
    "thames-valley": "Thames Valley Police",
    "warwickshire": "Warwickshire Police",
    "west-mercia": "West Mercia Police",
    "west-midlands": "West Midlands Police",
    "west-yorkshire": "West Yorkshire Police",
    "wiltshire": "Wiltshire Police",
}

_STREET_NAME_RE = re.compile(r"^(\d{4})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)-street\.csv$")
_OTHER_KIND_RE = re.compile(r"^\d{4}-\d{2}-.+-(outcomes|stop-and-search)\.csv$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
# An LSOA name is its district's name, a space, three digits and a letter: "Broxtowe 003C".
LSOA_NAME_RE = re.compile(r"^(.+) [0-9]{3}[A-Z]$")


@dataclass(frozen=True, slots=True)
class StreetFileName:
    """What a street file's name says: the month and the force."""

    month: dt.date
    force: str


def parse_month(text: str) -> dt.date | None:
    """``2026-05`` → 1 May 2026; anything else (``2026-13``, ``May 2026``) → None."""
    match = _MONTH_RE.match(text)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 2000:
        return None
    return dt.date(year, month, 1)


def format_month(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def parse_street_file_name(name: str) -> StreetFileName | None:
    """Read ``2026-05-nottinghamshire-street.csv``; None when the name is not a street file's."""
    match = _STREET_NAME_RE.match(name)
    if not match:
        return None
    month = parse_month(f"{match.group(1)}-{match.group(2)}")
    if month is None:
        return None
    return StreetFileName(month=month, force=match.group(3))


def is_other_police_file(name: str) -> bool:
    """Outcomes and stop-and-search files travel in the same archive; the importer skips them."""
    return bool(_OTHER_KIND_RE.match(name))


def district_from_lsoa_name(name: str | None) -> str | None:
    """``Broxtowe 003C`` → ``Broxtowe``: the LSOA-name prefix is the district (2011/2021 names)."""
    if not name:
        return None
    match = LSOA_NAME_RE.match(name)
    return match.group(1) if match else name
