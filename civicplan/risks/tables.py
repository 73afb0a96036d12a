"""The risks as tables: as printed in the plan (key strategic risks, risks to key tasks with their
citations, the register extract) and as tracked (the register, one risk's scoring history, the
heat map).

Each risk has a short code the heat map and the addresses use: R2 is register risk 2, S1 the first
key strategic risk, T3 the third risk to key tasks (the quarterly report uses the same codes).
Ratings and review states are GOV.UK tags with words; scores show likelihood × impact.
"""

from __future__ import annotations

from dataclasses import replace

from django.urls import reverse

from civicplan.core.formats import date_text
from civicplan.core.tables import (
    Cell,
    Column,
    Table,
    Tag,
    absent,
    choice_tag,
    date,
    listing,
    number,
    recorded,
    tagged,
    text,
)
from civicplan.risks.models import KeyTaskRisk, RiskReview, StrategicRisk
from civicplan.risks.rules import MatrixSpec, ReviewState, Score, rating
from civicplan.risks.selectors import (
    HeatMap,
    KeyTaskRiskLine,
    PlanRisks,
    RiskKind,
    RiskRegister,
    RiskRow,
)
from civicplan.risks.services import PlanRisk
from civicplan.tasks.tables import task_href, task_item

KIND_LABELS = {
    RiskKind.REGISTER: "Strategic Risk Register",
    RiskKind.STRATEGIC: "Key strategic risk",
    RiskKind.KEY_TASK: "Risk to key tasks",
}
_PREFIX = {RiskKind.REGISTER: "R", RiskKind.STRATEGIC: "S", RiskKind.KEY_TASK: "T"}
# Rating bands, lowest first, take these tag colours and chart tones (the highest band always
# takes the last of each, so a matrix with three bands still ends in red).
BAND_TAGS = ["green", "yellow", "orange", "red"]
BAND_TONES = ["green", "amber", "red", "darkred"]
REVIEW_TAGS = {
    ReviewState.OVERDUE: "red",
    ReviewState.DUE: "yellow",
    ReviewState.SCHEDULED: "grey",
    ReviewState.UNSCHEDULED: "grey",
}


def risk_code(row: RiskRow) -> str:
    """R2, S1, T3: the row's short code."""
    return _PREFIX[row.kind] + row.ref.rsplit(" ", 1)[-1]


def risk_code_for(risk: PlanRisk) -> str:
    """The short code of a plan risk itself: ``R7``, ``S1`` or ``T2`` (the model's ``code``)."""
    return risk.code


def risk_page_href(code: str) -> str:
    return reverse("risks:detail", kwargs={"code": code})


def find_row(register: RiskRegister, code: str) -> RiskRow | None:
    return next((row for row in register.rows if risk_code(row) == code.upper()), None)


def band_index(score_value: int, spec: MatrixSpec) -> int:
    """Which colour (0 lowest, 3 highest) a score's band takes, the bands spread over four."""
    starts = [band["from"] for band in spec.bands]
    index = max((i for i, start in enumerate(starts) if score_value >= start), default=0)
    if len(starts) <= 1:
        return 0
    return round(index * (len(BAND_TAGS) - 1) / (len(starts) - 1))


def rating_tag(score_value: int, spec: MatrixSpec) -> Tag:
    return Tag(rating(score_value, spec), BAND_TAGS[band_index(score_value, spec)])


def score_cell(
    score: Score | None, spec: MatrixSpec, *, tagged: bool = False, missing: str = ""
) -> Cell:
    """``12`` with "likelihood 3 × impact 4" beneath (and the rating, when ``tagged``); a risk
    not scored yet shows ``missing`` (a table's empty cell reads "None")."""
    if score is None:
        return absent(missing)
    tags = (rating_tag(score.value, spec),) if tagged else ()
    return Cell(
        value=score.value,
        text=str(score.value),
        tags=tags,
        hint=f"likelihood {score.likelihood} × impact {score.impact}",
    )


def review_cell(row: RiskRow) -> Cell:
    hint = f"Next review {date_text(row.review_date)}" if row.review_date else ""
    return tagged(choice_tag(row.review_state, REVIEW_TAGS), hint=hint)


