"""What the monitoring pages share: today's date, periods in URLs, and statuses as GOV.UK Tags.

Statuses are always words in a Tag; the colour is a second signal only (the guide's rule, and
WCAG 1.4.1). The pages judge lateness by ``core.clock.today()``, the council's today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from civicplan.core import clock
from civicplan.core.formats import date_text
from civicplan.core.periods import Period
from civicplan.core.tables import Cell, Tag, absent, choice_tag, person_text, tagged, text
from civicplan.indicators.models import Indicator
from civicplan.indicators.rules import Direction, RagStatus
from civicplan.indicators.tables import figure_text
from civicplan.monitoring.models import IndicatorValue, ValueStatus

RAG_COLOURS = {
    RagStatus.GREEN: "green",
    RagStatus.AMBER: "orange",
    RagStatus.RED: "red",
    RagStatus.NO_TARGET: "grey",
    RagStatus.MISSING: "purple",
    RagStatus.PENDING: "",
}
WORKFLOW_COLOURS = {
    ValueStatus.DRAFT: "grey",
    ValueStatus.SUBMITTED: "",
    ValueStatus.RETURNED: "pink",
    ValueStatus.APPROVED: "green",
    ValueStatus.SUPERSEDED: "grey",
}


def my_indicators_href(period: Period | None = None) -> str:
    """ "My indicators", for one collection round if given."""
    href = reverse("monitoring:my_indicators")
    return f"{href}?period={period}" if period else href


def period_slug(period: Period) -> str:
    """A period as one URL segment: ``2026-27-Q2`` (``Period.parse`` reads it back)."""
    return str(period).replace("/", "-")


def period_from_slug(slug: str) -> Period | None:
    try:
        return Period.parse(slug)
    except ValueError:
        return None


def entry_href(code: str, period: Period) -> str:
    return reverse("monitoring:value_entry", kwargs={"code": code, "period": period_slug(period)})


def rag_tag(status: RagStatus) -> Tag:
    return choice_tag(status, RAG_COLOURS)


def rag_cell(status: RagStatus, *, hint: str = "") -> Cell:
    """A status: the word in a Tag on the page, the word alone in CSV."""
    return tagged(rag_tag(status), hint=hint)


def workflow_tag(value: IndicatorValue) -> Tag:
    return Tag(value.get_status_display(), WORKFLOW_COLOURS[ValueStatus(value.status)])


def direction_cell(direction: Direction) -> Cell:
    return text(direction.label)


def value_cell(indicator: Indicator, value: IndicatorValue | None) -> Cell:
    """A figure with where it is in its journey (Draft, Submitted …) as a Tag."""
    if value is None:
        return absent("Nothing entered")
    return Cell(
        value=value.value, text=figure_text(indicator, value.value), tags=(workflow_tag(value),)
    )


def when_text(moment: dt.datetime | None) -> str:
    """``30 November 2026, 10:15`` in the site's time zone."""
    if moment is None:
        return ""
    local = clock.local_time(moment)
    return f"{date_text(local.date())}, {local:%H:%M}"


def person(user: User | None) -> str:
    """Who did something; the system is "civicplan (automatic)" on the monitoring pages."""
    return person_text(user, nobody="civicplan (automatic)")


def by_whom(user: User | None, moment: dt.datetime | None) -> str:
    """``Sam Owner, 30 November 2026, 10:15``: who did something and when."""
    return f"{person(user)}, {when_text(moment)}"


def returned_because(value: IndicatorValue) -> str:
    """Why a figure was returned, as a hint; ``""`` when it was not."""
    return f"Returned because: {value.return_reason}" if value.return_reason else ""


def workbook_place(provenance: dict[str, Any]) -> str:
    """Where a figure came from in an uploaded workbook: the file, sheet and row."""
    sheet, row = provenance.get("sheet", ""), provenance.get("row", "")
    return f"{provenance['file']}, sheet “{sheet}”, row {row}"
