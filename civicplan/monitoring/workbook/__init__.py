"""The collection workbook: download a period's figures as Excel, upload them filled in.

``workbook_build`` writes the pre-filled workbook; ``workbook_upload`` checks every cell and saves
all of it or nothing through the value service. ``layout`` is what both agree on.
"""

from civicplan.monitoring.workbook.build import workbook_build
from civicplan.monitoring.workbook.layout import values_sheet_title, workbook_filename
from civicplan.monitoring.workbook.upload import (
    SavedValue,
    UploadProblem,
    UploadResult,
    workbook_upload,
)

__all__ = [
    "SavedValue",
    "UploadProblem",
    "UploadResult",
    "values_sheet_title",
    "workbook_build",
    "workbook_filename",
    "workbook_upload",
]
