"""Cell parsers: one printed table cell in, one value out.

Pure functions with no state. Each either returns a value or raises ``ValueError`` with a message a
user can act on, so the caller decides whether a bad cell is a finding or a format error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from dataclasses import dataclass, field

from civicplan.core.fy import FinancialYear
from civicplan.core.numbers import too_large

# Only real HTML tag names: "<https://…>" links and "x < 3" must survive.
_TAG = re.compile(
    r"</?(?:p|ul|ol|li|br|span|div|strong|b|i|em|u|font|a|h[1-6]|sup|sub)\b[^<>]*/?>", re.I
)
_LIST_START = re.compile(r"<(?:ul|ol)\b[^<>]*>", re.I)
_LI = re.compile(r"<li\b[^<>]*>", re.I)
_BOLD = re.compile(r"\*\*")
_SPACE = re.compile(r"\s+")
_BULLET = "•"


def clean_text(text: str) -> str:
    """Plain text of a cell: tags and bold markers removed, entities decoded, spaces collapsed."""
    if "<" not in text and "*" not in text and "&" not in text:
        return " ".join(text.split())  # the common case, without the regular expressions
    text = _TAG.sub(" ", _BOLD.sub("", text))
    return _SPACE.sub(" ", html.unescape(text)).strip()


def split_list(text: str) -> tuple[str, list[str]]:
    """Lead text and list items of a cell.

    Items come from ``<li>`` elements or from "•" separators (after a ``<ul>`` or on their own),
    because the converter that wrote the text flattened lists both ways.
    """
    start = _LIST_START.search(text)
    lead, rest = (text[: start.start()], text[start.end() :]) if start else (text, "")
    if not start and _BULLET in text:
        lead, _, rest = text.partition(_BULLET)
        rest = _BULLET + rest
    pieces = _LI.split(rest) if _LI.search(rest) else rest.split(_BULLET)
    items = [clean_text(piece) for piece in pieces]
    return clean_text(lead), [item for item in items if item]


# ---------------------------------------------------------------- numbers


@dataclass(frozen=True, slots=True)
class Number:
    """A printed figure: its value (``None`` for "-" or blank) and whether it carried a % sign."""

    value: int | float | None
    percent: bool = False


_NUMBER = re.compile(
    r"^(?P<minus>[-−–])?\s*£?\s*(?P<open>\()?\s*£?\s*"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?\s*(?P<close>\))?\s*(?P<pct>%)?$"
)
_EMPTY_NUMBER = {"", "-", "–", "—", "n/a", "na", "nil"}


def parse_number(text: str) -> Number:
    """Read "7,162", "37%", "57.7%", "(20,000)" (negative) or "-"/blank (no value)."""
    raw = text.strip()
    if raw.lower() in _EMPTY_NUMBER:
        return Number(None)
    match = _NUMBER.match(raw)
    if (
        not match
        or bool(match["open"]) != bool(match["close"])
        or (match["open"] and match["minus"])
    ):
        raise ValueError(f"{raw!r} is not a number such as 7,162, 37% or (20,000)")
    digits = match["int"].replace(",", "")
    value: int | float = float(digits + match["dec"]) if match["dec"] else int(digits)
    if match["open"] or match["minus"]:
        value = -value
    if too_large(value):
        raise ValueError(
            f"{raw!r} has more digits than a figure can have (under 1,000,000,000,000)"
        )
    return Number(value, percent=bool(match["pct"]))


def parse_numbers(text: str) -> list[Number]:
    """Every figure printed in a cell: one normally, two for a paired cell such as "21 85%"."""
    raw = text.strip()
    if raw.lower() in _EMPTY_NUMBER:
        return []
    return [parse_number(part) for part in raw.split()]


# ---------------------------------------------------------------- dates

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
# Season → (years to add, last month): "winter 2025" ends in February 2026.
_SEASONS = {
    "spring": (0, 5),
    "summer": (0, 8),
    "autumn": (0, 11),
    "fall": (0, 11),
    "winter": (1, 2),
}
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SEASON_WORDS = "|".join(_SEASONS)
DATE_PATTERN = (
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTH_WORDS})\.?,?\s+|(?:{_SEASON_WORDS})\s+)?"
    r"(?:19|20|21)\d\d"
)
_DATE_RE = re.compile(rf"\b{DATE_PATTERN}\b", re.I)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> dt.date:
    """Read "March 2028" (last day of the month), "Summer 2025" (last day of the season),
    "2026" (31 December), "31 March 2027", "31/03/2027" or "2027-03-31"."""
    raw = clean_text(text).strip(" .")
    numeric = _NUMERIC_DATE.match(raw)
    if numeric:
        if numeric[1]:
            day, month, year = numeric[1], numeric[2], numeric[3]
        else:
            year, month, day = numeric[4], numeric[5], numeric[6]
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValueError(f"{raw!r} is not a real date") from exc
    words = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw.lower().replace(",", " ")).split()
    if not words or not re.fullmatch(r"\d{4}", words[-1]) or not 1900 <= int(words[-1]) <= 2199:
        raise ValueError(f"{raw!r} is not a date such as March 2028, Summer 2025 or 2026")
    year = int(words[-1])
    head = [word.rstrip(".") for word in words[:-1]]
    if not head:
        return dt.date(year, 12, 31)
    if len(head) == 1 and head[0] in _SEASONS:
        add, month = _SEASONS[head[0]]
        return _month_end(year + add, month)
    if head[-1] in _MONTHS and len(head) <= 2:
        month = _MONTHS[head[-1]]
        if len(head) == 1:
            return _month_end(year, month)
        if head[0].isdigit():
            try:
                return dt.date(year, month, int(head[0]))
            except ValueError as exc:
                raise ValueError(f"{raw!r} is not a real date") from exc
    raise ValueError(f"{raw!r} is not a date such as March 2028, Summer 2025 or 2026")


@dataclass(frozen=True, slots=True)
class Renewal:
    """A renewal cell as printed and as read: a date, a recurrence, or neither."""

    text: str
    date: dt.date | None
    recurrence: str | None

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "date": self.date.isoformat() if self.date else None,
            "recurrence": self.recurrence,
        }


_ANNUAL = re.compile(r"\bannual(ly)?\b|\byearly\b|\bevery year\b|\beach year\b", re.I)
_CONTINUOUS = re.compile(r"\b(constant|continuous|ongoing|rolling)\b|\bunder review\b", re.I)


def parse_renewal(text: str) -> Renewal:
    """Read a renewal cell. A named due date wins ("2024 due Summer 2025 – awaited" → Aug 2025);
    "Updated annually"/"Annual Plan" recur annually, "Under constant review" continuously."""
    printed = clean_text(text)
    due = re.search(r"\bdue\b(.*)$", printed, re.I)
    for source in ([due[1]] if due else []) + [printed]:
        match = _DATE_RE.search(source)
        if match:
            try:
                return Renewal(printed, parse_date(match[0]), None)
            except ValueError:
                continue
    if _ANNUAL.search(printed):
        return Renewal(printed, None, "annual")
    if _CONTINUOUS.search(printed):
        return Renewal(printed, None, "continuous")
    return Renewal(printed, None, None)


_TRAILING_DATE = re.compile(rf"(?:^|\s)(?P<date>{DATE_PATTERN})\s*[.,;]?\s*$", re.I)


def split_trailing_date(text: str) -> tuple[str, dt.date | None, str | None]:
    """Split "Head of X Manager March 2028" into ("Head of X Manager", 2028-03-31, "March 2028")."""
    printed = clean_text(text)
    match = _TRAILING_DATE.search(printed)
    if not match:
        return printed, None, None
    try:
        date = parse_date(match["date"])
    except ValueError:
        return printed, None, None
    return printed[: match.start()].strip(" ,;"), date, match["date"].strip()


# ---------------------------------------------------------------- years and periods

_FY_IN_TEXT = re.compile(r"(?<!\d)(\d{4})\s*[/–-]\s*(\d{4}|\d{2})(?!\d)")


def find_year(text: str) -> str | None:
    """The financial year named in a header such as "Actual 2022/23" or "2026/27 Budget £"."""
    for match in _FY_IN_TEXT.finditer(text):
        try:
            return str(FinancialYear.parse(f"{match[1]}/{match[2]}"))
        except ValueError:
            continue
    return None


def plan_period(text: str) -> tuple[str, str] | None:
    """First and last financial years of "… 2026–2029" (three years) or "2026/27 – 2028/29"."""
    years = [year for m in _FY_IN_TEXT.finditer(text) if (year := find_year(m[0]))]
    if len(years) >= 2 and "/" in text:
        return years[0], years[-1]
    match = re.search(r"(?<!\d)((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)?\d\d)(?!\d)", text)
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    end = end if end > 99 else start // 100 * 100 + end
    if end <= start:
        return None
    return str(FinancialYear(start)), str(FinancialYear(end - 1))


# ---------------------------------------------------------------- codes

INDICATOR_CODE = r"[A-Za-z][A-Za-z0-9]*?_\d{1,4}[A-Za-z]?"
_INDICATOR_FULL = re.compile(r"^([A-Za-z][A-Za-z0-9]*?)_(\d{1,4})([A-Za-z]?)$")
_CODE_IN_PARENS = re.compile(
    rf"\(\s*(?P<code>{INDICATOR_CODE})\s*(?:[–—-]\s*\((?P<label>[^()]*)\)\s*)?\)"
)
_NEW = re.compile(r"\(\s*new\s*\)", re.I)


def normalise_indicator_code(code: str) -> str:
    """ "ComS_24" → "ComS_024", "ComS_012A" → "ComS_012a": three digits, lower-case suffix."""
    match = _INDICATOR_FULL.match(code.strip())
    if not match:
        raise ValueError(f"{code!r} is not an indicator code such as ComS_001 or ComS_012a")
    return f"{match[1]}_{int(match[2]):03d}{match[3].lower()}"


@dataclass(frozen=True, slots=True)
class Code:
    """An indicator code as printed, with the text that precedes it and its label, if any."""

    printed: str
    code: str
    label: str | None
    before: str


@dataclass(slots=True)
class Description:
    """A measure's description cell taken apart: lead text, codes, list items and their codes."""

    lead: str
    lead_codes: list[Code]
    items: list[tuple[str, list[Code]]] = field(default_factory=list)
    new: bool = False

    @property
    def codes(self) -> list[Code]:
        return self.lead_codes + [code for _, codes in self.items for code in codes]


