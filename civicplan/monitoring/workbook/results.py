"""What an upload reports: each problem with its place, each figure saved, and a summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from civicplan.core.periods import Period


@dataclass(frozen=True)
class UploadProblem:
    """One thing wrong with an upload, and where: sheet, row and column letter when known."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    kind: str = "value"
    """``file``, ``template``, ``code``, ``period``, ``value``, ``permission``, ``commentary``
    or ``conflict``: for pages that group problems."""

    def __str__(self) -> str:
        where = [f'Sheet "{self.sheet}"'] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class SavedValue:
    """A figure the upload saved."""

    code: str
    period: Period
    value: Decimal
    status: str
    row: int
    value_id: int


@dataclass
class UploadResult:
    """What an upload did. When ``problems`` is not empty nothing at all was saved."""

    file: str
    submit: bool
    period: Period | None = None
    saved: list[SavedValue] = field(default_factory=list)
    unchanged: int = 0
    blank: int = 0
    problems: list[UploadProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line for a message or a command's output."""
        if self.problems:
            count = len(self.problems)
            return (
                f"{self.file}: nothing was saved; {count} problem{'s' if count != 1 else ''} "
                "to put right first."
            )
        count = len(self.saved)
        how = "as drafts" if count != 1 else "as a draft"
        if self.submit:
            how = "and submitted for approval"
        return (
            f"{self.file}: {count} figure{'s' if count != 1 else ''} saved {how}; "
            f"{self.unchanged} unchanged; {self.blank} left blank."
        )
