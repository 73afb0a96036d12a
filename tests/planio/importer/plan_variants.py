"""Test data for the importer: the seed plan, and a generator of plans of its family that the
importer has never seen.

``make_spec`` draws a plan (council, priority, years, code prefix, tables) from a seed; ``render``
writes it as the document's text layout with a ``Layout`` (page breaks that repeat table headers at
other rows, CRLF, rows reordered, extra blank lines). The spec is the expected result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from civicplan.core.fy import FinancialYear, fy_range
from tests.clock import SEED_DAY

EXAMPLES = Path(__file__).resolve().parents[3] / "civicplan/examples"
SEED = EXAMPLES / "community-safety-business-plan-2026-29.txt"
AS_OF = SEED_DAY  # the date the seed's checks are made on in these tests
UL = '<ul style="list-style-type: none">'
COUNTIES = ("Derbyshire", "Leicestershire", "Lincolnshire", "Staffordshire")
PLACES = ("Ashfield", "Rushcliffe", "Gedling", "Bassetlaw", "Erewash", "Amber Valley")
DEPARTMENTS = ("Housing", "Environment, Waste and Parks", "Revenues and Benefits", "Planning")
NOUNS = (
    "tenancy audits",
    "repairs completed",
    "void properties",
    "rent arrears cases",
    "fly-tipping reports",
    "noise complaints",
    "planning appeals",
    "benefit claims",
    "homelessness approaches",
    "garden waste subscriptions",
    "licence applications",
    "estate inspections",
    "adaptations installed",
    "households in temporary accommodation",
)
MONTHS = ("January", "March", "June", "July", "September", "December")


@dataclass
class Measure:
    code: str  # normalised code, as the importer must report it
    title: str
    actuals: dict[str, int | float]
    named_targets: dict[str, int | float] = field(default_factory=dict)
    future: int | float | None = None
    percent: bool = False
    owner: str = ""
    comment: str = ""
    printed: str = ""  # the code as printed, when it differs (an alias)
    parent: str | None = None


@dataclass
class Action:
    code: str
    title: str
    new: bool
    partners: list[str]
    partners_text: str
    officers: list[str]
    month: str
    year: int


@dataclass
class Spec:
    organisation: str
    priority: str
    start: int
    prefix: str
    objectives: list[tuple[str, str, list[tuple[str, list[str]]]]]
    policies: list[tuple[str, str, str]]  # title, renewal, owner
    posts: list[str]
    actual_years: list[str]
    target_years: list[str]
    future: bool
    service_data: dict[str, list[Measure]]
    csi: dict[str, list[Measure]]
    kpi: list[Measure]
    mpi: list[Measure]
    list_row: tuple[str, list[Measure], list[int]]  # lead, sub-measures, the one value per year
    lead_list: tuple[Measure, list[Measure]]  # a coded lead whose items carry its sub-codes
    paired: tuple[Measure, Measure]  # an MPI row printing "21 85%": a count and a percentage
    actions: list[Action]
    budget: list[tuple[str, str, str, list[int]]]  # kind, description, action, amounts
    key_tasks: list[tuple[str, list[str], list[int]]]
    register: list[tuple[int, str]]

    @property
    def years(self) -> list[str]:
        first = FinancialYear(self.start)
        return [str(year) for year in fy_range(first, first + 2)]

    def targets(self, measure: Measure) -> dict[str, int | float]:
        """Named targets, then "Future Years" for every later year up to the plan's last."""
        found = dict(measure.named_targets)
        if measure.future is not None:
            last_named = FinancialYear.parse(max(self.target_years))
            for year in fy_range(last_named + 1, FinancialYear(self.start + 2)):
                found[str(year)] = measure.future
        return found


@dataclass(frozen=True)
class Layout:
    break_every: int = 0  # repeat the header after this many rows (0: never)
    crlf: bool = False
    shuffle: int | None = None  # seed for reordering rows within each table
    blank_lines: int = 1


