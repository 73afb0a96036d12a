"""Section 3 of the plan document: the measures tables, rebuilt from ``measure_rows``.

``measure_rows`` keeps each printed row (its text without codes, its list items, the codes it names
and the codes its figures belong to); the figures themselves come from ``indicators``. Where a cell
printed its codes part-way through the text ("No. received (ComS_012) Closed in 3mths %
(ComS_012d)") the indicators' titles, which the importer made from those pieces, say where each code
goes, so the rebuilt cell reads back to the same titles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from civicplan.core.fy import FinancialYear, fy_range
from civicplan.planio.blocks import Block, Captions, Cell, Heading, Paragraph, Table

FRAMEWORK_HEADINGS = {
    "service_data": "Context – Baseline Service Data",
    "csi": "Critical Success Indicators (CSI)",
    "kpi": "Key Performance Indicators (KPI)",
    "mpi": "Management Performance Indicators (MPI)",
}
FRAMEWORK_TEXT = {
    "csi": "Priority leaders work corporately and have defined the outcome objective for each "
    "priority area and have identified outcome indicators that are Critical Success Indicators.",
    "kpi": "Priority leaders also identified two further sets of performance indicators namely Key "
    "Performance Indicators (KPI) for reporting to GMT and Members and Management Performance "
    "Indicators (MPI) for use in business planning and performance monitoring at a service level.",
}
FRAMEWORK_CAPTIONS = {
    "service_data": "Service data",
    "csi": "Critical Success Indicators",
    "kpi": "Key Performance Indicators",
    "mpi": "Management Performance Indicators",
}
FRAMEWORK_ORDER = tuple(FRAMEWORK_HEADINGS)


@dataclass(frozen=True, slots=True)
class Columns:
    """The year columns of a measures table: achieved years, named target years, future years."""

    actual: tuple[str, ...]
    target: tuple[str, ...]
    future: tuple[str, ...]


def number_cell(value: int | float | None, percent: bool) -> str:
    """7162 → "7,162"; 57.7 as a percentage → "57.7%"; none → "-"."""
    if value is None:
        return "-"
    exact = Decimal(str(value))
    exponent = exact.normalize().as_tuple().exponent  # a number for any finite figure
    places = max(0, -exponent) if exact % 1 and isinstance(exponent, int) else 0
    text = f"{exact:,.{places}f}"
    return text + ("%" if percent else "")


def _span(years: Iterable[str], anchor: FinancialYear) -> list[str]:
    """Every year from the earliest to the latest of ``years`` and ``anchor``, with no gaps."""
    found = [FinancialYear.parse(y) for y in years] + [anchor]
    return [str(y) for y in fy_range(min(found), max(found))]


class MeasureTables:
    """Builds the blocks of section 3 from one Plan JSON dict."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.indicators = {ind["code"]: ind for ind in data["indicators"]}
        period = data["plan"]["period"]
        self.first = FinancialYear.parse(period["first_year"])
        self.last = FinancialYear.parse(period["last_year"])
        self.objectives = {o["code"]: o["title"] for o in data["objectives"]}
        self.rows = _all_rows(data)
        self.alias_rows = _alias_rows(self.rows, self.indicators)

    # ------------------------------------------------------------------ columns

    def _row_years(self, row: dict[str, Any], key: str) -> set[str]:
        years = set((row.get("unassigned") or {}).get(key) or {})
        for code in row.get("value_codes") or []:
            years |= set(self.indicators.get(code, {}).get(key) or {})
        return years

    def columns(self, rows: list[dict[str, Any]], targeted: bool) -> Columns:
        actual = _span((y for r in rows for y in self._row_years(r, "actuals")), self.first - 2)
        if not targeted:
            return Columns(tuple(actual), (), ())
        targets = _span((y for r in rows for y in self._row_years(r, "targets")), self.first - 1)
        targets = sorted(set(targets) | {str(y) for y in fy_range(self.first, self.last)})
        named = [y for y in targets if FinancialYear.parse(y) <= self.first]
        future = [y for y in targets if y not in named]
        if future and not all(self._uniform(r, future) for r in rows):
            named, future = targets, []
        return Columns(tuple(actual), tuple(named), tuple(future))

    def _uniform(self, row: dict[str, Any], years: list[str]) -> bool:
        for values in self._value_sets(row):
            if len({values["targets"].get(y) for y in years}) > 1:
                return False
        return True

    def _value_sets(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        if row.get("value_codes"):
            return [
                {
                    "actuals": self.indicators.get(code, {}).get("actuals") or {},
                    "targets": self.indicators.get(code, {}).get("targets") or {},
                    "percent": self.indicators.get(code, {}).get("unit") == "percent",
                }
                for code in row["value_codes"]
            ]
        unassigned = row.get("unassigned") or {}
        return [
            {
                "actuals": unassigned.get("actuals") or {},
                "targets": unassigned.get("targets") or {},
                "percent": False,  # figures no single code owns: the unit is not known
            }
        ]

    # ------------------------------------------------------------------ cells

    def description(self, row: dict[str, Any], alias: dict[str, str]) -> tuple[str, list[str]]:
        """The description cell's lead text (with its codes) and list items (with theirs)."""
        codes = list(row.get("codes") or [])
        items = list(row.get("items") or [])
        lead = (row.get("title") or "").rstrip()
        stem = lead.rstrip(" :")
        owner = self._item_codes(stem, codes, items)
        lead_codes = [c for c in codes if c not in owner]
        printed = {c: alias.get(c, c) for c in codes}
        text = self._lead_with_codes(lead, stem, lead_codes, printed)
        if row.get("new"):
            text += " (New)"
        cells = []
        for index, item in enumerate(items):
            mine = [printed[c] for c in codes if owner.get(c) == index]
            cells.append(" ".join([item, *[f"({c})" for c in mine]]))
        return text, cells

    def _title(self, code: str) -> str:
        return (self.indicators.get(code) or {}).get("title") or ""

    def _item_codes(self, stem: str, codes: list[str], items: list[str]) -> dict[str, int]:
        """Which list item each code belongs to (from the titles "lead – item")."""
        if not items:
            return {}
        owner: dict[str, int] = {}
        for code in codes:
            title = self._title(code)
            for index, item in enumerate(items):
                if title == " – ".join(part for part in (stem, item) if part):
                    owner[code] = index
                    break
        if not owner and len(codes) >= len(items):
            owner = {code: i for i, code in enumerate(codes[len(codes) - len(items) :])}
        return owner

    def _lead_with_codes(
        self, lead: str, stem: str, codes: list[str], printed: dict[str, str]
    ) -> str:
        if not codes:
            return lead
        labels = {
            c: self._title(c)[len(stem) + 2 : -1]
            for c in codes
            if self._title(c).startswith(f"{stem} (") and self._title(c).endswith(")")
        }
        if len(codes) > 1 and labels:
            marks = [
                f"({printed[c]} – ({labels[c]}))" if c in labels else f"({printed[c]})"
                for c in codes
            ]
            return " ".join([lead, *marks])
        pieces = self._pieces(lead, codes) if len(codes) > 1 else None
        if pieces is None:
            return " ".join([lead, *[f"({printed[c]})" for c in codes]])
        return " ".join(
            f"{piece} ({printed[code]})" if piece else f"({printed[code]})"
            for piece, code in zip(pieces, codes, strict=True)
        )

    def _pieces(self, lead: str, codes: list[str]) -> list[str] | None:
        """The text before each code, read back from the later codes' titles ("lead – item")."""
        rest = lead
        pieces: list[str] = []
        for code in reversed(codes[1:]):
            title = self._title(code)
            found = None
            for at in range(len(title)):
                if title.startswith(" – ", at) and rest.endswith(title[at + 3 :]):
                    found = title[at + 3 :]
                    break
            if not found:
                return None
            pieces.insert(0, found)
            rest = rest[: -len(found)].rstrip()
        return [rest, *pieces]

    def value_cells(self, row: dict[str, Any], columns: Columns) -> list[str]:
        sets = self._value_sets(row)
        cells = []
        for key, years in (("actuals", columns.actual), ("targets", columns.target)):
            for year in years:
                cells.append(_joined(sets, key, [year]))
        if columns.future:
            cells.append(_joined(sets, "targets", list(columns.future)))
        return cells

    # ------------------------------------------------------------------ tables

    def blocks(self, caption: Captions) -> list[Block]:
        blocks: list[Block] = []
        framework = None
        place: tuple[str | None, str | None] = (None, None)
        for key, rows in _groups(self.rows):
            fw, section, objective = key
            if fw != framework or (place != (None, None) and (section, objective) == (None, None)):
                blocks.append(Heading(FRAMEWORK_HEADINGS[fw], 2))
                if fw in FRAMEWORK_TEXT and fw != framework:
                    blocks.append(Paragraph(FRAMEWORK_TEXT[fw]))
                framework, place = fw, (None, None)
            if (section, objective) != place and (section or objective):
                blocks.append(Heading(section or self._objective_heading(objective), 3))
            place = (section, objective)
            targeted = fw != "service_data"
            columns = self.columns(rows, targeted)
            header = self._header(fw, rows, columns)
            body = []
            for row in rows:
                text, items = self.description(row, self.alias_rows.get(id(row), {}))
                cells = [Cell(text, tuple(items)), *map(Cell, self.value_cells(row, columns))]
                cells.append(Cell(self._comment(row, targeted or "owners" in header[-1].lower())))
                body.append(tuple(cells))
            label = section or (objective and self._objective_title(objective)) or ""
            name = FRAMEWORK_CAPTIONS[fw]
            blocks.append(
                Table(
                    "measures",
                    caption(" – ".join(p for p in (name, label) if p)),
                    header,
                    tuple(body),
                )
            )
        return blocks

    def _header(self, framework: str, rows: list[dict[str, Any]], columns: Columns) -> tuple:
        if framework == "service_data":
            last = (
                "Owners and Comments including benchmarking data"
                if any(r.get("owners") for r in rows)
                else "Comments including benchmarking data"
            )
            return ("Service Data Description", *[f"Actual {y}" for y in columns.actual], last)
        return (
            "Indicator Description",
            *[f"Achieved {y}" for y in columns.actual],
            *[f"Target {y}" for y in columns.target],
            *(["Future Years"] if columns.future else []),
            "Indicator Owner and Comments (incl. benchmarking)",
        )

    def _comment(self, row: dict[str, Any], with_owners: bool) -> str:
        parts = [*(row.get("owners") or [])] if with_owners else []
        return " ".join([*parts, row.get("comments") or ""]).strip()

    def _objective_title(self, code: str) -> str:
        return self.objectives.get(code, code)

    def _objective_heading(self, code: str | None) -> str:
        return f"{self._objective_title(code or '')} ({code})"


def _joined(sets: list[dict[str, Any]], key: str, years: list[str]) -> str:
    """One figure per code in the row ("21 85%" for a paired cell); "-" where there is none."""
    return " ".join(number_cell(values[key].get(years[0]), values["percent"]) for values in sets)


def _groups(rows: list[dict[str, Any]]) -> list[tuple[tuple, list[dict[str, Any]]]]:
    """Consecutive rows of one framework, section and objective form one table."""
    groups: list[tuple[tuple, list[dict[str, Any]]]] = []
    for row in rows:
        fw = row["framework"]
        key = (
            fw,
            row.get("section") if fw == "service_data" else None,
            row.get("objective") if fw == "csi" else None,
        )
        if groups and groups[-1][0] == key:
            groups[-1][1].append(row)
        else:
            groups.append((key, [row]))
    return groups


def _all_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The printed rows, then a row per framework for any indicator no row names (Plan JSON from
    elsewhere may have indicators without ``measure_rows``)."""
    rows = list(data.get("measure_rows") or [])
    named = {code for row in rows for code in row.get("codes") or []}
    extra: list[dict[str, Any]] = []
    for ind in data["indicators"]:
        if ind["code"] in named:
            continue
        for fw in ind.get("frameworks") or ["service_data"]:
            extra.append(
                {
                    "framework": fw,
                    "section": ind.get("section") if fw == "service_data" else None,
                    "objective": ind.get("objective") if fw == "csi" else None,
                    "title": ind["title"],
                    "items": [],
                    "codes": [ind["code"]],
                    "value_codes": [ind["code"]],
                    "owners": list(ind.get("owners") or []),
                    "comments": ind.get("comments"),
                    "unassigned": None,
                }
            )
    extra.sort(key=lambda r: FRAMEWORK_ORDER.index(r["framework"]))
    return rows + extra


def _alias_rows(
    rows: list[dict[str, Any]], indicators: dict[str, dict[str, Any]]
) -> dict[int, dict[str, str]]:
    """Which row prints an indicator's other spelling: its aliases go, in order, on the last rows
    that name it, as the seed prints ``ComS_24`` in the CSI table after ``ComS_024`` above."""
    naming: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        for code in row.get("codes") or []:
            naming.setdefault(code, []).append(row)
    out: dict[int, dict[str, str]] = {}
    for code, ind in indicators.items():
        aliases = list(ind.get("aliases") or [])
        if not aliases or code not in naming:
            continue
        chosen = naming[code][-len(aliases) :]
        for row, alias in zip(chosen, aliases[-len(chosen) :], strict=True):
            out.setdefault(id(row), {})[code] = alias
    return out


def measure_blocks(data: dict[str, Any], caption: Captions) -> list[Block]:
    """Section 3's headings, introductory text and tables in document order."""
    return MeasureTables(data).blocks(caption)
