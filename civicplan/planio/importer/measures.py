"""Measures tables (service data, CSI, KPI, MPI) → ``measure_rows`` and merged ``indicators``.

Every row is kept as printed (``measure_rows``, to rebuild the document); every code becomes one
indicator whatever number of tables list it. Rows that name several codes but print one value per
year are resolved in a second pass against the values the other tables give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from civicplan.core.fy import FinancialYear, fy_range

from .cells import Description, Number, clean_text, find_year, parse_description, parse_numbers
from .context import Context
from .reader import PlanFormatError, Section, Table, Text

FRAMEWORKS = ("service_data", "csi", "kpi", "mpi")
TARGETED = frozenset({"csi", "kpi", "mpi"})
_FRAMEWORK_HEADINGS = (
    ("service_data", re.compile(r"service data|baseline", re.I)),
    ("csi", re.compile(r"critical success|\(csi\)", re.I)),
    ("kpi", re.compile(r"key performance|\(kpi\)", re.I)),
    ("mpi", re.compile(r"management performance|\(mpi\)", re.I)),
)
_OBJECTIVE_HEADING = re.compile(r"\(\s*([A-Z]{1,6}\d{1,2})\s*\)\s*:?\s*$")
_ITEM_START = re.compile(r"^(?P<lead>.+?)\s+(?P<item>(?:No\.|Nos?\b|Number|Total|%|Percentage).*)$")
_PERCENT_TITLE = re.compile(r"\(%\)|%\s*$|% of\b|\bper ?cent\b|\bpercentage\b", re.I)
_STATED = (
    ("lower", re.compile(r"^(reduction|reduce|reducing|decrease|fewer|lower)\b", re.I)),
    ("higher", re.compile(r"^(increase|increasing|improve|improvement in|more)\b", re.I)),
)
_INFER_LOWER = re.compile(r"\brepeats?\b|\bre-?referr|\bre-?offend", re.I)
_INFER_HIGHER = re.compile(
    r"\binspect|\bcomplet|\brespond|\bwithin \d+ (working )?days?\b|\bfeel(s|ing)? safe\b"
    r"|\bsatisf|\bget on well\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Column:
    role: str  # description | actual | target | future | owners | comments
    year: str | None = None


@dataclass(slots=True)
class Values:
    actuals: dict[str, int | float] = field(default_factory=dict)
    targets: dict[str, int | float] = field(default_factory=dict)
    percent: bool = False

    def empty(self) -> bool:
        return not self.actuals and not self.targets


@dataclass(slots=True)
class MeasureRow:
    line: int
    framework: str
    section: str | None
    objective: str | None
    desc: Description
    codes: list[str]
    titles: dict[str, str]
    values: list[Values]
    owners: list[str]
    comments: str
    value_codes: list[str] = field(default_factory=list)
    unassigned: dict | None = None


@dataclass(slots=True)
class Indicator:
    code: str
    line: int
    title: str
    aliases: list[str] = field(default_factory=list)
    frameworks: set[str] = field(default_factory=set)
    objective: str | None = None
    section: str | None = None
    owners: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    actuals: dict[str, int | float] = field(default_factory=dict)
    targets: dict[str, int | float] = field(default_factory=dict)
    percent: bool = False
    wording: list[str] = field(default_factory=list)


def measure_columns(table: Table) -> list[Column]:
    """Roles of a measures table's columns, found by header text (years may be any, any count)."""
    columns = [Column("description")]
    for cell in table.header[1:]:
        text, year = clean_text(cell).lower(), find_year(cell)
        if "future" in text:
            columns.append(Column("future"))
        elif "target" in text and year:
            columns.append(Column("target", year))
        elif re.search(r"actual|achieved|outturn|result", text) and year:
            columns.append(Column("actual", year))
        elif "owner" in text:
            columns.append(Column("owners"))
        elif re.search(r"comment|note|benchmark", text):
            columns.append(Column("comments"))
        else:
            raise PlanFormatError(
                f"the measures table column '{clean_text(cell)}' is not recognised; expected "
                "Actual/Achieved YYYY/YY, Target YYYY/YY, Future Years, or an owner or comments "
                "column",
                table.line,
            )
    return columns


