"""The risk tables: key strategic risks, risks to key tasks (with their citations), the register."""

from __future__ import annotations

from civicplan.core.tables import Cell, Column, Table, Tag, listing, text
from civicplan.risks.selectors import KeyTaskRiskLine, PlanRisks
from civicplan.tasks.tables import task_href


def register_anchor(number: int) -> str:
    return f"risk-{number}"


def _covered(covered: bool | None) -> Cell:
    if covered is None:
        return Cell(value=None, tags=(Tag("Not stated", "grey"),))
    return Cell(value=covered, tags=(Tag("Yes", "green") if covered else Tag("No", "red"),))


def _cited_tasks(line: KeyTaskRiskLine) -> Cell:
    return listing(
        text(cited.code, href=task_href(cited.code))
        if cited.task is not None
        else text(cited.code, tags=[Tag("Unknown code", "orange")])
        for cited in line.tasks
    )


def _cited_register(line: KeyTaskRiskLine) -> Cell:
    return listing(
        (
            Cell(
                value=cited.number,
                text=f"Risk {cited.number}",
                href=f"#{register_anchor(cited.number)}",
            )
            if cited.risk is not None
            else Cell(
                value=cited.number,
                text=f"Risk {cited.number}",
                tags=(Tag("Not in the register extract", "orange"),),
            )
        )
        for cited in line.register_risks
    )


def strategic_table(risks: PlanRisks) -> Table:
    table = Table(
        "strategic",
        "Key strategic risks",
        [
            Column("title", "Risk", row_header=True),
            Column("mitigation", "Action to mitigate or minimise the risk"),
        ],
        empty="This plan names no key strategic risks.",
    )
    for risk in risks.strategic:
        table.add(text(risk.title), text(risk.mitigation))
    return table


def key_task_risks_table(risks: PlanRisks) -> Table:
    table = Table(
        "key_task_risks",
        "Risks to key tasks",
        [
            Column("task", "Key task", row_header=True),
            Column("actions", "Actions cited"),
            Column("unknown_actions", "Action codes not in the key tasks", html=False),
            Column("threat", "Risk or threat"),
            Column("covered", "Covered by a strategic risk"),
            Column("register_risks", "Strategic risks"),
            Column("mitigation", "Action to mitigate or minimise the risk"),
        ],
        empty="This plan names no risks to key tasks.",
    )
    for line in risks.key_tasks:
        table.add(
            text(line.risk.task_text),
            _cited_tasks(line),
            Cell(value=line.unknown_codes),
            text(line.risk.threat),
            _covered(line.risk.covered),
            _cited_register(line),
            text(line.risk.mitigation),
        )
    return table


def register_table(risks: PlanRisks) -> Table:
    as_at = f" as at {risks.register_as_at}" if risks.register_as_at else ""
    table = Table(
        "register",
        f"Strategic Risk Register{as_at}",
        [
            Column("number", "Risk", row_header=True),
            Column("title", "Description"),
        ],
        empty="This plan quotes no risks from the Strategic Risk Register.",
    )
    for risk in risks.register:
        table.add(
            Cell(value=risk.number, text=f"Risk {risk.number}"),
            text(risk.title),
            id=register_anchor(risk.number),
        )
    return table
