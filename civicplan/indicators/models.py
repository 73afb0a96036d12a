"""Performance indicators and service data, with their yearly actuals and targets as rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.core.validators import MaxValueValidator
from django.db import models

from civicplan.core.fy import FinancialYearField
from civicplan.indicators.rules import (
    MAX_DECIMAL_PLACES,
    Aggregation,
    Frequency,
    ProfileKind,
    ToleranceKind,
)
from civicplan.plans.models import Objective, Plan, Post


class _Labelled(Protocol):
    """A member of a rules enum: a stored value and the words for it."""

    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


def rules_choices(enum: Iterable[_Labelled]) -> list[tuple[str, str]]:
    """Choices from a rules enum, so the database, the forms and the rules share one vocabulary."""
    return [(member.value, member.label) for member in enum]


class Framework(models.TextChoices):
    """The four sets of measures a business plan reports in."""

    SERVICE_DATA = "service_data", "Service data"
    """Context only: no target and no RAG status."""
    CSI = "csi", "Critical Success Indicator"
    """Outcome indicators for the priority, reported to Cabinet."""
    KPI = "kpi", "Key Performance Indicator"
    """Reported to GMT and Members."""
    MPI = "mpi", "Management Performance Indicator"
    """Used in business planning and monitoring at service level."""


class Unit(models.TextChoices):
    """What a value counts."""

    COUNT = "count", "Number"
    """A count of things (incidents, cases, inspections)."""
    PERCENT = "percent", "Per cent"
    """A percentage, 0–100."""


class Polarity(models.TextChoices):
    """Which direction is better."""

    LOWER = "lower", "Lower is better"
    """Lower is better (crime, ASB)."""
    HIGHER = "higher", "Higher is better"
    """Higher is better (inspections done, residents feeling safe)."""


class PolaritySource(models.TextChoices):
    """Where the polarity came from."""

    STATED = "stated", "Stated in the plan"
    """From the wording, such as "Reduction in …"."""
    INFERRED = "inferred", "Inferred"
    """From the direction of the targets against the actuals."""


class Indicator(models.Model):
    """One measure, identified by its normalised code (``ComS_024``), once per plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=40)
    aliases = models.JSONField(default=list, blank=True)
    title = models.TextField()
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.COUNT)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, blank=True)
    polarity_source = models.CharField(max_length=10, choices=PolaritySource.choices, blank=True)
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    section = models.CharField(max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    owners = models.ManyToManyField(Post, through="IndicatorOwner", related_name="indicators")
    comments = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    # How the indicator is monitored: inferred at import, then a performance officer's to edit.
    frequency = models.CharField(
        max_length=10, choices=rules_choices(Frequency), default=Frequency.QUARTERLY.value
    )
    aggregation = models.CharField(
        max_length=10, choices=rules_choices(Aggregation), default=Aggregation.SUM.value
    )
    ratio_numerator = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    ratio_denominator = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    tolerance_kind = models.CharField(
        max_length=10, choices=rules_choices(ToleranceKind), default=ToleranceKind.RELATIVE.value
    )
    tolerance_amount = models.DecimalField(max_digits=12, decimal_places=4, default=5)
    target_profile = models.CharField(
        max_length=10, choices=rules_choices(ProfileKind), default=ProfileKind.EVEN.value
    )
    series_break_date = models.DateField(
        null=True,
        blank=True,
        help_text="Values from this date on are not comparable with earlier ones.",
    )
    series_break_reason = models.CharField(max_length=300, blank=True)
    decimal_places = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(MAX_DECIMAL_PLACES)],
        help_text="How many decimal places its figures are printed with (0 to 4), everywhere.",
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock for edits.")

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(aggregation="ratio")
                | (
                    models.Q(ratio_numerator__isnull=False)
                    & models.Q(ratio_denominator__isnull=False)
                ),
                name="indicator_ratio_has_parts",
            ),
            models.CheckConstraint(
                condition=(models.Q(polarity="") & models.Q(polarity_source=""))
                | (~models.Q(polarity="") & ~models.Q(polarity_source="")),
                name="indicator_polarity_has_source",
            ),
            models.CheckConstraint(
                condition=models.Q(decimal_places__lte=MAX_DECIMAL_PLACES),
                name="indicator_decimal_places_at_most_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"

    def ratio_parts(self) -> tuple[Indicator, Indicator]:
        """A ratio's part and whole (``indicator_ratio_has_parts`` keeps both set on a ratio)."""
        if self.ratio_numerator is None or self.ratio_denominator is None:
            raise ValueError(f"{self.code} is not a ratio of two indicators")
        return self.ratio_numerator, self.ratio_denominator


class IndicatorFramework(models.Model):
    """An indicator's membership of a framework (an indicator may be in several)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="framework_set")
    framework = models.CharField(max_length=20, choices=Framework.choices)

    class Meta:
        ordering = ["indicator", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "framework"], name="indicatorframework_unique"
            )
        ]

    def __str__(self) -> str:
        return self.get_framework_display()


class IndicatorOwner(models.Model):
    """A post that owns an indicator, in the order printed."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE)
    post = models.ForeignKey(Post, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "post"], name="indicatorowner_unique")
        ]

    def __str__(self) -> str:
        return str(self.post)


class YearValueKind(models.TextChoices):
    """Whether a yearly figure is what was achieved or what is aimed for."""

    ACTUAL = "actual", "Actual"
    """Achieved in the year."""
    TARGET = "target", "Target"
    """Aimed for in the year."""


class IndicatorYearValue(models.Model):
    """One yearly figure of an indicator as the plan states it: a row, never a column per year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="year_values")
    year = FinancialYearField()
    kind = models.CharField(max_length=10, choices=YearValueKind.choices)
    value = models.DecimalField(max_digits=16, decimal_places=4)

    class Meta:
        ordering = ["indicator", "kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "kind"], name="indicatoryearvalue_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.kind} {self.year}: {self.value}"


class MeasureRow(models.Model):
    """A row of a measures table exactly as the plan lays it out.

    Indicators are held once per code; this keeps how the document groups and prints them (a row
    may list several codes, or pair a count with a percentage), so the document can be rebuilt and a
    printed figure that cannot be assigned to one code is kept rather than lost.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measure_rows")
    framework = models.CharField(max_length=20, choices=Framework.choices)
    section = models.CharField(max_length=200, blank=True)
    objective = models.ForeignKey(Objective, on_delete=models.SET_NULL, null=True, blank=True)
    title = models.TextField()
    is_new = models.BooleanField(default=False, help_text='Marked "(New)" in the plan.')
    items = models.JSONField(default=list, blank=True)
    codes = models.JSONField(default=list)
    value_codes = models.JSONField(default=list)
    owners = models.JSONField(default=list, blank=True)
    comments = models.TextField(blank=True)
    unassigned = models.JSONField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.get_framework_display()}: {self.title[:60]}"
