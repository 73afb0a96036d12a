"""Office files that are the same bytes for the same content.

A .docx or .xlsx file is a zip archive, and zip stores the time each part was written; the
libraries also stamp the document's properties with the time of saving. Rewriting both with a fixed
time makes two exports of the same plan identical, so they can be compared.
"""

from __future__ import annotations

import io
import re
import zipfile

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_STAMP = b"2000-01-01T00:00:00Z"
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def fixed_zip(raw: bytes) -> bytes:
    """The same parts in the same order, each stamped with ``FIXED_ZIP_TIME``, and the created
    and modified properties set to ``FIXED_STAMP``."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _STAMPS.sub(rb"\g<1>" + FIXED_STAMP + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()
