"""Writing a stored plan out in each format ``civicplan export-plan`` offers.

Every format starts from the same Plan JSON dict (``plan_export``): the document formats build the
``PlanDocument`` from it, the spreadsheet formats the plan's tables (with the monitoring values and
task statuses the database holds).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from civicplan.planio.plan_document import build_plan_document
from civicplan.planio.plan_json import plan_export, plan_json_dumps
from civicplan.planio.render_docx import render_docx
from civicplan.planio.render_sheets import render_xlsx, write_csv_folder
from civicplan.planio.render_text import render_text
from civicplan.planio.selectors import monitoring_rows, task_latest_statuses
from civicplan.planio.tables import Sheet, build_plan_tables
from civicplan.plans.models import Plan

FORMATS = ("json", "text", "docx", "xlsx", "csv")
BINARY = frozenset({"docx", "xlsx"})


def plan_sheets(plan: Plan, *, as_of: dt.date) -> list[Sheet]:
    """Every table of the plan, with its monitoring values and the key tasks' latest statuses."""
    return build_plan_tables(
        plan_export(plan),
        statuses=task_latest_statuses(plan),
        monitoring=monitoring_rows(plan, as_of=as_of),
    )


def plan_export_bytes(plan: Plan, fmt: str, *, as_of: dt.date) -> bytes:
    """One file's content for ``json``, ``text``, ``docx`` or ``xlsx``."""
    if fmt == "json":
        return plan_json_dumps(plan_export(plan)).encode("utf-8")
    if fmt == "text":
        return render_text(build_plan_document(plan_export(plan))).encode("utf-8")
    if fmt == "docx":
        return render_docx(build_plan_document(plan_export(plan)))
    if fmt == "xlsx":
        return render_xlsx(plan_sheets(plan, as_of=as_of), title=plan.title)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def plan_export_csv(plan: Plan, folder: Path, *, as_of: dt.date) -> list[Path]:
    """A CSV file for every table of the plan in ``folder``."""
    return write_csv_folder(plan_sheets(plan, as_of=as_of), folder)