class MeasuresReader:
    """Reads section 3 in document order, then resolves rows whose values are ambiguous."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rows: list[MeasureRow] = []
        self.indicators: dict[str, Indicator] = {}
        self.spellings: set[str] = set()
        self.pending: list[MeasureRow] = []

    def read(self, section: Section) -> None:
        framework = section_name = objective = None
        for item in section.items:
            if isinstance(item, Text) and _is_heading(item.text):
                named = next((fw for fw, rx in _FRAMEWORK_HEADINGS if rx.search(item.text)), None)
                code = _OBJECTIVE_HEADING.search(item.text)
                if named:
                    framework, section_name, objective = named, None, None
                elif code:
                    objective = code[1]
                elif framework == "service_data":
                    section_name = item.text
            elif isinstance(item, Table) and item.kind == "measures":
                fw = framework or _framework_from_header(item)
                if fw == "service_data" and any("target" in c.lower() for c in item.header):
                    raise PlanFormatError(
                        "this measures table has targets but comes under the Service Data "
                        "heading; put a heading such as 'Critical Success Indicators (CSI)' "
                        "above it",
                        item.line,
                    )
                self._table(item, fw, section_name if fw == "service_data" else None, objective)
        for row in self.pending:
            self._resolve(row)

    def _table(self, table: Table, framework: str, section: str | None, objective: str | None):
        columns = measure_columns(table)
        future = self._future_years(columns)
        for source in table.rows:
            desc = parse_description(source.cells[0])
            codes = list(dict.fromkeys(code.code for code in desc.codes))
            owners: list[str] = []
            comments = []
            for column, cell in zip(columns, source.cells, strict=True):
                if column.role == "owners":
                    posts, comment = self.ctx.posts.leading(clean_text(cell))
                    self.ctx.posts.learn(posts)
                    owners += [self.ctx.post_names.note(post, source.line) for post in posts]
                    comments.append(comment)
                elif column.role == "comments":
                    comments.append(clean_text(cell))
            row = MeasureRow(
                source.line,
                framework,
                section,
                objective if framework == "csi" else None,
                desc,
                codes,
                _titles(desc),
                self._values(source, columns, future),
                owners,
                " ".join(comment for comment in comments if comment),
            )
            self.ctx.index[("measure_row", len(self.rows))] = source.line
            self.rows.append(row)
            self._note_codes(row)
            self._assign_direct(row)

    def _future_years(self, columns: list[Column]) -> list[str]:
        """Years the "Future Years" column stands for: after the last named target year (or the
        last actual year when no target year is named) up to the plan's last year."""
        named = [c.year for c in columns if c.role == "target" and c.year]
        named = named or [c.year for c in columns if c.role == "actual" and c.year]
        if not named:
            return []
        after = FinancialYear.parse(max(named)) + 1
        last = FinancialYear.parse(self.ctx.last_year)
        return [str(year) for year in fy_range(after, last)] if after <= last else []

    def _values(self, source, columns: list[Column], future: list[str]) -> list[Values]:
        """Figures per position in the cell: one list entry normally, two for a paired cell."""
        values: list[Values] = []
        for column, cell in zip(columns, source.cells, strict=True):
            if column.role not in {"actual", "target", "future"}:
                continue
            try:
                numbers = parse_numbers(clean_text(cell))
            except ValueError as error:
                self.ctx.finding("value_unreadable", source.line, f"{error}; read as no value.")
                continue
            while len(values) < len(numbers):
                values.append(Values())
            for position, number in enumerate(numbers):
                _put(values[position], column, future, number)
        return values

    def _note_codes(self, row: MeasureRow) -> None:
        """Create indicators on first mention and record every spelling, framework and owner."""
        if not row.codes:
            self.ctx.finding(
                "measure_code_missing",
                row.line,
                f"the measure '{row.desc.lead[:80]}' has no code such as (ComS_001); its values "
                "cannot be linked to an indicator.",
            )
        for code in row.desc.codes:
            ind = self.indicators.get(code.code)
            if ind is None:
                ind = self.indicators[code.code] = Indicator(
                    code.code, row.line, row.titles.get(code.code) or row.desc.lead
                )
                self.ctx.index[("indicator", code.code)] = row.line
            if code.printed != code.code and code.printed not in ind.aliases:
                ind.aliases.append(code.printed)
            if code.printed != code.code and code.printed not in self.spellings:
                self.spellings.add(code.printed)
                self.ctx.finding(
                    "code_written_differently",
                    row.line,
                    f"the indicator code {code.printed} is read as {code.code} (three-digit "
                    "number, as elsewhere in the plan).",
                    code.code,
                )
        for key in row.codes:
            ind = self.indicators[key]
            ind.frameworks.add(row.framework)
            ind.objective = ind.objective or row.objective
            ind.section = ind.section or row.section
            ind.owners += [owner for owner in row.owners if owner not in ind.owners]
            if row.comments and row.comments not in ind.comments:
                ind.comments.append(row.comments)
            ind.percent = ind.percent or bool(_PERCENT_TITLE.search(row.titles.get(key, "")))
            if row.framework in TARGETED:
                ind.wording.append(row.titles.get(key, row.desc.lead))

    def _assign_direct(self, row: MeasureRow) -> None:
        """Values that belong to one code: a single-code row, or a paired cell ("21 85%")."""
        positions = len(row.values)
        if (len(row.codes) == 1 and positions <= 1) or positions == len(row.codes) > 1:
            for code, values in zip(row.codes, row.values, strict=False):
                self._merge(row, code, values)
            row.value_codes = list(row.codes) if positions else row.codes[:1]
        elif positions == 1 and row.codes:
            self.pending.append(row)
        elif positions:
            if row.codes:
                self.ctx.finding(
                    "value_unreadable",
                    row.line,
                    f"cells print {positions} figures but the row names {len(row.codes)} "
                    "code(s); the values are kept unassigned.",
                )
            row.unassigned = _as_dict(row.values[0])

    def _resolve(self, row: MeasureRow) -> None:
        """One value per year for several codes: match another table, else the lead code."""
        values = row.values[0]
        match = [code for code in row.codes if self._same_values(code, values)]
        lead = [c.code for c in row.desc.lead_codes]
        subs = [c.code for _, codes in row.desc.items for c in codes]
        codes = ", ".join(row.codes)
        if len(match) == 1:
            code, why = match[0], f"they equal the values printed for {match[0]} elsewhere"
        elif len(lead) == 1 and subs and all(sub.startswith(lead[0]) for sub in subs):
            code, why = lead[0], f"the list items are sub-measures of {lead[0]}"
        else:
            row.unassigned = _as_dict(values)
            self.ctx.finding(
                "several_measures_one_value",
                row.line,
                f"the row names {codes} but prints one value per year; it is not clear which "
                "code they belong to, so they are kept unassigned.",
            )
            return
        self._merge(row, code, values)
        row.value_codes = [code]
        self.ctx.finding(
            "several_measures_one_value",
            row.line,
            f"the row names {codes} but prints one value per year; {why}, so they are read as "
            f"{code}.",
            code,
        )

    def _same_values(self, code: str, values: Values) -> bool:
        ind = self.indicators[code]
        mine, theirs = (
            (values.actuals, ind.actuals) if values.actuals else (values.targets, ind.targets)
        )
        common = mine.keys() & theirs.keys()
        return bool(common) and all(mine[year] == theirs[year] for year in common)

    def _merge(self, row: MeasureRow, code: str, values: Values) -> None:
        """Add a row's values to its indicator; the first table printed wins a disagreement."""
        ind = self.indicators[code]
        ind.percent = ind.percent or values.percent
        for kind, mine, theirs in (
            ("actuals", values.actuals, ind.actuals),
            ("targets", values.targets, ind.targets),
        ):
            differ = [y for y in mine if y in theirs and theirs[y] != mine[y]]
            for year, value in mine.items():
                theirs.setdefault(year, value)
            if differ:
                said = ", ".join(f"{y}: {_fmt(theirs[y])} vs {_fmt(mine[y])}" for y in differ)
                self.ctx.finding(
                    "values_disagree",
                    row.line,
                    f"{code} {kind} differ from those printed earlier ({said}); the earlier "
                    "values are kept.",
                )

    def result(self) -> tuple[list[dict], list[dict]]:
        """``measure_rows`` and ``indicators`` as Plan JSON."""
        rows = [_row_dict(row) for row in self.rows]
        indicators = [self._indicator_dict(ind) for ind in self.indicators.values()]
        return rows, indicators

    def _indicator_dict(self, ind: Indicator) -> dict:
        stem = ind.code[:-1] if ind.code[-1].isalpha() else None
        polarity, source = _polarity(ind)
        return {
            "code": ind.code,
            "aliases": ind.aliases,
            "title": ind.title.rstrip(" :"),
            "unit": "percent" if ind.percent else "count",
            "polarity": polarity,
            "polarity_source": source,
            "frameworks": [fw for fw in FRAMEWORKS if fw in ind.frameworks],
            "objective": ind.objective,
            "section": ind.section,
            "parent": stem if stem in self.indicators else None,
            "owners": ind.owners,
            "comments": "\n".join(ind.comments) or None,
            "actuals": dict(sorted(ind.actuals.items())),
            "targets": dict(sorted(ind.targets.items())),
        }


