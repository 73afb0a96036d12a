"""The business plan document as plain data, built from a Plan JSON dict.

One model for every format: ``render_text`` writes the layout the importer reads and ``render_docx``
a Word document, both from the ``PlanDocument`` built here. Building from Plan JSON (not the
database) means a stored plan (``plan_export``), a rolled-forward draft and an importer result all
print the same way. Nothing here depends on the date or time it runs: the same plan gives the same
document.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from civicplan.core.fy import FinancialYear, fy_range
from civicplan.planio.blocks import (
    Block,
    BulletList,
    Captions,
    Cell,
    Heading,
    Paragraph,
    PlanDocument,
    Table,
)
from civicplan.planio.plan_measures import measure_blocks

SECTION_TITLES = {
    1: "Published Strategy and Policy Documents Supporting the delivery of Priorities and "
    "Objectives",
    2: "Service Level Objectives Linked to Corporate Objectives",
    3: "Measures of Performance and Service Data",
    4: "Key Tasks and Priorities for Improvement {first} – {last} Including Commercial Activities",
    5: "Link Key Tasks and Priorities for Improvement to the Financial Budgets",
    6: "Summary Of Key Risks",
}
KEY_TASKS_TEXT = (
    "Priority leaders are asked to consider potential commercial activities in their priority "
    "areas when setting the key tasks and priorities for the next three years."
)
BUDGET_TEXT = (
    "Priority leaders should ensure that key tasks and priorities (including commercial "
    "activities) that have a financial implication are included in the analysis below."
)
RISKS_TEXT = (
    "Priority leaders have identified the strategic risks for the Business area and ensured that "
    "these are considered in the Council's Strategic Risk Register."
)
TASK_RISKS_TEXT = (
    "The top risks (strategic or operational) arising from the key tasks and priorities for "
    "improvement have also been identified."
)
POLICY_HEADER = (
    "Strategy/Policy Document",
    "Purpose of Document",
    "Renewal Date",
    "Responsible Officer/Contact",
)
ACTION_HEADER = (
    "Action",
    "Targeted Outcome",
    "Partnership / Procurement Arrangement",
    "Officers Responsible / Target Date",
    "Budget Implications / Efficiencies / Other comments",
)
CLOSED_HEADER = ("Action", "Targeted Outcome", "Status", "Officers Responsible / Target Date")
BUDGET_BLOCKS = {
    "implication": "Budget Implications",
    "efficiency": "Efficiencies Generated",
    "income": "New business/increased income",
}
RECURRENCE_TEXT = {"annual": "Updated annually", "continuous": "Under constant review"}
_NOTE_ROW = re.compile(r"^(?P<label>(?:net change|total)[^:]*):\s*(?P<value>.*)$", re.I)


def date_words(iso: str | None) -> str:
    """``2028-03-31`` → "March 2028" (a month's last day reads as the month, as plans print it)."""
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso)
    month = calendar.month_name[day.month]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"{month} {day.year}"
    return f"{day.day} {month} {day.year}"


def money_cell(value: int | float | None) -> str:
    """−20000 → "(20,000)", as the budget table prints savings and income; none → "-"."""
    if value is None:
        return "-"
    text = f"{abs(value):,}" if float(value).is_integer() else f"{abs(value):,.2f}"
    text = text.removesuffix(".0")
    return f"({text})" if value < 0 else text


def build_plan_document(data: dict[str, Any]) -> PlanDocument:
    """The six-section document (with its introduction and appendix) of a Plan JSON dict."""
    plan = data["plan"]
    doc = PlanDocument(plan["title"], plan["organisation"], plan["priority"])
    caption = Captions()
    blocks = doc.blocks
    blocks += _preamble(plan, data["objectives"])
    blocks.append(Heading(f"1. {SECTION_TITLES[1]}", 1))
    blocks.append(_policies(data["policies"], caption))
    blocks.append(Heading(f"2. {SECTION_TITLES[2]}", 1))
    blocks += _service_objectives(data["objectives"])
    blocks.append(Heading(f"3. {SECTION_TITLES[3]}", 1))
    blocks += measure_blocks(data, caption)
    period = plan["period"]
    title = SECTION_TITLES[4].format(first=period["first_year"], last=period["last_year"])
    blocks += [Heading(f"4. {title}", 1), Paragraph(KEY_TASKS_TEXT)]
    blocks.append(_actions(data["actions"], caption))
    blocks += [Heading(f"5. {SECTION_TITLES[5]}", 1), Paragraph(BUDGET_TEXT)]
    blocks += _budget(data, caption)
    blocks.append(Heading(f"6. {SECTION_TITLES[6]}", 1))
    blocks += _risks(data["risks"], caption)
    blocks += _closed_actions(plan.get("closed_actions") or [], caption)
    return doc


