"""Plan text importer: the plan document's text layout → a Plan JSON dict with findings.

Pure: no database. ``plans.services.plan_apply`` writes the dict; Plan JSON input skips the parsing
and goes through ``check_plan`` for the same data-quality report.

    data = parse_plan_text(text, as_of=clock.today())
    data = parse_plan_bytes(upload.read(), as_of=clock.today())
"""

from __future__ import annotations

import codecs
import datetime as dt
import re

from .assemble import FORMAT, assemble
from .findings import check_names_spelling, check_plan
from .reader import PlanFormatError, read_document, split_lines

__all__ = ["FORMAT", "PlanFormatError", "check_plan", "parse_plan_bytes", "parse_plan_text"]

# Control characters that never occur in a text export (tab, line ends and form feed do).
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f]")


def parse_plan_text(text: str, *, as_of: dt.date) -> dict:
    """Read a plan document's text into Plan JSON; ``as_of`` dates the checks (renewals passed).

    Raises ``PlanFormatError`` (with ``.line``) when the text is empty, binary, not a plan of this
    family, has a table row with the wrong number of cells, or is cut short.
    """
    text = text.removeprefix("\ufeff")
    binary = _BINARY.search(text)
    if binary:
        line = text.count("\n", 0, binary.start()) + 1
        raise PlanFormatError(
            "the file contains control characters (such as NUL bytes), so it is not plain text; "
            "save the plan as UTF-8 text and try again",
            line,
        )
    if not text.strip():
        raise PlanFormatError("the file is empty; expected the text of a business plan", 1)
    document = read_document(text)
    data, ctx = assemble(document)
    findings = ctx.findings + check_plan(data, as_of=as_of, locate=ctx.locate)
    findings += check_names_spelling(split_lines(text), data["plan"]["organisation"])
    data["findings"] = sorted(findings, key=lambda f: (f["line"] is None, f["line"] or 0))
    return data


def parse_plan_bytes(data: bytes, *, as_of: dt.date) -> dict:
    """Decode an uploaded file (UTF-8, with or without a byte-order mark) and read it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PlanFormatError("the file is saved as UTF-16; save it as UTF-8 text and try again", 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PlanFormatError(
            "the file contains NUL bytes, so it is a binary file (a Word or PDF file?) rather "
            "than the plan's text; save the plan as UTF-8 text and try again",
            data.count(b"\n", 0, nul) + 1,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFormatError(
            f"byte {error.start + 1} is not valid UTF-8; save the plan as UTF-8 text and try again",
            data.count(b"\n", 0, error.start) + 1,
        ) from None
    return parse_plan_text(text, as_of=as_of)
