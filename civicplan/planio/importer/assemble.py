"""Assembler: the reader's sections and tables → the Plan JSON dict.

Columns are found by their header text, never by position alone, so a plan of the same family with
other years or more columns reads the same way. Names run together in cells are split with the
posts and bodies the document itself names cleanly (see ``vocab``).
"""

from __future__ import annotations

import re
from typing import Any

from .cells import (
    clean_text,
    find_year,
    parse_covered,
    parse_number,
    parse_renewal,
    plan_period,
    split_action_code,
    split_action_codes,
    split_list,
    split_trailing_date,
)
from .context import Context
from .measures import MeasuresReader
from .reader import Bullet, Document, PlanFormatError, Section, Table, Text
from .vocab import name_key

FORMAT = "civicplan.plan/1"
_OBJECTIVE = re.compile(r"^objective\s*\(?\s*([A-Z]{1,6}\d{1,2})\s*\)?\s*[–—:-]?\s*(.*)$", re.I)
_QUOTED = re.compile(r"(?:^|\s)['‘\"“](.+?)['’\"”]\s*[.:]?\s*$")
_COUNCIL = re.compile(r"\b((?:[A-Z][\w'’&-]*\s+){1,4}Council)\b")
_REGISTER = re.compile(r"^risk\s+(\d+)\s*[:.–—-]\s*(.+)$", re.I)
_AS_AT = re.compile(r"\bas at\s+(.+?)\s*:?\s*$", re.I)
_URL = re.compile(r"<?(https?://[^\s>]+)>?")


def assemble(document: Document) -> tuple[dict, Context]:
    """Build the Plan JSON dict (findings from the table readers included) and its context."""
    plan, objective_titles = _plan(document)
    ctx = Context(plan["period"]["first_year"], plan["period"]["last_year"])
    sections = document.sections
    objectives = _objectives(sections[2], objective_titles, ctx)
    ctx.partners.learn(_departments(objectives, sections[3]))
    policies = _policies(sections[1], ctx)
    measures = MeasuresReader(ctx)
    measures.read(sections[3])
    measure_rows, indicators = measures.result()
    actions = _actions(sections[4], ctx)
    budget_lines, budget_notes = _budget(sections[5], ctx)
    data = {
        "format": FORMAT,
        "plan": plan,
        "objectives": objectives,
        "policies": policies,
        "indicators": indicators,
        "measure_rows": measure_rows,
        "actions": actions,
        "budget_lines": budget_lines,
        "budget_notes": budget_notes,
        "risks": _risks(sections[6], document, ctx),
    }
    ctx.resolve_names(data)
    return data, ctx


def _plan(document: Document) -> tuple[dict, list[str]]:
    """Title, period, organisation, vision, values and the objectives list before section 1."""
    texts = [item for item in document.preamble if isinstance(item, Text)]
    title = texts[0].text if texts else ""
    key_tasks = document.sections[4]
    period = plan_period(title) or plan_period(key_tasks.title)
    if not period:
        raise PlanFormatError(
            "cannot tell the plan's years: the title should end with them, as in "
            "'Community Safety Business Plan 2026–2029', or section 4's heading should name them, "
            "as in '2026/27 – 2028/29'",
            texts[0].line if texts else key_tasks.line,
        )
    lists = _lists(document.preamble)
    visions = [t for t in texts[1:] if re.search(r"\bvision\b", t.text, re.I)]
    vision = next((t for t in visions if _QUOTED.search(t.text)), visions[0] if visions else None)
    values = next((t for t in texts if re.search(r"\bvalues\b.*:\s*$", t.text, re.I)), None)
    statement = next(
        (t for t in texts if re.search(r"\bobjectives\b.*\bare\b", t.text, re.I)), None
    )
    intro_end = vision.line if vision else (values.line if values else document.last_line)
    introduction = [t.text for t in texts[1:] if t.line < intro_end]
    priority = re.match(r"^(.*?)\s+business plan\b", title, re.I)
    organisation = next(filter(None, (_COUNCIL.search(t) for t in introduction)), None)
    plan = {
        "organisation": re.sub(r"^The\s+", "", organisation[1]) if organisation else None,
        "priority": priority[1] if priority else None,
        "title": title,
        "period": {"first_year": period[0], "last_year": period[1]},
        "vision": _quoted(vision.text) if vision else None,
        "values": lists.get(values.line, []) if values else [],
        "objectives_statement": _quoted(statement.text) if statement else None,
        "introduction": introduction,
    }
    return plan, lists.get(statement.line, []) if statement else []