def register_table(register: RiskRegister) -> Table:
    table = Table(
        "register",
        "Risk register",
        [
            Column("risk", "Risk", row_header=True),
            Column("code", "Code", html=False),
            Column("kind", "Kind", html=False),
            Column("title", "Description"),
            Column("owner", "Owner"),
            Column("causes", "Causes", html=False),
            Column("controls", "Controls", html=False),
            Column("actions", "Further actions", html=False),
            Column("inherent", "Inherent", numeric=True),
            Column("residual", "Residual", numeric=True),
            Column("rating", "Rating"),
            Column("target", "Target", numeric=True),
            Column("meets_target", "Meets target", html=False),
            Column("trend", "Trend"),
            Column("last_reviewed", "Last reviewed", html=False),
            Column("next_review", "Next review", html=False),
            Column("review", "Review"),
        ],
        empty="This plan has no risks.",
        caption_class="govuk-visually-hidden",
        filename="risk-register",
    )
    spec = register.spec
    for row in register.rows:
        entry = row.entry
        residual = row.residual
        rating_cell = tagged(rating_tag(residual.value, spec)) if residual else Cell(value="")
        table.add(
            text(row.ref, href=risk_page_href(risk_code(row))),
            text(risk_code(row)),
            text(KIND_LABELS[row.kind]),
            text(row.title),
            text(row.owner.title if row.owner else ""),
            text(entry.causes if entry else ""),
            text(entry.controls if entry else ""),
            listing(task.code for task in row.further_actions),
            score_cell(row.inherent, spec),
            score_cell(residual, spec),
            rating_cell,
            score_cell(row.target, spec),
            Cell(value=row.meets_target),
            text(row.trend.label),
            Cell(value=entry.last_reviewed_on if entry else None),
            Cell(value=row.review_date),
            review_cell(row),
            id=f"risk-{risk_code(row)}",
        )
    return table


def risk_summary(row: RiskRow) -> list[tuple[str, Cell]]:
    spec = row.spec
    entry = row.entry
    met = row.meets_target
    target = score_cell(row.target, spec, missing="Not set")
    if met is not None:
        met_tag = Tag("Meets target", "green") if met else Tag("Above target", "orange")
        target = replace(target, tags=(met_tag,))
    return [
        ("Owner", text(row.owner.title if row.owner else "No owner yet")),
        ("Inherent score", score_cell(row.inherent, spec, tagged=True, missing="Not scored")),
        ("Residual score", score_cell(row.residual, spec, tagged=True, missing="Not scored")),
        ("Target score", target),
        ("Trend", text(row.trend.label)),
        ("Last reviewed", text(date_text(entry.last_reviewed_on) if entry else "")),
        ("Review", review_cell(row)),
        ("Causes", text(entry.causes if entry else "")),
        ("Controls", text(entry.controls if entry else "")),
        (
            "Further actions",
            listing(task_item(t.code, t.title) for t in row.further_actions),
        ),
    ]


def printed_summary(row: RiskRow) -> list[tuple[str, Cell]]:
    """What the plan itself says about the risk."""
    risk = row.risk
    if isinstance(risk, KeyTaskRisk):
        return [
            ("Key task", text(risk.task_text)),
            ("Actions cited", listing(risk.action_codes)),
            ("Risk or threat", text(risk.threat)),
            ("Strategic risks", listing(f"Risk {n}" for n in risk.register_numbers)),
            ("Mitigation", text(risk.mitigation)),
        ]
    if isinstance(risk, StrategicRisk):
        return [("Risk", text(risk.title)), ("Mitigation", text(risk.mitigation))]
    return [("Risk", text(f"Risk {risk.number}: {risk.title}"))]


def _change(before: int | None, after: int) -> str:
    if before is None:
        return "First scoring"
    if after < before:
        return f"Down {before - after}"
    if after > before:
        return f"Up {after - before}"
    return "No change"