def _take_codes(text: str) -> tuple[str, list[Code]]:
    """Remove "(ComS_001)" codes from text, keeping the words before each code."""
    codes, kept, last = [], [], 0
    for match in _CODE_IN_PARENS.finditer(text):
        before = text[last : match.start()]
        kept.append(before)
        label = clean_text(match["label"]) if match["label"] is not None else None
        printed = match["code"]
        codes.append(Code(printed, normalise_indicator_code(printed), label, clean_text(before)))
        last = match.end()
    kept.append(text[last:])
    return clean_text(" ".join(kept)), codes


def parse_description(text: str) -> Description:
    """Split a measure description into lead text, its codes, list items and "(New)"."""
    new = bool(_NEW.search(text))
    lead, items = split_list(_NEW.sub(" ", text))
    lead_text, lead_codes = _take_codes(lead)
    return Description(lead_text, lead_codes, [_take_codes(item) for item in items], new)


_ACTION_CODE = r"[A-Za-z][A-Za-z0-9&.]*_[A-Za-z0-9&.]*"
_ACTION_AT_END = re.compile(rf"(?:^|\s)(?P<code>{_ACTION_CODE})\s*$")


def split_action_code(text: str) -> tuple[str, str | None, bool]:
    """Split "Review ASB Policy … BCRPASB_29 (New)" into title, code as printed and the new flag."""
    printed = clean_text(text)
    new = bool(_NEW.search(printed))
    rest = _NEW.sub(" ", printed).strip()
    match = _ACTION_AT_END.search(rest)
    if not match:
        return rest, None, new
    return rest[: match.start()].strip(), match["code"].rstrip("."), new


def split_action_codes(text: str) -> tuple[str, list[str]]:
    """Split "Review Policies BCRPASB_29 BCRPASB_30" into the task and its codes as printed."""
    rest = clean_text(text)
    codes: list[str] = []
    while match := _ACTION_AT_END.search(rest):
        codes.insert(0, match["code"].rstrip("."))
        rest = rest[: match.start()].rstrip()
    return rest, codes


def is_incomplete_action_code(code: str) -> bool:
    """True for a code cut short after its underscore, such as "BCRP_"."""
    return not re.search(r"_[A-Za-z0-9&.]*\d", code)


def parse_covered(text: str) -> tuple[bool | None, list[int]]:
    """Read "Yes – Risks 2, 7, 13, and 21" as (True, [2, 7, 13, 21])."""
    printed = clean_text(text)
    answer = re.match(r"\s*(yes|no)\b", printed, re.I)
    covered = None if not answer else answer[1].lower() == "yes"
    tail = printed[answer.end() :] if answer else printed
    return covered, [int(number) for number in re.findall(r"\d+", tail)]
