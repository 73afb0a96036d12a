"""The quarterly performance report (GMT, Cabinet) and the Overview and Scrutiny summary.

``model.quarterly_report`` gathers the plan's monitoring data into a plain ``QuarterlyReport``;
``render_html``, ``render_pdf`` and ``render_docx`` each write that one structure in one format, so
the three files always say the same thing. ``exports.report_file`` is the entry point for the
command and the page.
"""