def _preamble(plan: dict[str, Any], objectives: list[dict[str, Any]]) -> list[Block]:
    blocks: list[Block] = [Heading(plan["title"], 0)]
    intro = list(plan.get("introduction") or [])
    if not any(plan["organisation"] in text for text in intro):
        intro.insert(
            0,
            "This Business Plan details the projects and activity undertaken in support of the "
            f"{plan['organisation']} Corporate Plan priority of {plan['priority'].upper()}.",
        )
    blocks += [Paragraph(text) for text in intro]
    if plan.get("vision"):
        blocks.append(Paragraph(f"The Council's Vision is '{plan['vision']}'."))
    if plan.get("values"):
        blocks += [Paragraph("The Council's Values are:"), BulletList(tuple(plan["values"]))]
    if plan.get("objectives_statement"):
        blocks.append(
            Paragraph(
                f"The Council's Priorities and Objectives for {plan['priority']} are "
                f"'{plan['objectives_statement']}':"
            )
        )
        blocks.append(BulletList(tuple(o["title"] for o in objectives)))
    return blocks


def _owners(names: list[str] | None) -> str:
    return " ".join(names or [])


def _renewal(renewal: dict[str, Any]) -> str:
    return (
        renewal.get("text")
        or date_words(renewal.get("date"))
        or RECURRENCE_TEXT.get(renewal.get("recurrence") or "", "")
    )


def _policies(policies: list[dict[str, Any]], caption: Captions) -> Table:
    rows = tuple(
        (
            Cell(p["title"]),
            Cell(p.get("purpose") or "", tuple(p.get("purpose_items") or ())),
            Cell(_renewal(p.get("renewal") or {})),
            Cell(_owners(p.get("owners"))),
        )
        for p in policies
    )
    return Table("policies", caption("Strategy and policy documents"), POLICY_HEADER, rows)


def _service_objectives(objectives: list[dict[str, Any]]) -> list[Block]:
    blocks: list[Block] = []
    for objective in objectives:
        blocks.append(Heading(f"Objective ({objective['code']}) – {objective['title']}", 2))
        area = department = None
        bullets: list[str] = []
        for item in objective.get("service_objectives") or []:
            if (item.get("service_area"), item["department"]) != (area, department) and bullets:
                blocks.append(BulletList(tuple(bullets)))
                bullets = []
            if item.get("service_area") != area:
                area, department = item.get("service_area"), None
                if area:
                    blocks.append(Heading(area, 3))
            if item["department"] != department:
                department = item["department"]
                blocks.append(Heading(department, 4))
            bullets.append(item["text"])
        if bullets:
            blocks.append(BulletList(tuple(bullets)))
    return blocks


def action_title(action: dict[str, Any]) -> str:
    """The action cell: title, code at the end, then "(New)"."""
    parts = [action["title"], action.get("code") or "", "(New)" if action.get("new") else ""]
    return " ".join(part for part in parts if part)


def officers_cell(action: dict[str, Any]) -> str:
    when = action.get("target_date_text") or date_words(action.get("target_date"))
    return " ".join(part for part in (_owners(action.get("officers")), when) if part)


def _actions(actions: list[dict[str, Any]], caption: Captions) -> Table:
    rows = tuple(
        (
            Cell(action_title(a)),
            Cell(a.get("outcome") or ""),
            Cell(_owners(a.get("partners"))),
            Cell(officers_cell(a)),
            Cell(a.get("budget_note") or ""),
        )
        for a in actions
    )
    return Table(
        "actions", caption("Key tasks and priorities for improvement"), ACTION_HEADER, rows
    )


def budget_years(data: dict[str, Any]) -> list[str]:
    """The plan's years, and any other year a budget line has an amount for, in order."""
    period = data["plan"]["period"]
    years = {
        str(y)
        for y in fy_range(
            FinancialYear.parse(period["first_year"]), FinancialYear.parse(period["last_year"])
        )
    }
    years |= {year for line in data["budget_lines"] for year in (line.get("amounts") or {})}
    return sorted(years)