def _is_heading(text: str) -> bool:
    return len(text) <= 120 and not text.rstrip().endswith((".", ":"))


def _framework_from_header(table: Table) -> str:
    if "service data" in clean_text(table.header[0]).lower():
        return "service_data"
    raise PlanFormatError(
        "this measures table has no heading above it saying which set it belongs to "
        "(Service Data, Critical Success Indicators (CSI), Key Performance Indicators (KPI) or "
        "Management Performance Indicators (MPI))",
        table.line,
    )


def _put(values: Values, column: Column, future: list[str], number: Number) -> None:
    if number.value is None:
        return
    values.percent = values.percent or number.percent
    if column.role == "actual" and column.year:
        values.actuals[column.year] = number.value
    elif column.role == "target" and column.year:
        values.targets[column.year] = number.value
    else:
        for year in future:
            values.targets[year] = number.value


def _titles(desc: Description) -> dict[str, str]:
    """Each code's own title: the lead, "lead – item" for list items and inline sub-measures."""
    lead = desc.lead.rstrip(" :")
    titles: dict[str, str] = {}
    codes = desc.lead_codes
    if len(codes) == 1:
        titles[codes[0].code] = lead
    elif any(code.label for code in codes):
        for code in codes:
            titles[code.code] = f"{lead} ({code.label})" if code.label else lead
    elif codes:
        split = _ITEM_START.match(codes[0].before)
        first_lead, first_item = (split["lead"], split["item"]) if split else ("", codes[0].before)
        for number, code in enumerate(codes):
            item = first_item if number == 0 else code.before
            titles[code.code] = " – ".join(part for part in (first_lead, item) if part)
    for text, item_codes in desc.items:
        for code in item_codes:
            titles.setdefault(code.code, " – ".join(part for part in (lead, text) if part))
    return titles


