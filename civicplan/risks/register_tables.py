"""The risk register as tracked, as tables: the register, one risk's scoring history, the heat map.

Each risk has a short code the heat map and the addresses use: R2 is register risk 2, S1 the first
key strategic risk, T3 the third risk to key tasks (the quarterly report uses the same codes).
Ratings and review states are GOV.UK tags with words; scores show likelihood × impact.
"""

from __future__ import annotations

from django.urls import reverse

from civicplan.core import clock
from civicplan.core.formats import date_text
from civicplan.core.tables import Cell, Column, Table, Tag, listing, text
from civicplan.risks.models import KeyTaskRisk, RiskReview, StrategicRisk
from civicplan.risks.rules import MatrixSpec, ReviewState, Score, rating
from civicplan.risks.selectors import HeatMap, RiskKind, RiskRegister, RiskRow
from civicplan.risks.services import PlanRisk
from civicplan.tasks.tables import task_page_href

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
        return Cell(value=None, text=missing)
    tags = (rating_tag(score.value, spec),) if tagged else ()
    return Cell(
        value=score.value,
        text=str(score.value),
        tags=tags,
        hint=f"likelihood {score.likelihood} × impact {score.impact}",
    )


def review_cell(row: RiskRow) -> Cell:
    state = row.review_state
    tag = Tag(state.label, REVIEW_TAGS[state])
    hint = f"Next review {date_text(row.review_date)}" if row.review_date else ""
    return Cell(value=state.label, tags=(tag,), hint=hint)


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
        rating_cell = (
            Cell(value=row.residual_rating, tags=(rating_tag(residual.value, spec),))
            if residual
            else Cell(value="")
        )
        table.add(
            Cell(value=row.ref, text=row.ref, href=risk_page_href(risk_code(row))),
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
        target = Cell(
            value=target.value,
            text=target.text,
            hint=target.hint,
            tags=(Tag("Meets target", "green") if met else Tag("Above target", "orange"),),
        )
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
            listing(
                Cell(value=t.code, text=f"{t.code}: {t.title}", href=task_page_href(t.code))
                for t in row.further_actions
            ),
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
        user = review.recorded_by
        table.add(
            Cell(value=review.reviewed_on, text=date_text(review.reviewed_on)),
            score_cell(inherent, spec),
            score_cell(residual, spec),
            Cell(value=rating(residual.value, spec), tags=(rating_tag(residual.value, spec),)),
            text(_change(before, residual.value)),
            text(review.reason),
            text(
                (user.get_full_name() or user.get_username()) if user else "civicplan",
                hint=date_text(clock.local_day(review.recorded_at)),
            ),
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
            Cell(
                value=cell.likelihood,
                text=str(cell.likelihood),
                hint=spec.likelihood_labels[cell.likelihood - 1],
            ),
            Cell(
                value=cell.impact,
                text=str(cell.impact),
                hint=spec.impact_labels[cell.impact - 1],
            ),
            Cell(value=cell.score, text=str(cell.score)),
            Cell(value=cell.rating, tags=(rating_tag(cell.score, spec),)),
            text(risk.owner.title if risk.owner else ""),
        )
    return table