def _lists(items: list) -> dict[int, list[str]]:
    """Bullets grouped under the text line that introduces them (keyed by its line)."""
    lists: dict[int, list[str]] = {}
    lead = None
    for item in items:
        if isinstance(item, Text):
            lead = item.line
        elif isinstance(item, Bullet) and lead is not None:
            lists.setdefault(lead, []).append(item.text)
    return lists


def _quoted(text: str) -> str:
    match = _QUOTED.search(text)
    if match:
        return match[1]
    return re.split(r"\bis\b|\bare\b", text, maxsplit=1)[-1].strip(" .:'’")


def _objectives(section: Section, titles: list[str], ctx: Context) -> list[dict]:
    """Objective headings with their service areas, departments (➤) and service objectives."""
    objectives: list[dict] = []
    area = department = None
    for item in section.items:
        heading = _OBJECTIVE.match(item.text) if isinstance(item, Text) else None
        if heading:
            objectives.append({"code": heading[1], "title": heading[2].strip(), "line": item.line})
            objectives[-1]["service_objectives"] = []
            area = department = None
        elif not objectives:
            continue
        elif isinstance(item, Text):
            area = item.text
        elif isinstance(item, Bullet) and item.marker == "➤":
            department = ctx.department_names.note(item.text, item.line)
        elif isinstance(item, Bullet):
            objectives[-1]["service_objectives"].append(
                {"service_area": area, "department": department or area, "text": item.text}
            )
    if not objectives:
        raise PlanFormatError(
            "section 2 has no objective headings such as 'Objective (CS1) – Reduce …'", section.line
        )
    listed = titles if len(titles) == len(objectives) else [None] * len(objectives)
    for objective, printed in zip(objectives, listed, strict=True):
        if printed is None:
            continue
        line = objective.pop("line")
        if name_key(printed) not in name_key(objective["title"]):
            ctx.finding(
                "objective_title_differs",
                line,
                f"objective {objective['code']} is titled '{objective['title']}' here but "
                f"'{printed}' in the plan's list of objectives; the latter is used.",
                printed,
            )
        objective["title"] = printed
    for objective in objectives:
        objective.pop("line", None)
    return objectives


def _departments(objectives: list[dict], measures: Section) -> list[str]:
    """Department and service names the plan uses; they appear as partners in key tasks."""
    names = {so[key] for o in objectives for so in o["service_objectives"] for key in so}
    names.discard(None)
    names = {name for name in names if len(name) < 60}
    headings = [item.text for item in measures.items if isinstance(item, Text)]
    return sorted(names | {text for text in headings if len(text) < 40 and "(" not in text})


def _columns(table: Table, wanted: dict[str, str]) -> dict[str, int]:
    """Column index by role, found by header keywords; the first column is the row's subject."""
    found: dict[str, int] = {}
    for index, cell in enumerate(table.header[1:], start=1):
        text = clean_text(cell).lower()
        role = next((role for role, rx in wanted.items() if re.search(rx, text)), None)
        if role and role not in found:
            found[role] = index
    missing = [role for role in wanted if role not in found]
    if missing:
        raise PlanFormatError(
            f"the {table.kind.replace('_', ' ')} table has no {', '.join(missing)} column "
            "(columns are recognised by their header text)",
            table.line,
        )
    return found