def _polarity(ind: Indicator) -> tuple[str | None, str | None]:
    """Stated by the wording ("Reduction in …"), else inferred; nothing to judge without targets."""
    if not ind.targets:
        return None, None
    for text in ind.wording:
        for polarity, pattern in _STATED:
            if pattern.search(text):
                return polarity, "stated"
    words = " ".join([*ind.wording, ind.title])
    if _INFER_LOWER.search(words):
        return "lower", "inferred"
    if _INFER_HIGHER.search(words):
        return "higher", "inferred"
    years = sorted(ind.targets)
    baseline = ind.actuals[max(ind.actuals)] if ind.actuals else ind.targets[years[0]]
    later = [ind.targets[y] for y in years if not ind.actuals or y > max(ind.actuals)]
    target = later[-1] if later else ind.targets[years[-1]]
    if target == baseline:
        return None, None
    return ("higher" if target > baseline else "lower"), "inferred"


def _as_dict(values: Values) -> dict:
    return {"actuals": dict(values.actuals), "targets": dict(values.targets)}


def _fmt(value: int | float) -> str:
    return f"{value:,}"


def _row_dict(row: MeasureRow) -> dict:
    return {
        "framework": row.framework,
        "section": row.section,
        "objective": row.objective,
        "title": row.desc.lead,
        "items": [text for text, _ in row.desc.items],
        "codes": row.codes,
        "value_codes": row.value_codes,
        "owners": row.owners,
        "comments": row.comments,
        "unassigned": row.unassigned,
        "new": row.desc.new,
    }
