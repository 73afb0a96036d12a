"""What the rules share: numbers read exactly, and polarity (which way is better)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Final, TypeAlias

from civicplan.core.numbers import to_decimal

Number: TypeAlias = Decimal | int
"""A figure as the rules take it: Decimal (or a whole number); never a float, which is inexact."""


def dec(value: Number) -> Decimal:
    """A figure as an exact, finite Decimal (a NaN would make every comparison raise)."""
    number = to_decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return number


def dec_or_none(value: Number | None) -> Decimal | None:
    return None if value is None else dec(value)


class Polarity(StrEnum):
    """Which direction is better; the values are the ones ``indicators.models.Polarity`` stores."""

    LOWER = "lower"
    """Lower is better (crime, ASB cases)."""
    HIGHER = "higher"
    """Higher is better (inspections done, residents feeling safe)."""

    @property
    def label(self) -> str:
        return _POLARITY_LABELS[self]

    @classmethod
    def parse(cls, text: str | None) -> Polarity | None:
        """The model's value as a Polarity; blank (not yet known) is None."""
        return cls(text) if text else None

    def worse_by(self, value: Number, reference: Number) -> Decimal:
        """How far ``value`` is worse than ``reference``: positive if worse, negative if better."""
        gap = dec(value) - dec(reference)
        return gap if self is Polarity.LOWER else -gap


_POLARITY_LABELS: Final = {Polarity.LOWER: "Lower is better", Polarity.HIGHER: "Higher is better"}