def make_spec(
    seed: int,
    *,
    priority: str = "Housing",
    prefix: str = "HOU",
    start: int = 2027,
    targets: int | None = None,
    future: bool | None = None,
) -> Spec:
    """A plan of the family with random sizes, years, values, posts and partners; ``targets``
    (named target years) and ``future`` (a Future Years column) are drawn unless given."""
    rnd = random.Random(seed)
    place, county = rnd.choice(PLACES), rnd.choice(COUNTIES)
    depts = rnd.sample(DEPARTMENTS, 3)
    posts = [
        f"Head of {depts[0]}",
        f"{depts[1].split(',')[0]} Manager",
        "Tenancy Officer Anti-social Behaviour",
        "Deputy Chief Executive",
        f"Assistant Director - {depts[2]}",
        "Chief Executive",
    ]
    letters = prefix[:2].upper()
    objectives = [
        (
            f"{letters}{n}",
            f"Objective number {n} for {priority.lower()}",
            [
                (dept, [f"Deliver service {n}.{k} well" for k in range(rnd.randint(1, 3))])
                for dept in depts[: rnd.randint(1, 3)]
            ],
        )
        for n in range(1, rnd.randint(2, 4))
    ]
    first = FinancialYear(start)
    actual_years = [str(first - k) for k in range(rnd.randint(2, 4) + 1, 1, -1)]
    target_years = [str(first - 1 + k) for k in range(targets or rnd.randint(1, 4))]
    future = rnd.random() < 0.7 if future is None else future
    pool = rnd.sample(range(1, 400), 200)
    pool.sort(key=lambda n: n >= 100)  # the first measure gets a number printable unpadded
    numbers = iter(pool[:1] + rnd.sample(pool[1:], len(pool) - 1))

    def measure(percent: bool = False, targeted: bool = False) -> Measure:
        code = f"{prefix}_{next(numbers):03d}"
        top = 100 if percent else rnd.choice((50, 900, 25000))
        value = (
            (lambda: round(rnd.uniform(1, top), 1)) if percent else (lambda: rnd.randint(0, top))
        )
        m = Measure(
            code,
            f"{rnd.choice(NOUNS).capitalize()} {code[-3:]}",
            {year: value() for year in actual_years},
            percent=percent,
        )
        if targeted:
            m.named_targets = {year: value() for year in target_years}
            m.future = value() if future else None
            m.owner = rnd.choice(posts[:3])
            m.comment = rnd.choice(("", "Data from the housing system.", "Annual survey."))
        return m

    sections = {name: [measure() for _ in range(rnd.randint(2, 6))] for name in depts[:2]}
    csi = {
        code: [measure(rnd.random() < 0.3, True) for _ in range(rnd.randint(1, 3))]
        for code, _, _ in objectives
    }
    shared = sections[depts[0]][0]  # listed in service data and as a CSI, printed "HOU_12"
    shared_csi = Measure(
        shared.code,
        shared.title,
        dict(shared.actuals),
        printed=(f"{prefix}_{int(shared.code[-3:])}"),
        owner=posts[0],
    )
    shared_csi.named_targets = {year: 1 for year in target_years}
    shared_csi.future = 1 if future else None
    csi[objectives[0][0]].append(shared_csi)
    parent = measure()
    subs = [
        Measure(f"{parent.code}{s}", f"{parent.title} – band {s}", {}, parent=parent.code)
        for s in "abc"
    ]
    sections[depts[0]].append(parent)
    list_row = (
        f"Time for {parent.title.lower()} to be closed:",
        subs,
        [rnd.randint(1, 99) for _ in actual_years],
    )
    lead = measure()
    lead_subs = [
        Measure(f"{lead.code}{s}", f"{lead.title} – band {s}", {}, parent=lead.code) for s in "ab"
    ]
    kpi = [measure(rnd.random() < 0.5, True) for _ in range(rnd.randint(1, 5))]
    mpi = [measure(True, True) for _ in range(rnd.randint(1, 5))]
    paired = (measure(False, True), measure(True, True))
    paired[1].owner = paired[0].owner
    bodies = [
        "Police",
        "Voluntary Sector",
        "Change Grow Live",
        "Fire",
        "Probation",
        "Victim Support",
        f"{county} County Council",
        f"{county} Police",
        "Housing Associations",
    ]
    actions = []
    for n in range(1, rnd.randint(4, 12)):
        partners = rnd.sample(bodies, rnd.randint(0, 3))
        joiner = rnd.choice((" ", ", "))
        actions.append(
            Action(
                f"{prefix}S{start % 100}{(start + 3) % 100}_{n:02d}",
                f"Deliver project {n} for {place}",
                rnd.random() < 0.5,
                partners,
                joiner.join(partners) or rnd.choice(("None", "")),
                rnd.sample(posts, rnd.randint(1, 3)),
                rnd.choice(MONTHS),
                start + rnd.randint(0, 2),
            )
        )
    budget = [
        (
            kind,
            f"{kind.capitalize()} from project {n}",
            actions[n].code,
            [-rnd.randint(1, 90) * 1000 for _ in range(3)],
        )
        for n, kind in enumerate(rnd.sample(["implication", "efficiency", "income"], 2))
    ]
    register = sorted((rnd.randint(1, 30), f"Failure number {n}") for n in range(4))
    register = list(dict(register).items())
    key_tasks = [(a.title, [a.code], rnd.sample([r for r, _ in register], 2)) for a in actions[:3]]
    return Spec(
        f"{place} Borough Council",
        priority,
        start,
        prefix,
        objectives,
        [
            (
                f"{place} {priority} Strategy {n}",
                rnd.choice(("Updated annually", f"March {start + 3}", str(start + 4))),
                post,
            )
            for n, post in enumerate(posts)
        ],
        posts,
        actual_years,
        target_years,
        future,
        sections,
        csi,
        kpi,
        mpi,
        list_row,
        (lead, lead_subs),
        paired,
        actions,
        budget,
        key_tasks,
        register,
    )


