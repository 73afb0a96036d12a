"""Posting GOV.UK forms from tests."""

from __future__ import annotations

from typing import Any


def form_data(prefix: str, **values: Any) -> dict[str, str]:
    """POST data for a prefixed form: ``progress-status`` …; dates as ``name`` = (d, m, y)."""
    data: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, tuple):
            for part, text in zip(("day", "month", "year"), value, strict=True):
                data[f"{prefix}-{name}-{part}"] = str(text)
        elif isinstance(value, list):
            data[f"{prefix}-{name}"] = value  # type: ignore[assignment]
        else:
            data[f"{prefix}-{name}"] = str(value)
    return data
