"""The report as HTML: a GOV.UK-styled fragment for the web page, and a standalone printable file.

Both come from the same Django templates. The standalone file carries its own stylesheet (no
links to fetch) and no timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from civicplan.reports.quarterly.document import QuarterlyReport

FRAGMENT = "reports/quarterly/_report.html"
STANDALONE = "reports/quarterly/standalone.html"
WIDTHS = range(5, 105, 5)
"""The percentages ``Table.percent_widths`` and ``Figure.percent`` round to (``app-w-N``)."""


def render_fragment(report: QuarterlyReport, *, prefix: str = "report-") -> SafeString:
    """The report's ``<article>`` for a page that already has GOV.UK Frontend and its own h1:
    the report's headings start at h2, and ids start with ``prefix`` so they cannot clash."""
    context = {"report": report, "prefix": prefix, "nested": True}
    return SafeString(render_to_string(FRAGMENT, context))


def render_html(report: QuarterlyReport, *, for_pdf: bool = False) -> str:
    """A whole HTML document. ``for_pdf`` puts each chart in an ``<img>`` whose ``alt`` is its
    full text alternative (WeasyPrint tags an inline SVG with its title only)."""
    context = {"report": report, "prefix": "", "pdf": for_pdf, "widths": WIDTHS}
    return render_to_string(STANDALONE, context)
