"""A small, realistic Plan JSON document built from the seed plan, for tests of any page or report.

``plan_data()`` returns a fresh dict (change it freely) that ``plan_apply`` accepts; ``scale=3``
adds two renamed copies of every list, so query-count tests can compare a plan three times the size.
``plan_create()`` applies it and returns the plan. The figures are the seed's own (ComS_001 7,162 /
7,123 / 6,869 against 6,800; ComS_024 37% / 24% / 27% against 24% / 22% / 20% / 20%), so tests can
assert exact values.
"""

from __future__ import annotations

import copy
from typing import Any

from civicplan.planio.apply import plan_apply
from civicplan.plans.models import Plan

HEAD_OF_COMMUNITIES = "Head of Communities and Community Safety"
HEAD_OF_EH = "Head of Environmental Health, Licensing and Private Sector Housing"
CRIME_MANAGER = "Communities and Crime Manager"
LICENSING_MANAGER = "Licensing Manager"

VAWG_STRATEGY = "Ending Violence Against Women and Girls Strategy 2021 – 2024"

_PLAN: dict[str, Any] = {
    "format": "civicplan.plan/1",
    "plan": {
        "organisation": "Broxtowe Borough Council",
        "priority": "Community Safety",
        "title": "Community Safety Business Plan 2026–2029",
        "period": {"first_year": "2026/27", "last_year": "2028/29"},
        "vision": "greener, safer, healthier Broxtowe, where everyone prospers",
        "values": ["Going the extra mile: a strong, caring focus on the needs of communities"],
        "objectives_statement": "A safe place for everyone",
        "introduction": [],
    },
    "objectives": [
        {
            "code": "CS1",
            "title": "Reduce anti-social behaviour in Broxtowe",
            "service_objectives": [
                {
                    "service_area": "Public Protection",
                    "department": "Communities and Community Safety",
                    "text": "To effectively run and manage an Anti-Social Behaviour Panel made up "
                    "of representatives of partner agencies",
                },
                {
                    "service_area": "Public Protection",
                    "department": "Communities and Community Safety",
                    "text": "To work in partnership to provide support for vulnerable people",
                },
                {
                    "service_area": "Public Protection",
                    "department": "Environmental Health",
                    "text": "Effectively dealing with statutory nuisance and other aspects of "
                    "anti-social behaviour",
                },
                {
                    "service_area": "Public Protection",
                    "department": "Housing",
                    "text": "To investigate and resolve anti-social behaviour in council tenancies",
                },
            ],
        },
        {
            "code": "CS2",
            "title": "Work with partners to reduce violence and improve public safety",
            "service_objectives": [
                {
                    "service_area": "Public Protection",
                    "department": "Communities and Community Safety",
                    "text": "To maintain the Councils Accreditation for White Ribbon",
                },
                {
                    "service_area": "Public Protection",
                    "department": "Corporate Services",
                    "text": "Ensure safety within car parking areas owned and managed by Broxtowe "
                    "Borough Council",
                },
            ],
        },
        {
            "code": "CS3",
            "title": "Reduce Drug and Alcohol Use",
            "service_objectives": [
                {
                    "service_area": "Public Protection",
                    "department": "Communities and Community safety",
                    "text": "Work with partners to promote access to treatment services for "
                    "alcohol and drugs",
                },
            ],
        },
    ],
    "policies": [
        {
            "title": "Corporate Plan",
            "purpose": "The Council's overarching plan for its priorities, targets and objectives.",
            "purpose_items": [],
            "owners": ["Chief Executive"],
            "renewal": {"text": "April 2028", "date": "2028-04-30", "recurrence": None},
        },
        {
            "title": "Business Strategy",
            "purpose": "Designed to ensure that the Council is:",
            "purpose_items": [
                "Lean and fit in its assets, systems and processes",
                "Customer focused in all its activities",
            ],
            "owners": ["Deputy Chief Executive"],
            "renewal": {"text": "Updated annually", "date": None, "recurrence": "annual"},
        },
        {
            "title": "Medium Term Financial Strategy",
            "purpose": "The Council's key financial planning document.",
            "purpose_items": [],
            "owners": ["Deputy Chief Executive", "Assistant Director - Finance Services"],
            "renewal": {"text": "Updated annually", "date": None, "recurrence": "annual"},
        },
        {
            "title": VAWG_STRATEGY,
            "purpose": "National strategy which sets out details of the government's vision to "
            "tackle violence against women and girls.",
            "purpose_items": [],
            "owners": ["Home Office"],
            "renewal": {
                "text": "2024 due Summer 2025 – awaited",
                "date": "2025-08-31",
                "recurrence": None,
            },
        },
        {
            "title": "Broxtowe Hackney Carriage and Private Hire Policy",
            "purpose": "Declares the Council's policies in relation to licensing, enforcement and "
            "appeals procedures for all taxi matters",
            "purpose_items": [],
            "owners": [LICENSING_MANAGER],
            "renewal": {"text": "Under constant review", "date": None, "recurrence": "continuous"},
        },
        {
            "title": "Broxtowe Dog Control Policy",
            "purpose": "Outlines the Council's approach to dealing with the control of dogs",
            "purpose_items": [],
            "owners": ["Parks and Open Spaces Manager"],
            "renewal": {"text": "July 2027", "date": "2027-07-31", "recurrence": None},
        },
    ],
    "indicators": [
        {
            "code": "ComS_001",
            "aliases": [],
            "title": "All crime",
            "unit": "count",
            "polarity": "lower",
            "polarity_source": "inferred",
            "frameworks": ["service_data", "csi"],
            "objective": "CS3",
            "section": "Communities",
            "parent": None,
            "owners": [HEAD_OF_COMMUNITIES],
            "comments": "Performance measure previously recorded as Service Data measure prior to "
            "2025/26",
            "actuals": {"2022/23": 7162, "2023/24": 7123, "2024/25": 6869},
            "targets": {"2025/26": 6800, "2026/27": 6800, "2027/28": 6800, "2028/29": 6800},
        },
        {
            "code": "ComS_012",
            "aliases": [],
            "title": "Reduction in ASB cases reported in the Borough to Environmental Health",
            "unit": "count",
            "polarity": "lower",
            "polarity_source": "stated",
            "frameworks": ["service_data", "csi", "kpi"],
            "objective": "CS1",
            "section": "Communities",
            "parent": None,
            "owners": [HEAD_OF_EH],
            "comments": None,
            "actuals": {"2022/23": 438, "2023/24": 412, "2024/25": 433},
            "targets": {"2025/26": 400, "2026/27": 400, "2027/28": 400, "2028/29": 400},
        },
        {
            "code": "ComS_012a",
            "aliases": [],
            "title": "Less than 3 months",
            "unit": "count",
            "polarity": None,
            "polarity_source": None,
            "frameworks": ["service_data"],
            "objective": None,
            "section": "Communities",
            "parent": "ComS_012",
            "owners": [],
            "comments": None,
            "actuals": {},
            "targets": {},
        },
        {
            "code": "ComS_024",
            "aliases": ["ComS_24"],
            "title": "High risk domestic abuse cases re-referred to the Multi Agency Risk "
            "Assessment Conference [expressed as a % of the total number of referrals]",
            "unit": "percent",
            "polarity": "lower",
            "polarity_source": "inferred",
            "frameworks": ["service_data", "csi"],
            "objective": "CS2",
            "section": "Communities",
            "parent": None,
            "owners": [HEAD_OF_COMMUNITIES],
            "comments": None,
            "actuals": {"2022/23": 37, "2023/24": 24, "2024/25": 27},
            "targets": {"2025/26": 24, "2026/27": 22, "2027/28": 20, "2028/29": 20},
        },
        {
            "code": "ComS_024a",
            "aliases": [],
            "title": "High risk cases of domestic violence in Broxtowe reported to South "
            "Nottinghamshire Multi-Agency Risk Assessment Conference (MARAC)",
            "unit": "count",
            "polarity": None,
            "polarity_source": None,
            "frameworks": ["service_data"],
            "objective": None,
            "section": "Communities",
            "parent": "ComS_024",
            "owners": [],
            "comments": None,
            "actuals": {"2022/23": 181, "2023/24": 161, "2024/25": 91},
            "targets": {},
        },
        {
            "code": "ComS_033",
            "aliases": [],
            "title": "Residents surveyed who feel safe when outside in Nottinghamshire after "
            "dark (%)",
            "unit": "percent",
            "polarity": "higher",
            "polarity_source": "inferred",
            "frameworks": ["csi"],
            "objective": "CS2",
            "section": None,
            "parent": None,
            "owners": [HEAD_OF_COMMUNITIES],
            "comments": "Only data available Nottinghamshire Police and Crime Commissioner "
            "Resident's Survey which is not disaggregated",
            "actuals": {"2022/23": 57.7, "2023/24": 62.2, "2024/25": 62.2},
            "targets": {"2025/26": 65, "2026/27": 65, "2027/28": 65, "2028/29": 65},
        },
        {
            "code": "ComS_038",
            "aliases": [],
            "title": "Food business Inspections",
            "unit": "count",
            "polarity": None,
            "polarity_source": None,
            "frameworks": ["service_data"],
            "objective": None,
            "section": "Environmental Health",
            "parent": None,
            "owners": [],
            "comments": "Includes 102 newly registered premises",
            "actuals": {"2022/23": 560, "2023/24": 442, "2024/25": 479},
            "targets": {},
        },
        {
            "code": "ComS_093a",
            "aliases": [],
            "title": "Number of pro-active liquor licensing inspections",
            "unit": "count",
            "polarity": "higher",
            "polarity_source": "inferred",
            "frameworks": ["mpi"],
            "objective": None,
            "section": "Licensing",
            "parent": None,
            "owners": [LICENSING_MANAGER],
            "comments": None,
            "actuals": {"2022/23": 51, "2023/24": 50, "2024/25": 40},
            "targets": {"2025/26": 40, "2026/27": 40, "2027/28": 40, "2028/29": 40},
        },
    ],
    "measure_rows": [
        {
            "framework": "service_data",
            "section": "Communities",
            "objective": None,
            "title": "All crime",
            "items": [],
            "codes": ["ComS_001"],
            "value_codes": ["ComS_001"],
            "owners": [],
            "comments": None,
            "unassigned": None,
        },
        {
            "framework": "service_data",
            "section": "Communities",
            "objective": None,
            "title": "High risk cases of domestic violence in Broxtowe reported to South "
            "Nottinghamshire MARAC which are repeats (%)",
            "items": [],
            "codes": ["ComS_024"],
            "value_codes": ["ComS_024"],
            "owners": [],
            "comments": None,
            "unassigned": None,
        },
        {
            "framework": "service_data",
            "section": "Communities",
            "objective": None,
            "title": "Time for ASB incidents reported to Environmental Health to be closed:",
            "items": ["Less than 3 months"],
            "codes": ["ComS_012a"],
            "value_codes": [],
            "owners": [],
            "comments": "Cases run over year endings so data will, not be not equal to the cases "
            "reported in any given year",
            "unassigned": {
                "actuals": {"2022/23": 327, "2023/24": 324, "2024/25": 289},
                "targets": {},
            },
        },
        {
            "framework": "csi",
            "section": None,
            "objective": "CS2",
            "title": "High risk domestic abuse cases re-referred to the Multi Agency Risk "
            "Assessment Conference [expressed as a % of the total number of referrals]",
            "items": [],
            "codes": ["ComS_024"],
            "value_codes": ["ComS_024"],
            "owners": [HEAD_OF_COMMUNITIES],
            "comments": None,
            "unassigned": None,
        },
        {
            "framework": "csi",
            "section": None,
            "objective": "CS3",
            "title": "All crime",
            "items": [],
            "codes": ["ComS_001"],
            "value_codes": ["ComS_001"],
            "owners": [HEAD_OF_COMMUNITIES],
            "comments": "Performance measure previously recorded as Service Data measure prior to "
            "2025/26",
            "unassigned": None,
        },
    ],
    "actions": [
        {
            "code": "BCRP_",
            "title": "Produce and implement a new Broxtowe Crime Reduction Plan",
            "new": False,
            "outcome": "Reduction in all crime types and improvements in community confidence",
            "partners": ["Police", "Voluntary Sector", "Change Grow Live"],
            "officers": [HEAD_OF_COMMUNITIES, CRIME_MANAGER],
            "target_date": "2030-03-31",
            "target_date_text": "March 2030",
            "budget_note": "Some activity is dependent on resources being allocated by Police "
            "and Crime Commissioner",
        },
        {
            "code": "BCRPASB_29",
            "title": "Review ASB Policy (including ASB action plan)",
            "new": False,
            "outcome": "Deliver an efficient and effective service for residents",
            "partners": ["Other local authority partners", "Police and Crime Commissioner"],
            "officers": [HEAD_OF_COMMUNITIES, CRIME_MANAGER],
            "target_date": "2028-03-31",
            "target_date_text": "March 2028",
            "budget_note": "Within existing resources and budgets",
        },
        {
            "code": "COMS2629_16",
            "title": "Produce and deliver South Notts Community Safety Partnership Serious "
            "Violence Response Plan",
            "new": True,
            "outcome": "Reduce Violence across South Notts",
            "partners": [
                "Violence Reduction Partnership",
                "Police",
                "Nottinghamshire County Council",
                "Health",
                "Fire",
            ],
            "officers": [HEAD_OF_COMMUNITIES, "Senior Communities Officer Violence Domestic Abuse"],
            "target_date": "2027-01-31",
            "target_date_text": "January 2027",
            "budget_note": "Within existing resources and budgets",
        },
        {
            "code": "COMS2629_07",
            "title": "Consult, Review and renew PSPO's",
            "new": True,
            "outcome": "PSPOs renewed where appropriate and removed where not",
            "partners": ["Police"],
            "officers": [HEAD_OF_COMMUNITIES, CRIME_MANAGER],
            "target_date": "2029-04-30",
            "target_date_text": "April 2029",
            "budget_note": "Within existing resources and budgets unless extensions are proposed",
        },
        {
            "code": "COMS2629_05.1",
            "title": "Review Vulnerable Persons Policy",
            "new": True,
            "outcome": "Support vulnerable residents in the Borough",
            "partners": [],
            "officers": [HEAD_OF_COMMUNITIES],
            "target_date": "2027-03-31",
            "target_date_text": "March 2027",
            "budget_note": "Within existing resources and budgets",
        },
        {
            "code": "COMS2629_15",
            "title": "Embed the Cross departmental ASB Memorandum Of Understanding (MoU)",
            "new": True,
            "outcome": "Streamline case management system for cross departmental cases",
            "partners": ["Communities", "Environmental Health"],
            "officers": [HEAD_OF_EH, HEAD_OF_COMMUNITIES, CRIME_MANAGER],
            "target_date": "2029-03-31",
            "target_date_text": "March 2029",
            "budget_note": "Streamlining ASB cases between departments.",
        },
    ],
    "budget_lines": [
        {
            "kind": "efficiency",
            "description": "Reduction in ASB cases relating to subjects of PSPO's",
            "action": "COMS2629_07",
            "amounts": {"2026/27": -20000, "2027/28": -20000, "2028/29": -20000},
        },
        {
            "kind": "efficiency",
            "description": "Reduction in time taken to manage cross departmental ASB cases",
            "action": "COMS2629_15",
            "amounts": {"2026/27": -10000, "2027/28": -10000, "2028/29": -10000},
        },
        {
            "kind": "income",
            "description": "Funding applied for as they become available",
            "action": "Funding bids",
            "amounts": {"2026/27": -60000, "2027/28": -40000, "2028/29": -40000},
        },
        {
            "kind": "income",
            "description": "Actions to in work from partner agencies",
            "action": "BCRP_",
            "amounts": {"2026/27": -30000, "2027/28": -30000, "2028/29": -30000},
        },
    ],
    "budget_notes": [
        "Budget implications to be considered and confirmed once project business cases have "
        "been finalised.",
        "External contributions are to be confirmed.",
    ],
    "risks": {
        "strategic": [
            {
                "title": "Failure to contribute effectively to dealing with crime and disorder",
                "mitigation": "Ensure due regard is paid, and adequate resources are made "
                "available to effectively deal with crime and disorder",
            },
            {
                "title": "Failure to produce fit for purpose Food Service Plan",
                "mitigation": "Ensure fit for purpose Food Service Plan is produced in timely "
                "manner and make adequate resources available to implement",
            },
        ],
        "register": [
            {
                "number": 2,
                "title": "Failure to obtain adequate resources to achieve service objectives",
            },
            {"number": 7, "title": "Not complying with legislation"},
            {
                "number": 13,
                "title": "Failure to contribute effectively to dealing with crime and disorder",
            },
            {
                "number": 21,
                "title": "Failure to comply with duty as a service provider and "
                "employer to groups such as children, the elderly, vulnerable adults etc.",
            },
        ],
        "key_tasks": [
            {
                "task": "Review Policies",
                "actions": ["BCRPASB_29", "COMS2629_16", "COMS2629_05.1", "BCRP2629_07"],
                "threat": "Vulnerable residents unprotected Not compliant with duty",
                "register_risks": [2, 7, 13, 21],
                "covered": True,
                "mitigation": "Lead officers identified",
            },
            {
                "task": "Consult, Review and renew PSPO's",
                "actions": ["COMS2526_01"],
                "threat": "Insufficient response to consultation",
                "register_risks": [2, 7, 13],
                "covered": True,
                "mitigation": "Lead officers identified",
            },
            {
                "task": "Develop and deliver a multi-agency partnership Action Plans",
                "actions": ["BCRP_"],
                "threat": "Partners disengage Actions not delivered",
                "register_risks": [2, 13, 12],
                "covered": None,
                "mitigation": "Lead officers identified partnerships supported",
            },
        ],
        "register_as_at": "February 2026",
    },
    "findings": [
        {
            "kind": "code_spelling",
            "line": 228,
            "message": "ComS_24 is written without its leading zero; read as ComS_024.",
            "suggestion": "ComS_024",
        },
        {
            "kind": "unknown_action_code",
            "line": 357,
            "message": "The key-task risk cites BCRP2629_07, which is not in the key tasks table.",
            "suggestion": "COMS2629_07",
        },
        {
            "kind": "unknown_action_code",
            "line": 361,
            "message": "The key-task risk cites COMS2526_01, which is not in the key tasks table.",
            "suggestion": None,
        },
    ],
}