def _budget(data: dict[str, Any], caption: Captions) -> list[Block]:
    years = budget_years(data)
    header = (
        "Revenue and Capital Budget Implications/Efficiencies Generated",
        "Action",
        *[f"{year} Budget £" for year in years],
    )
    blank = tuple(Cell() for _ in years)
    rows: list[tuple[Cell, ...]] = []
    kind = None
    for line in data["budget_lines"]:
        if line["kind"] != kind:
            if kind is not None:
                rows.append((Cell("-"), Cell(), *blank))
            kind = line["kind"]
            rows.append((Cell(BUDGET_BLOCKS.get(kind, kind)), Cell(), *blank))
        amounts = line.get("amounts") or {}
        rows.append(
            (
                Cell(line["description"]),
                Cell(line.get("action") or ""),
                *[Cell(money_cell(amounts.get(year))) for year in years],
            )
        )
    notes: list[str] = []
    for note in data.get("budget_notes") or []:
        row = _NOTE_ROW.match(note)
        if row:
            rows.append((Cell(row["label"]), Cell(), *[Cell(row["value"]) for _ in years]))
        else:
            notes.append(note)
    if not rows:
        rows.append((Cell("-"), Cell(), *blank))
    table = Table("budget", caption("Budget implications and efficiencies"), header, tuple(rows))
    return [table, *[Paragraph(note) for note in notes]]


def covered_text(risk: dict[str, Any]) -> str:
    """ "Yes – Risks 2, 7, 13 and 21", as the plan prints whether a strategic risk covers a task."""
    numbers = [str(n) for n in risk.get("register_risks") or []]
    listed = (
        ", ".join(numbers[:-1]) + f" and {numbers[-1]}" if len(numbers) > 1 else "".join(numbers)
    )
    cited = f"Risk{'s' if len(numbers) > 1 else ''} {listed}" if numbers else ""
    answers: dict[bool | None, str] = {True: "Yes", False: "No"}
    answer = answers.get(risk.get("covered"))
    return " – ".join(part for part in (answer, cited) if part)


def _risks(risks: dict[str, Any], caption: Captions) -> list[Block]:
    blocks: list[Block] = [Paragraph(RISKS_TEXT)]
    strategic = tuple(
        (Cell(r["title"]), Cell(r.get("mitigation") or "")) for r in risks.get("strategic") or []
    )
    header = (
        "Key Strategic Risk",
        "Action to be taken or required to mitigate/minimise the risk or threat",
    )
    blocks.append(Table("strategic_risks", caption("Key strategic risks"), header, strategic))
    blocks.append(Paragraph(TASK_RISKS_TEXT))
    task_rows = tuple(
        (
            Cell(" ".join([r["task"], *(r.get("actions") or [])])),
            Cell(r.get("threat") or ""),
            Cell(covered_text(r)),
            Cell(r.get("mitigation") or ""),
        )
        for r in risks.get("key_tasks") or []
    )
    task_header = (
        "Key Task",
        "Risk or Threat to Key Task",
        "Covered by an existing Strategic Risk?",
        "Action taken/required to mitigate/minimise the risk or threat",
    )
    blocks.append(
        Table("key_task_risks", caption("Risks to the key tasks"), task_header, task_rows)
    )
    as_at = risks.get("register_as_at")
    blocks.append(
        Paragraph(
            "Risks as extracted from the Strategic Risk Register"
            + (f" as at {as_at}:" if as_at else ":")
        )
    )
    blocks += [Paragraph(f"Risk {r['number']}: {r['title']}") for r in risks.get("register") or []]
    if risks.get("register_url"):
        url = risks["register_url"]
        blocks.append(
            Paragraph(f"The latest Strategic Risk Register is available in full at {url}")
        )
    return blocks


def _closed_actions(closed: list[dict[str, Any]], caption: Captions) -> list[Block]:
    """The roll-forward appendix: key tasks completed or cancelled, out of the tasks table."""
    if not closed:
        return []
    rows = tuple(
        (
            Cell(action_title(a)),
            Cell(a.get("outcome") or ""),
            Cell(
                a["status"].capitalize()
                + (f" ({a['status_period']})" if a.get("status_period") else "")
            ),
            Cell(officers_cell(a)),
        )
        for a in closed
    )
    return [
        Heading("Appendix: Key Tasks Completed or Cancelled", 1),
        Table("closed_actions", caption("Key tasks completed or cancelled"), CLOSED_HEADER, rows),
    ]
