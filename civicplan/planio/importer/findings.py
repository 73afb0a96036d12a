"""Data-quality checks on a Plan JSON dict.

They need only the dict, so a Plan JSON import gets the same report as a text import; when the dict
came from text, ``locate(kind, key)`` gives the source line (kinds: policy, action, key_task,
budget_line, indicator, measure_row, register; keys are list positions or indicator codes).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable

from civicplan.core.fy import FinancialYear

from .cells import is_incomplete_action_code
from .vocab import looks_cut_short, name_key

Locate = Callable[[str, object], int | None]
_CODE_PARTS = re.compile(r"^([A-Za-z&]+)(\d*)_(.*)$")
_RATIO_TOLERANCE = 1.0  # percentage points: printed percentages are rounded


def check_plan(data: dict, *, as_of: dt.date, locate: Locate | None = None) -> list[dict]:
    """Every dict-level finding, in no particular order (the caller sorts by line)."""
    where: Locate = locate or (lambda kind, key: None)
    checks = (
        _incomplete_codes,
        _code_case,
        _unknown_codes,
        _due_before_plan,
        _renewals_passed,
        _targets_missing,
        _ratios,
        _truncated_text,
        _unknown_register_risks,
        _unknown_objectives,
    )
    return [found for check in checks for found in check(data, as_of, where)]


def finding(kind: str, line: int | None, message: str, suggestion: str | None = None) -> dict:
    return {"kind": kind, "line": line, "message": message, "suggestion": suggestion}


def _incomplete_codes(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    for index, action in enumerate(data.get("actions", [])):
        code = action.get("code")
        if code and is_incomplete_action_code(code):
            yield finding(
                "incomplete_action_code",
                where("action", index),
                f"the key task '{action['title']}' has the code {code}, which stops after the "
                "underscore; its number is missing.",
            )


def _code_case(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    """A code whose letters are cased unlike the rest of its family (ComS2629 among COMS2629)."""
    codes = [(i, a["code"]) for i, a in enumerate(data.get("actions", [])) if a.get("code")]
    spellings: dict[str, Counter] = {}
    for _, code in codes:
        stem = code.split("_")[0]
        spellings.setdefault(stem.upper(), Counter())[stem] += 1
    for index, code in codes:
        stem = code.split("_")[0]
        usual, count = spellings[stem.upper()].most_common(1)[0]
        if stem != usual and count > spellings[stem.upper()][stem]:
            yield finding(
                "action_code_case_differs",
                where("action", index),
                f"the code {code} is cased differently from the other {usual}_ codes; it is kept "
                "as printed.",
                usual + code[len(stem) :],
            )


def _unknown_codes(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    """Codes in the key-task risks or the budget that no key task has, with the likeliest one."""
    actions = [a for a in data.get("actions", []) if a.get("code")]
    known = {a["code"].lower() for a in actions}
    by_title = {name_key(a["title"]): a["code"] for a in actions}
    guesser = _CodeGuesser([a["code"] for a in actions])
    risks = data.get("risks", {}).get("key_tasks", [])
    for index, risk in enumerate(risks):
        listed = {code.lower() for code in risk["actions"]}
        unknown = [code for code in risk["actions"] if code.lower() not in known]
        titled = by_title.get(name_key(risk["task"]))
        for code in unknown:
            guess = (
                titled if titled and titled.lower() not in listed and len(unknown) == 1 else None
            )
            guess = guess or guesser.closest(code, listed)
            yield _unknown(code, where("key_task", index), f"key task '{risk['task']}'", guess)
    for index, line in enumerate(data.get("budget_lines", [])):
        code = line.get("action") or ""
        if "_" in code and " " not in code and code.lower() not in known:
            guess = guesser.closest(code, set())
            yield _unknown(code, where("budget_line", index), "budget line", guess)


def _unknown(code: str, line: int | None, place: str, guess: str | None) -> dict:
    hint = f"; did you mean {guess}?" if guess else "."
    return finding(
        "unknown_action_code", line, f"the {place} names {code}, which no key task has{hint}", guess
    )


class _CodeGuesser:
    """The real code most like a mistyped one: the same number after the underscore weighs most,
    then the letters (the series), then the years. Codes sharing the number are tried first, so
    a long plan does not compare every unknown code with every key task."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = list(dict.fromkeys(codes))
        self.by_number: dict[str, list[str]] = {}
        self.memo: dict[tuple[str, frozenset[str]], str | None] = {}
        for code in self.codes:
            self.by_number.setdefault(code.split("_", 1)[-1].upper(), []).append(code)

    def closest(self, code: str, exclude: set[str]) -> str | None:
        key = (code.upper(), frozenset(exclude))
        if key not in self.memo:
            self.memo[key] = self._closest(code, exclude)
        return self.memo[key]

    def _closest(self, code: str, exclude: set[str]) -> str | None:
        same = self.by_number.get(code.split("_", 1)[-1].upper(), [])
        for candidates in (same, self.codes):
            scored = [(_code_score(code, c), c) for c in candidates if c.lower() not in exclude]
            if scored:
                score, best = max(scored, key=lambda pair: pair[0])
                if score >= 3.5:
                    return best
        return None