def reviews_table(reviews: list[RiskReview], spec: MatrixSpec) -> Table:
    """Every scoring, newest first, with the residual change since the one before."""
    table = Table(
        "reviews",
        "Scoring history",
        [
            Column("reviewed_on", "Reviewed on", row_header=True),
            Column("inherent", "Inherent", numeric=True),
            Column("residual", "Residual", numeric=True),
            Column("rating", "Rating"),
            Column("change", "Residual change"),
            Column("reason", "Reason"),
            Column("recorded_by", "Recorded by"),
        ],
        empty="This risk has not been scored yet.",
        filename="risk-scoring-history",
    )
    previous: list[int | None] = [None, *(r.residual_score for r in reviews)]
    for review, before in reversed(list(zip(reviews, previous, strict=False))):
        inherent = Score(review.inherent_likelihood, review.inherent_impact)
        residual = Score(review.residual_likelihood, review.residual_impact)
        table.add(
            date(review.reviewed_on),
            score_cell(inherent, spec),
            score_cell(residual, spec),
            tagged(rating_tag(residual.value, spec)),
            text(_change(before, residual.value)),
            text(review.reason),
            recorded(review.recorded_by, review.recorded_at),
        )
    return table


def heat_grid_table(heat: HeatMap) -> Table:
    """The matrix itself as a table: likelihood rows (most likely first), impact columns."""
    spec = heat.spec
    table = Table(
        "grid",
        f"The {heat.which} matrix as a table",
        [
            Column("likelihood", "Likelihood", row_header=True),
            *(
                Column(f"impact_{i}", f"Impact {i}: {label}")
                for i, label in enumerate(spec.impact_labels, 1)
            ),
        ],
        filename=f"risk-matrix-{heat.which}",
    )
    for row in heat.rows:
        cells = []
        for cell in row.cells:
            codes = [risk_code(r) for r in cell.risks]
            cells.append(
                Cell(
                    value="; ".join(codes),
                    items=tuple(Cell(value=c, text=c, href=risk_page_href(c)) for c in codes),
                    hint=f"{cell.rating}, score {cell.score}",
                )
            )
        table.add(text(f"{row.likelihood}: {row.label}"), *cells)
    return table


def heat_list_table(heat: HeatMap) -> Table:
    """One row per scored risk, highest score first: the heat map's numbers in full."""
    spec = heat.spec
    table = Table(
        "heat_map",
        f"Risks by {heat.which} score",
        [
            Column("code", "Code", row_header=True),
            Column("risk", "Risk"),
            Column("likelihood", "Likelihood", numeric=True),
            Column("impact", "Impact", numeric=True),
            Column("score", "Score", numeric=True),
            Column("rating", "Rating"),
            Column("owner", "Owner"),
        ],
        empty=f"No risk has a {heat.which} score yet.",
        filename=f"risk-heat-map-{heat.which}",
    )
    placed = [(cell, risk) for row in heat.rows for cell in row.cells for risk in cell.risks]
    placed.sort(key=lambda pair: (-pair[0].score, pair[1].ref))
    for cell, risk in placed:
        code = risk_code(risk)
        table.add(
            text(code, href=risk_page_href(code)),
            text(f"{risk.ref}: {risk.title}"),
            number(cell.likelihood, hint=spec.likelihood_labels[cell.likelihood - 1]),
            number(cell.impact, hint=spec.impact_labels[cell.impact - 1]),
            number(cell.score),
            tagged(rating_tag(cell.score, spec)),
            text(risk.owner.title if risk.owner else ""),
        )
    return table


# -- as printed in the plan --------------------------------------------------------------------


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


def _register_risk(risk_number: int, *, href: str = "", tags: tuple[Tag, ...] = ()) -> Cell:
    """A risk of the Strategic Risk Register by its number: "Risk 7"."""
    return Cell(value=risk_number, text=f"Risk {risk_number}", href=href, tags=tags)


def _cited_register(line: KeyTaskRiskLine) -> Cell:
    return listing(
        _register_risk(cited.number, href=f"#{register_anchor(cited.number)}")
        if cited.risk is not None
        else _register_risk(cited.number, tags=(Tag("Not in the register extract", "orange"),))
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


def printed_register_table(risks: PlanRisks) -> Table:
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
            _register_risk(risk.number),
            text(risk.title),
            id=register_anchor(risk.number),
        )
    return table
