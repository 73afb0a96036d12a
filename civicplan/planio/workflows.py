"""Importing a plan file: read it, parse or load it, and hand it to ``plan_apply``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civicplan.planio.apply import PlanDataError, plan_apply
from civicplan.planio.importer import PlanFormatError, parse_plan_bytes
from civicplan.plans.models import Plan

if TYPE_CHECKING:
    from civicplan.accounts.actors import Actor


@dataclass
class PlanImportResult:
    plan: Plan
    created: bool
    changes: list[str]
    findings: list[dict[str, Any]]
    counts: dict[str, int]

    def summary_text(self) -> str:
        return ", ".join(f"{count} {label}" for label, count in self.counts.items())


def plan_counts(data: dict[str, Any]) -> dict[str, int]:
    """What a plan holds, as an officer would count the document's rows."""
    rows = Counter(row["framework"] for row in data.get("measure_rows") or [])
    risks = data.get("risks") or {}
    return {
        "policies": len(data.get("policies") or []),
        "objectives": len(data.get("objectives") or []),
        "service-level objectives": sum(
            len(o.get("service_objectives") or []) for o in data.get("objectives") or []
        ),
        "indicators": len(data.get("indicators") or []),
        "service-data rows": rows["service_data"],
        "CSI rows": rows["csi"],
        "KPI rows": rows["kpi"],
        "MPI rows": rows["mpi"],
        "key tasks": len(data.get("actions") or []),
        "budget lines": len(data.get("budget_lines") or []),
        "key strategic risks": len(risks.get("strategic") or []),
        "key-task risks": len(risks.get("key_tasks") or []),
        "register risks": len(risks.get("register") or []),
    }


def _looks_like_json(raw: bytes) -> bool:
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def plan_read_bytes(raw: bytes, *, as_of: dt.date) -> dict[str, Any]:
    """A Plan JSON dict from either format; JSON keeps the findings it carries."""
    if _looks_like_json(raw):
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise PlanFormatError(f"the file is not UTF-8 text ({exc.reason})", line=None) from exc
        except json.JSONDecodeError as exc:
            raise PlanFormatError(
                f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
            ) from exc
        if not isinstance(data, dict):
            raise PlanDataError("a Plan JSON document must be an object")
        return data
    return parse_plan_bytes(raw, as_of=as_of)


def plan_import_file(path: Path, *, as_of: dt.date, by: Actor = None) -> PlanImportResult:
    """Import one file in one transaction; the same file twice changes nothing."""
    raw = Path(path).read_bytes()
    data = plan_read_bytes(raw, as_of=as_of)
    result = plan_apply(
        data, by=by, source_name=Path(path).name, source_sha256=hashlib.sha256(raw).hexdigest()
    )
    return PlanImportResult(
        plan=result.plan,
        created=result.created,
        changes=result.changes,
        findings=list(data.get("findings") or []),
        counts=plan_counts(data),
    )
