"""The monitoring pages' tables, one module a page family: ``dashboard`` (the dashboard),
``record`` (one indicator's monitoring record) and ``collection`` (the collection round: entry,
approval, late figures, workbook uploads). Cells come from ``core.tables``; statuses from
``pages.common``."""