def _code_score(code: str, other: str) -> float:
    a, b = code.upper(), other.upper()
    whole = difflib.SequenceMatcher(None, a, b).ratio()
    pa, pb = _CODE_PARTS.match(a), _CODE_PARTS.match(b)
    if not pa or not pb:
        return 4 * whole
    suffix = 1.0 if pa[3] == pb[3] else 0.5 * difflib.SequenceMatcher(None, pa[3], pb[3]).ratio()
    letters = difflib.SequenceMatcher(None, pa[1], pb[1]).ratio()
    years = difflib.SequenceMatcher(None, pa[2], pb[2]).ratio() if pa[2] and pb[2] else 0.0
    return 3 * suffix + 1.5 * letters + 0.5 * years + whole


def _first_day(data: dict) -> dt.date | None:
    try:
        return FinancialYear.parse(data["plan"]["period"]["first_year"]).first_day
    except (KeyError, TypeError, ValueError):
        return None


def _due_before_plan(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    start = _first_day(data)
    for index, action in enumerate(data.get("actions", [])):
        due = _date(action.get("target_date"))
        if start and due and due < start:
            yield finding(
                "task_due_before_plan",
                where("action", index),
                f"the key task {action.get('code') or action['title']} is due "
                f"{action.get('target_date_text') or due.isoformat()}, before the plan starts on "
                f"{_day(start)}.",
            )


def _renewals_passed(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    for index, policy in enumerate(data.get("policies", [])):
        renewal = policy.get("renewal") or {}
        due = _date(renewal.get("date"))
        if due and due < as_of:
            yield finding(
                "policy_renewal_passed",
                where("policy", index),
                f"'{policy['title']}' was due for renewal by {_day(due)} "
                f"(printed '{renewal.get('text')}'), before {_day(as_of)}.",
            )


def _targets_missing(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    """CSI, KPI and MPI measures are judged against targets; one without is not judged."""
    first_row: dict[str, int] = {}
    for index, row in enumerate(data.get("measure_rows", [])):
        if row["framework"] != "service_data":
            for code in row["codes"]:
                first_row.setdefault(code, index)
    for indicator in data.get("indicators", []):
        targeted = [fw for fw in indicator["frameworks"] if fw != "service_data"]
        if targeted and not indicator.get("targets"):
            code = indicator["code"]
            row = first_row.get(code)
            line = where("measure_row", row) if row is not None else where("indicator", code)
            yield finding(
                "target_missing",
                line,
                f"{code} is listed as {'/'.join(fw.upper() for fw in targeted)} but has no target, "
                "so it cannot be rated.",
            )


def _ratios(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    """A percentage X with counts Xa (the total) and Xb (the part) should equal 100 × Xb / Xa."""
    indicators = {ind["code"]: ind for ind in data.get("indicators", [])}
    for code, ind in indicators.items():
        total, part = indicators.get(code + "a"), indicators.get(code + "b")
        if ind.get("unit") != "percent" or not total or not part:
            continue
        years = sorted(ind["actuals"].keys() & total["actuals"].keys() & part["actuals"].keys())
        pairs = [(y, total["actuals"][y], part["actuals"][y]) for y in years]
        if not pairs or any(not t or p > t for _, t, p in pairs):
            continue
        for year, whole, some in pairs:
            share, printed = 100 * some / whole, ind["actuals"][year]
            if abs(share - printed) > _RATIO_TOLERANCE:
                yield finding(
                    "percentage_disagrees_with_counts",
                    where("indicator", code),
                    f"{code} {year} is printed {printed}%, but {part['code']} / {total['code']} "
                    f"= {some:,} / {whole:,} = {share:.1f}%.",
                    f"{share:.0f}",
                )


def _truncated_text(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    """Names and titles that stop on a dash, comma or "of"/"and" were cut short in the source."""
    places = [("policy", i, p, "owners") for i, p in enumerate(data.get("policies", []))]
    places += [("action", i, a, "officers") for i, a in enumerate(data.get("actions", []))]
    places += [("action", i, a, "partners") for i, a in enumerate(data.get("actions", []))]
    lists = [entry[2][entry[3]] for entry in places]
    for kind, index, record, key in places:
        for name in record[key]:
            if looks_cut_short(name):
                others = set(record[key]) - {name}
                yield finding(
                    "text_truncated",
                    where(kind, index),
                    f"'{name}' in {key} ends abruptly; the text looks cut short.",
                    _completion(name, others, lists),
                )
    for kind, items in (("policy", data.get("policies", [])), ("action", data.get("actions", []))):
        for index, record in enumerate(items):
            if looks_cut_short(record.get("title") or ""):
                yield finding(
                    "text_truncated",
                    where(kind, index),
                    f"the title '{record['title']}' ends abruptly; the text looks cut short.",
                )


def _completion(name: str, others: set[str], lists: list[list[str]]) -> str | None:
    """The full name elsewhere that starts like the cut one, preferring lists with the same
    companions (the Capital Strategy row names the same posts as the MTFS row)."""
    stem = name_key(name)
    scores: Counter = Counter()
    for names in lists:
        company = len(others & set(names))
        for other in names:
            if other != name and name_key(other).startswith(stem):
                scores[other] = max(scores[other], company + 1)
    ranked = scores.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _unknown_register_risks(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    register = {risk["number"] for risk in data.get("risks", {}).get("register", [])}
    if not register:
        return
    for index, risk in enumerate(data.get("risks", {}).get("key_tasks", [])):
        for number in risk["register_risks"]:
            if number not in register:
                yield finding(
                    "unknown_register_risk",
                    where("key_task", index),
                    f"the key task '{risk['task']}' is said to be covered by risk {number}, "
                    "which is not among the register risks listed.",
                )


def _unknown_objectives(data: dict, as_of: dt.date, where: Locate) -> Iterable[dict]:
    """A CSI block heading that names an objective code section 2 does not define."""
    codes = {objective["code"] for objective in data.get("objectives", [])}
    reported: set[str] = set()
    for indicator in data.get("indicators", []):
        code = indicator.get("objective")
        if codes and code and code not in codes and code not in reported:
            reported.add(code)
            yield finding(
                "unknown_objective",
                where("indicator", indicator["code"]),
                f"{indicator['code']} is listed under objective {code}, which section 2 does not "
                f"define (it defines {', '.join(sorted(codes))}).",
            )


def check_names_spelling(lines: list[str], organisation: str | None) -> list[dict]:
    """Words that look like a misspelling of the council's own name ("Buxtowe" for "Broxtowe")."""
    name = (organisation or "").split(" ")[0]
    if len(name) < 5:
        return []
    verdicts: dict[str, bool] = {}
    found = []
    for number, line in enumerate(lines, start=1):
        for word in re.findall(r"\b[A-Z][a-z]{3,}\b", line):
            if word not in verdicts:
                verdicts[word] = (
                    word != name
                    and abs(len(word) - len(name)) <= 2
                    and word[0] == name[0]
                    and difflib.SequenceMatcher(None, word.lower(), name.lower()).ratio() >= 0.8
                )
            if verdicts[word]:
                found.append(
                    finding(
                        "organisation_name_misspelt",
                        number,
                        f"'{word}' looks like a misspelling of '{name}'.",
                        name,
                    )
                )
    return found


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"
