import django.db.models.deletion
from django.db import migrations, models

CRIME_TYPE_CHOICES = [
    ("Anti-social behaviour", "Anti-social behaviour"),
    ("Bicycle theft", "Bicycle theft"),
    ("Burglary", "Burglary"),
    ("Criminal damage and arson", "Criminal damage and arson"),
    ("Drugs", "Drugs"),
    ("Other crime", "Other crime"),
    ("Other theft", "Other theft"),
    ("Possession of weapons", "Possession of weapons"),
    ("Public order", "Public order"),
    ("Robbery", "Robbery"),
    ("Shoplifting", "Shoplifting"),
    ("Theft from the person", "Theft from the person"),
    ("Vehicle crime", "Vehicle crime"),
    ("Violence and sexual offences", "Violence and sexual offences"),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CrimeMeasure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("indicator_code", models.CharField(max_length=40)),
                ("title", models.CharField(blank=True, max_length=200)),
                (
                    "rule",
                    models.CharField(
                        choices=[("only", "Only these crime types"), ("all_except", "Every crime type except these")],
                        default="only",
                        max_length=12,
                    ),
                ),
                (
                    "caveat",
                    models.TextField(
                        blank=True,
                        help_text="Where police.uk cannot give exactly what the plan measures; one point a line. Shown beside the figure on the indicator page.",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="crime_measures", to="plans.organisation"
                    ),
                ),
            ],
            options={
                "ordering": ["organisation", "indicator_code"],
                "constraints": [
                    models.UniqueConstraint(fields=("organisation", "indicator_code"), name="crimemeasure_unique_code")
                ],
            },
        ),
        migrations.CreateModel(
            name="CrimeMeasureType",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("crime_type", models.CharField(choices=CRIME_TYPE_CHOICES, max_length=100)),
                (
                    "measure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="types", to="opendata.crimemeasure"
                    ),
                ),
            ],
            options={
                "ordering": ["measure", "crime_type"],
                "constraints": [
                    models.UniqueConstraint(fields=("measure", "crime_type"), name="crimemeasuretype_unique")
                ],
            },
        ),
    ]
