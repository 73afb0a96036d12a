"""Which police.uk crime types make up an organisation's measures, and what they cannot show.

The rows themselves live in DuckDB (see ``store.py``); only this small, editable mapping is in the
Django database, so a performance officer can change it in the admin.
"""

from __future__ import annotations

from django.db import models

from civicplan.plans.models import Organisation


class CrimeType(models.TextChoices):
    """The fourteen police.uk street-level categories (since May 2013)."""

    ASB = "Anti-social behaviour", "Anti-social behaviour"
    """Incidents, not crimes: rows have no Crime ID and no outcome."""
    BICYCLE_THEFT = "Bicycle theft", "Bicycle theft"
    """Theft of a bicycle."""
    BURGLARY = "Burglary", "Burglary"
    """Residential and business burglary together; police.uk does not split them."""
    CRIMINAL_DAMAGE = "Criminal damage and arson", "Criminal damage and arson"
    """Damage to property, including arson."""
    DRUGS = "Drugs", "Drugs"
    """Possession, supply and production offences."""
    OTHER_CRIME = "Other crime", "Other crime"
    """Offences in no other category (forgery, perjury and the like)."""
    OTHER_THEFT = "Other theft", "Other theft"
    """Theft not covered by the other theft categories."""
    WEAPONS = "Possession of weapons", "Possession of weapons"
    """Possession of a weapon such as a firearm or knife."""
    PUBLIC_ORDER = "Public order", "Public order"
    """Offences causing fear, alarm or distress."""
    ROBBERY = "Robbery", "Robbery"
    """Theft with force or the threat of force, personal and business together."""
    SHOPLIFTING = "Shoplifting", "Shoplifting"
    """Theft from shops or stalls."""
    THEFT_FROM_PERSON = "Theft from the person", "Theft from the person"
    """Theft directly from a person without force, such as pickpocketing."""
    VEHICLE_CRIME = "Vehicle crime", "Vehicle crime"
    """Theft of or from a vehicle and vehicle interference."""
    VIOLENCE = "Violence and sexual offences", "Violence and sexual offences"
    """Violence against the person and sexual offences, as one category."""


class MeasureRule(models.TextChoices):
    """How the listed crime types make the measure."""

    ONLY = "only", "Only these crime types"
    """The measure counts the listed types (burglary = Burglary)."""
    ALL_EXCEPT = "all_except", "Every crime type except these"
    """The measure counts every other type, including ones police.uk adds later (all crime)."""


class CrimeMeasure(models.Model):
    """One indicator an organisation derives from police.uk data, by its code (``ComS_011``)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="crime_measures"
    )
    indicator_code = models.CharField(max_length=40)
    title = models.CharField(max_length=200, blank=True)
    rule = models.CharField(max_length=12, choices=MeasureRule.choices, default=MeasureRule.ONLY)
    caveat = models.TextField(
        blank=True,
        help_text="Where police.uk cannot give exactly what the plan measures; one point a line. "
        "Shown beside the figure on the indicator page.",
    )

    class Meta:
        ordering = ["organisation", "indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator_code"], name="crimemeasure_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.title}".strip()


class CrimeMeasureType(models.Model):
    """A crime type listed by a measure (counted, or excluded under "every type except")."""

    measure = models.ForeignKey(CrimeMeasure, on_delete=models.CASCADE, related_name="types")
    crime_type = models.CharField(max_length=100, choices=CrimeType.choices)

    class Meta:
        ordering = ["measure", "crime_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "crime_type"], name="crimemeasuretype_unique"
            )
        ]

    def __str__(self) -> str:
        return self.crime_type


class PeerGroup(models.Model):
    """Districts an organisation compares itself with (a CIPFA nearest-neighbours list, say).

    The default group is used by the indicator page, the quarterly report and ``benchmark``
    when no other comparison is asked for; without one, the council is set beside the other
    districts of its police force.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="peer_groups"
    )
    name = models.CharField(max_length=200)
    districts = models.TextField(
        help_text="One district a line, named as police.uk names them (Broxtowe, Gedling)."
    )
    is_default = models.BooleanField(
        default=False, help_text="Used for benchmarks when no other group is chosen."
    )

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="peergroup_unique_name"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_default=True),
                name="peergroup_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def district_list(self) -> list[str]:
        return [line.strip() for line in self.districts.splitlines() if line.strip()]
