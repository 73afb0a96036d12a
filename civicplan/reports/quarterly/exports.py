"""One report, three files: the formats, their media types and names, built from the database.

The command (``civicplan report``) and the page both come here, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.text import slugify

from civicplan.core.periods import Period
from civicplan.plans.models import Plan
from civicplan.reports.quarterly.document import Audience, QuarterlyReport
from civicplan.reports.quarterly.model import quarterly_report


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    media_type: str


FORMATS = {
    "docx": Format(
        "docx",
        "Word document (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": Format("pdf", "PDF (.pdf)", "application/pdf"),
    "html": Format("html", "Web page to save or print (.html)", "text/html; charset=utf-8"),
}


def report_bytes(report: QuarterlyReport, fmt: str) -> bytes:
    """The file's content: one renderer per format, all from the same report."""
    if fmt == "html":
        from civicplan.reports.quarterly.render_html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "pdf":
        from civicplan.reports.quarterly.render_pdf import render_pdf

        return render_pdf(report)
    if fmt == "docx":
        from civicplan.reports.quarterly.render_docx import render_docx

        return render_docx(report)
    raise ValueError(f"the format is one of {', '.join(FORMATS)}, not {fmt!r}")


def report_filename(report: QuarterlyReport, fmt: str) -> str:
    """``community-safety-2026-27-q2-cabinet.pdf``: whose, which quarter, for whom."""
    cover = report.cover
    period = str(cover.period).replace("/", "-")
    return f"{slugify(cover.priority)}-{slugify(period)}-{cover.audience.value}.{fmt}"


def report_file(
    plan: Plan,
    period: Period,
    *,
    audience: Audience | str,
    fmt: str,
    as_of: dt.date,
    meeting: str | None = None,
    author: str | None = None,
) -> tuple[bytes, str, str]:
    """Build the report and render it: (content, file name, media type)."""
    if fmt not in FORMATS:
        raise ValueError(f"the format is one of {', '.join(FORMATS)}, not {fmt!r}")
    report = quarterly_report(
        plan, period, audience=audience, as_of=as_of, meeting=meeting, author=author
    )
    return report_bytes(report, fmt), report_filename(report, fmt), FORMATS[fmt].media_type
