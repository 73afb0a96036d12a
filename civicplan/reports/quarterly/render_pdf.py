"""The report as PDF: WeasyPrint lays out the standalone HTML with its print stylesheet.

A4 pages numbered "Page n of m" (CSS ``@page`` counters), table header rows repeated on every
page, rows and figures never split, headings and captions kept with what follows. The PDF is
tagged (headings, tables, figures with their text alternative) for screen readers, in British
English, with no creation date, so the same report gives the same bytes.
"""

from __future__ import annotations

from civicplan.reports.quarterly.document import QuarterlyReport
from civicplan.reports.quarterly.render_html import render_html


def render_pdf(report: QuarterlyReport) -> bytes:
    from weasyprint import HTML  # loads pango: only when a PDF is asked for

    html = HTML(string=render_html(report, for_pdf=True), base_url=".")
    return html.write_pdf(pdf_tags=True, uncompressed_pdf=False)
