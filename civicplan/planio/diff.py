"""What changed between two Plan JSON dicts, in words an officer can read.

Lists are matched by their natural keys (indicator code, action code, policy title …), so a
reordered or revised document reports "ComS_001: targets 2026/27 changed from 6800 to 6700"
rather than a wall of positional differences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Key = Callable[[dict[str, Any]], Any]

_KEYED: list[tuple[str, str, Key]] = [
    ("objectives", "objective", lambda o: o["code"]),
    ("policies", "policy", lambda p: p["title"]),
    ("indicators", "indicator", lambda i: i["code"]),
    ("actions", "action", lambda a: a["code"]),
    ("budget_lines", "budget line", lambda b: f"{b['kind']}: {b['description']}"),
]
_RISK_KEYED: list[tuple[str, str, Key]] = [
    ("strategic", "key strategic risk", lambda r: r["title"]),
    ("register", "register risk", lambda r: r["number"]),
    ("key_tasks", "key-task risk", lambda r: r["task"]),
]


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 80 else text[:77] + "…"


def _leaf_changes(old: Any, new: Any, path: str) -> list[str]:
    """Differences between two nested values, one line per changed leaf."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in list(old) + [k for k in new if k not in old]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in new:
                out.append(f"{sub} removed (was {_short(old[key])})")
            elif key not in old:
                out.append(f"{sub} set to {_short(new[key])}")
            else:
                out.extend(_leaf_changes(old[key], new[key], sub))
        return out
    if old != new:
        return [f"{path or 'value'} changed from {_short(old)} to {_short(new)}"]
    return []


def _keyed_changes(label: str, old: list[dict], new: list[dict], key: Key) -> list[str]:
    old_by = {key(item): item for item in old}
    new_by = {key(item): item for item in new}
    out = [f"{label} {k} added" for k in new_by if k not in old_by]
    out += [f"{label} {k} removed" for k in old_by if k not in new_by]
    for k, item in new_by.items():
        if k in old_by:
            out += [f"{label} {k}: {line}" for line in _leaf_changes(old_by[k], item, "")]
    if not out and [key(i) for i in old] != [key(i) for i in new]:
        out.append(f"{label}s reordered")
    return out


def plan_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Readable changes from ``old`` to ``new`` (findings are not compared: they are reported)."""
    if old is None:
        return ["plan created"]
    changes = _leaf_changes(old.get("plan"), new.get("plan"), "plan")
    for field, label, key in _KEYED:
        changes += _keyed_changes(label, old.get(field, []), new.get(field, []), key)
    old_risks, new_risks = old.get("risks", {}), new.get("risks", {})
    for field, label, key in _RISK_KEYED:
        changes += _keyed_changes(label, old_risks.get(field, []), new_risks.get(field, []), key)
    changes += _leaf_changes(
        old_risks.get("register_as_at"), new_risks.get("register_as_at"), "risk register date"
    )
    if old.get("measure_rows") != new.get("measure_rows"):
        changes.append("layout of the measures tables changed")
    changes += _leaf_changes(old.get("budget_notes"), new.get("budget_notes"), "budget notes")
    return changes
