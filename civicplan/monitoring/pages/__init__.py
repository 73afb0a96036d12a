"""The monitoring pages: dashboard, my indicators, data entry, approvals, late figures, the
collection workbook and a performance officer's changes to an indicator."""