def _policies(section: Section, ctx: Context) -> list[dict]:
    """The strategy and policy register; its owner cells teach the post splitter the posts."""
    policies: list[dict] = []
    for table in section.tables("policies"):
        col = _columns(
            table,
            {"purpose": "purpose", "renewal": "renewal|review", "owners": "officer|contact|owner"},
        )
        for row in table.rows:
            purpose, items = split_list(row.cells[col["purpose"]])
            renewal = parse_renewal(row.cells[col["renewal"]])
            if renewal.date is None and renewal.recurrence is None:
                ctx.finding(
                    "renewal_date_unreadable",
                    row.line,
                    f"the renewal date '{renewal.text}' cannot be read as a date "
                    "(such as March 2028) or as 'Updated annually'.",
                )
            split = ctx.posts.split(clean_text(row.cells[col["owners"]]))
            owners = ctx.names(split, ctx.post_names, row.line, "posts")
            ctx.posts.learn(name for name in split.names if name not in split.uncertain)
            ctx.index[("policy", len(policies))] = row.line
            policies.append(
                {
                    "title": clean_text(row.cells[0]),
                    "purpose": purpose,
                    "purpose_items": items,
                    "owners": owners,
                    "renewal": renewal.as_dict(),
                }
            )
    return policies


_ACTION_COLUMNS = {
    "outcome": "outcome",
    "partners": "partner|procurement",
    "officers": "officer|responsible",
    "budget": "budget|efficienc|comment",
}


def _actions(section: Section, ctx: Context) -> list[dict]:
    """Key tasks. Officer cells are split twice: the first pass learns the posts each names
    cleanly, so the second can split the run-together ones."""
    tables = [(t, _columns(t, _ACTION_COLUMNS)) for t in section.tables("actions")]
    cells = [(row, col) for table, col in tables for row in table.rows]
    for row, col in cells:
        split = ctx.posts.split(split_trailing_date(row.cells[col["officers"]])[0])
        ctx.posts.learn(name for name in split.names if name not in split.uncertain)
    actions: list[dict] = []
    seen: dict[str, int] = {}
    for row, col in cells:
        title, code, new = split_action_code(row.cells[0])
        rest, date, date_text = split_trailing_date(row.cells[col["officers"]])
        if code is None:
            ctx.finding("action_code_missing", row.line, f"the key task '{title}' has no code.")
        elif code in seen:
            ctx.finding(
                "duplicate_action_code",
                row.line,
                f"the code {code} is used again (first on line {seen[code]}).",
            )
        else:
            seen[code] = row.line
        if date is None:
            ctx.finding(
                "target_date_missing",
                row.line,
                f"no target date (such as March 2028) at the end of '{rest}'.",
            )
        partners = ctx.partners.split(clean_text(row.cells[col["partners"]]))
        ctx.index[("action", len(actions))] = row.line
        actions.append(
            {
                "code": code,
                "title": title,
                "new": new,
                "outcome": clean_text(row.cells[col["outcome"]]),
                "partners": ctx.names(partners, ctx.partner_names, row.line, "partners"),
                "officers": ctx.names(ctx.posts.split(rest), ctx.post_names, row.line, "posts"),
                "target_date": date.isoformat() if date else None,
                "target_date_text": date_text,
                "budget_note": clean_text(row.cells[col["budget"]]) or None,
            }
        )
    return actions


_BUDGET_KINDS = (
    ("implication", re.compile(r"budget implication", re.I)),
    ("efficiency", re.compile(r"efficienc", re.I)),
    ("income", re.compile(r"income|new business", re.I)),
)