def _copy_code(code: str, copy_number: int) -> str:
    return f"{code}x{copy_number}"


def _scaled_copy(data: dict[str, Any], n: int) -> dict[str, Any]:
    """The lists of ``data`` renamed for copy ``n`` (codes, titles, posts and partners alike)."""
    code = {i["code"]: _copy_code(i["code"], n) for i in data["indicators"]}
    action = {a["code"]: _copy_code(a["code"], n) for a in data["actions"]}

    def post(title: str) -> str:
        return f"{title} ({n})"

    def indicator(item: dict[str, Any]) -> dict[str, Any]:
        return {
            **item,
            "code": code[item["code"]],
            "aliases": [_copy_code(a, n) for a in item["aliases"]],
            "parent": code.get(item["parent"]) if item["parent"] else None,
            "owners": [post(o) for o in item["owners"]],
        }

    def risk(item: dict[str, Any]) -> dict[str, Any]:
        return {
            **item,
            "task": f"{item['task']} ({n})",
            "actions": [action.get(a, _copy_code(a, n)) for a in item["actions"]],
            "register_risks": [r + 100 * n for r in item["register_risks"]],
        }

    return {
        "service_objectives": {
            o["code"]: [
                {**s, "department": f"{s['department']} ({n})"} for s in o["service_objectives"]
            ]
            for o in data["objectives"]
        },
        "policies": [
            {**p, "title": f"{p['title']} ({n})", "owners": [post(o) for o in p["owners"]]}
            for p in data["policies"]
        ],
        "indicators": [indicator(i) for i in data["indicators"]],
        "measure_rows": [
            {
                **r,
                "codes": [code[c] for c in r["codes"]],
                "value_codes": [code[c] for c in r["value_codes"]],
            }
            for r in data["measure_rows"]
        ],
        "actions": [
            {
                **a,
                "code": action[a["code"]],
                "officers": [post(o) for o in a["officers"]],
                "partners": [post(p) for p in a["partners"]],
            }
            for a in data["actions"]
        ],
        "budget_lines": [
            {
                **b,
                "description": f"{b['description']} ({n})",
                "action": action.get(b["action"], b["action"]),
            }
            for b in data["budget_lines"]
        ],
        "strategic": [{**r, "title": f"{r['title']} ({n})"} for r in data["risks"]["strategic"]],
        "register": [{**r, "number": r["number"] + 100 * n} for r in data["risks"]["register"]],
        "key_tasks": [risk(r) for r in data["risks"]["key_tasks"]],
        "findings": [dict(f) for f in data["findings"]],
    }


def plan_data(*, scale: int = 1) -> dict[str, Any]:
    """The small plan; with ``scale`` > 1, that many times the rows in every list."""
    data = copy.deepcopy(_PLAN)
    base = copy.deepcopy(_PLAN)
    for n in range(2, scale + 1):
        extra = _scaled_copy(base, n)
        for objective in data["objectives"]:
            objective["service_objectives"] += extra["service_objectives"][objective["code"]]
        for key in (
            "policies",
            "indicators",
            "measure_rows",
            "actions",
            "budget_lines",
            "findings",
        ):
            data[key] += extra[key]
        for key in ("strategic", "register", "key_tasks"):
            data["risks"][key] += extra[key]
    return data


def plan_create(*, scale: int = 1) -> Plan:
    """Apply ``plan_data(scale=scale)`` through ``plan_apply``, the one way in; return the plan."""
    return plan_apply(plan_data(scale=scale), source_name="tests/factories/plan_data.py").plan