def _num(value: int | float | None, percent: bool) -> str:
    if value is None:
        return "-"
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return text + ("%" if percent else "")


def render(spec: Spec, layout: Layout = Layout()) -> str:
    """The plan as the document's text layout."""
    rnd = random.Random(layout.shuffle)
    out: list[str] = []
    gap = [""] * layout.blank_lines

    def para(*lines: str) -> None:
        for line in lines:
            out.extend([line, *gap])

    def table(header: list[str], rows: list[list[str]]) -> None:
        if layout.shuffle is not None:
            rows = rows[:]
            rnd.shuffle(rows)
        out.append("\t".join(header))
        for n, row in enumerate(rows):
            if layout.break_every and n and n % layout.break_every == 0:
                out.extend([*gap, "\t".join(header)])
            out.append("\t".join(row))
        out.extend(gap)

    years = spec.years
    para(
        "",
        f"{spec.priority} Business Plan {spec.start}–{spec.start + 3}",
        f"This Business Plan details the projects and activity undertaken in support of the "
        f"{spec.organisation} Corporate Plan priority of **{spec.priority.upper()}**.",
        "The Business Plan covers a three-year period but will be revised annually.",
        f"The Council's Vision is 'a better {spec.priority.lower()} for all'.",
        "The Council's Values are:",
    )
    para("- Going the extra mile: **care**", "- Ready for change: **innovation**")
    para(f"The Council's Priorities and Objectives for {spec.priority} are 'A home for everyone':")
    para(*[f"- {title}" for _, title, _ in spec.objectives])
    para("1. Published Strategy and Policy Documents Supporting the delivery of Priorities")
    table(
        [
            "Strategy/Policy Document",
            "Purpose of Document",
            "Renewal Date",
            "Responsible Officer/Contact",
        ],
        [
            [t, f"Sets out the {t.lower()} <ul> • First aim • Second aim", r, o]
            for t, r, o in spec.policies
        ],
    )
    para("2. Service Level Objectives Linked to Corporate Objectives")
    for code, title, depts in spec.objectives:
        para(f"Objective ({code}) – {title}", "Public Services")
        for dept, texts in depts:
            para(f"➤ **{dept}**", *[f"- {text}" for text in texts])
    para("3. Measures of Performance and Service Data", "Context – Baseline Service Data")
    sd_header = [
        "Service Data Description",
        *[f"Actual {y}" for y in spec.actual_years],
        "Comments including benchmarking data",
    ]
    lead, subs, values = spec.list_row
    for n, (section, measures) in enumerate(spec.service_data.items()):
        para(section)
        rows = [
            [
                f"{m.title} ({m.code})",
                *[_num(m.actuals[y], m.percent) for y in spec.actual_years],
                m.comment,
            ]
            for m in measures
        ]
        if n == 0:
            items = " ".join(f"• {s.title.split(' – ')[1]} ({s.code})" for s in subs)
            rows.append([f"<p>{lead}</p> {UL} {items} ", *[str(v) for v in values], "Bands."])
            top, bands = spec.lead_list
            items = " ".join(f"• {s.title.split(' – ')[1]} ({s.code})" for s in bands)
            rows.append(
                [
                    f"<p>{top.title} ({top.code})</p> {UL} {items}",
                    *[_num(top.actuals[y], False) for y in spec.actual_years],
                    "",
                ]
            )
        table(sd_header, rows)
    ind_header = [
        "Indicator Description",
        *[f"Achieved {y}" for y in spec.actual_years],
        *[f"Target {y}" for y in spec.target_years],
        *(["Future Years"] if spec.future else []),
        "Indicator Owner and Comments (incl. benchmarking)",
    ]

    def ind_rows(measures: list[Measure]) -> list[list[str]]:
        return [
            [
                f"{m.title} ({m.printed or m.code})",
                *[_num(m.actuals[y], m.percent) for y in spec.actual_years],
                *[_num(m.named_targets[y], m.percent) for y in spec.target_years],
                *([_num(m.future, m.percent)] if spec.future else []),
                f"{m.owner} {m.comment}".strip(),
            ]
            for m in measures
        ]

    para("Critical Success Indicators (CSI)")
    for code, title, _ in spec.objectives:
        para(f"{title} ({code})")
        table(ind_header, ind_rows(spec.csi[code]))
    para("Key Performance Indicators (KPI)")
    table(ind_header, ind_rows(spec.kpi))
    para("Management Performance Indicators (MPI)")
    count, share = spec.paired
    values = [
        f"{_num(count.actuals[y], False)} {_num(share.actuals[y], True)}" for y in spec.actual_years
    ]
    values += [
        f"{_num(count.named_targets[y], False)} {_num(share.named_targets[y], True)}"
        for y in spec.target_years
    ]
    if spec.future:
        values.append(f"{_num(count.future, False)} {_num(share.future, True)}")
    paired_row = [
        f"Respond within 5 working days ({count.code} – (number of)) ({share.code} – (%))",
        *values,
        count.owner,
    ]
    table(ind_header, [*ind_rows(spec.mpi), paired_row])
    para(f"4. Key Tasks and Priorities for Improvement {years[0]} – {years[-1]}")
    table(
        [
            "Action",
            "Targeted Outcome",
            "Partnership / Procurement Arrangement",
            "Officers Responsible / Target Date",
            "Budget Implications / Efficiencies / Other comments",
        ],
        [
            [
                f"{a.title} {a.code}{' (New)' if a.new else ''}",
                "Better outcomes",
                a.partners_text,
                f"{' '.join(a.officers)} {a.month} {a.year}",
                "Within existing resources",
            ]
            for a in spec.actions
        ],
    )
    para("5. Link Key Tasks and Priorities for Improvement to the Financial Budgets")
    blocks = {
        "implication": "Budget Implications",
        "efficiency": "Efficiencies Generated",
        "income": "New business/increased income",
    }
    budget_rows = []
    for kind, label in blocks.items():
        budget_rows.append([label, "", "", "", ""])
        budget_rows += [
            [
                d,
                a,
                *[f"({-v:,})" for v in amounts],
            ]
            for k, d, a, amounts in spec.budget
            if k == kind
        ] or [["-", "", "", "", ""]]
    budget_rows.append(["Net Change in Revenue Budgets", "", "NOTE*", "NOTE*", "NOTE*"])
    out.extend(
        [
            "Revenue and Capital Budget Implications/Efficiencies Generated\tAction\t"
            + "\t".join(f"{y} Budget £" for y in years),
            *["\t".join(r) for r in budget_rows],
            *gap,
        ]
    )
    para("* Budget implications to be confirmed.", "6. Summary Of Key Risks")
    table(
        ["Key Strategic Risk", "Action to be taken or required to mitigate/minimise the risk"],
        [["Failure to deliver the plan", "Monitor quarterly"]],
    )
    table(
        [
            "Key Task",
            "Risk or Threat to Key Task",
            "Covered by an existing Strategic Risk?",
            "Action taken/required to mitigate/minimise the risk or threat",
        ],
        [
            [
                f"{task} {' '.join(codes)}",
                "Delay",
                "Yes – Risks " + ", ".join(map(str, risks)),
                "Lead officers identified",
            ]
            for task, codes, risks in spec.key_tasks
        ],
    )
    para(f"Risks as extracted from the Strategic Risk Register as at March {spec.start}:")
    para(*[f"Risk {n}: {title}" for n, title in spec.register])
    return ("\r\n" if layout.crlf else "\n").join(out)