def _budget(section: Section, ctx: Context) -> tuple[list[dict], list[str]]:
    """Budget lines under their block ("Efficiencies Generated" …); totals and footnotes → notes."""
    lines: list[dict] = []
    notes: list[str] = []
    tables = section.tables("budget")
    for table in tables:
        action = _columns(table, {"action": r"^action"})["action"]
        years = {i: year for i, cell in enumerate(table.header) if (year := find_year(cell))}
        kind = None
        for row in table.rows:
            label = clean_text(row.cells[0])
            printed = {years[i]: clean_text(row.cells[i]) for i in years}
            amounts = _amounts(printed, row.line, ctx)
            block = next((k for k, rx in _BUDGET_KINDS if rx.search(label)), None)
            if block and not clean_text(row.cells[action]) and not any(amounts.values()):
                kind = block
            elif re.match(r"net change|total", label, re.I):
                shown = set(printed.values())
                said = shown.pop() if len(shown) == 1 else " / ".join(printed.values())
                notes.append(f"{label}: {said}")
            elif label.strip("-–— ") or any(v is not None for v in amounts.values()):
                ctx.index[("budget_line", len(lines))] = row.line
                lines.append(
                    {
                        "kind": kind,
                        "description": label,
                        "action": clean_text(row.cells[action]) or None,
                        "amounts": amounts,
                    }
                )
    after = tables[-1].rows[-1].line
    notes += [
        item.text for item in section.items if not isinstance(item, Table) and item.line > after
    ]
    return lines, notes


def _amounts(printed: dict[str, str], line: int, ctx: Context) -> dict[str, int | float | None]:
    amounts: dict[str, int | float | None] = {}
    for year, text in printed.items():
        try:
            amounts[year] = parse_number(text).value
        except ValueError as error:
            amounts[year] = None
            if not re.search(r"note|\*", text, re.I):
                ctx.finding("value_unreadable", line, f"{error}; read as no amount.")
    return amounts


def _risks(section: Section, document: Document, ctx: Context) -> dict:
    """Strategic risks, key-task risks, and the register lines ("Risk 13: …") that follow."""
    strategic: list[dict[str, Any]] = []
    key_tasks: list[dict[str, Any]] = []
    register: list[dict[str, Any]] = []
    as_at = url = None
    for table in section.tables("strategic_risks"):
        for row in table.rows:
            ctx.index[("strategic_risk", len(strategic))] = row.line
            strategic.append(
                {"title": clean_text(row.cells[0]), "mitigation": clean_text(row.cells[-1])}
            )
    for table in section.tables("key_task_risks"):
        col = _columns(
            table, {"covered": "covered", "mitigation": "mitigat", "threat": "threat|risk"}
        )
        for row in table.rows:
            task, codes = split_action_codes(row.cells[0])
            covered, numbers = parse_covered(row.cells[col["covered"]])
            ctx.index[("key_task", len(key_tasks))] = row.line
            key_tasks.append(
                {
                    "task": task,
                    "actions": codes,
                    "threat": clean_text(row.cells[col["threat"]]),
                    "register_risks": numbers,
                    "covered": covered,
                    "mitigation": clean_text(row.cells[col["mitigation"]]),
                }
            )
    for item in section.items:
        if not isinstance(item, Text):
            continue
        entry, at, link = (
            _REGISTER.match(item.text),
            _AS_AT.search(item.text),
            _URL.search(item.text),
        )
        if entry:
            ctx.index[("register", len(register))] = item.line
            register.append({"number": int(entry[1]), "title": entry[2].strip()})
        elif at and re.search(r"register", item.text, re.I):
            as_at = at[1]
        elif link:
            url = link[1]
    if not register and document.ends_in_table and any(t["register_risks"] for t in key_tasks):
        raise PlanFormatError(
            "the key task risks refer to Strategic Risk Register risks, but the document ends in "
            "that table before the register risks ('Risk 2: …') are listed. The file looks cut "
            "short",
            document.last_line,
        )
    return {
        "strategic": strategic,
        "register": register,
        "key_tasks": key_tasks,
        "register_as_at": as_at,
        "register_url": url,
    }
