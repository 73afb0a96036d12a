"""``civicplan opendata ACTION``: police open data from data.police.uk files.

Thin: each action parses its options, calls the open-data functions and prints the result.
A problem the user can fix (a bad file, an unknown district) exits with status 2 and says where.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import duckdb
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from civicplan.opendata import areas, ingest, report, store, synth
from civicplan.opendata.derive import derive
from civicplan.opendata.policeuk import parse_month
from civicplan.opendata.rules import Period, month_range
from civicplan.opendata.selectors import compare, stats
from civicplan.opendata.selectors.comparison import (
    AREA_ENV,
    council_area,
    default_peer_group,
    measure_for,
    measures_for,
)
from civicplan.opendata.services import derived_values_record, grain_problem
from civicplan.opendata.validate import DataFileError
from civicplan.plans.models import Organisation, Plan


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(text: str) -> Period:
    period = _period(text)
    if period.grain != "year":
        raise argparse.ArgumentTypeError(f"{text!r} is not a financial year such as 2025/26")
    return period


def _months(text: str) -> list[dt.date]:
    first_text, _, last_text = text.partition("..")
    first, last = parse_month(first_text.strip()), parse_month((last_text or first_text).strip())
    if first is None or last is None or last < first:
        raise argparse.ArgumentTypeError(f"{text!r}: give months as 2025-04..2026-03")
    return month_range(first, last)


def _forces(text: str) -> list[str]:
    forces = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in forces if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", f)]
    if not forces or bad:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give forces as file-name slugs, such as nottinghamshire,derbyshire"
        )
    return forces


class Command(BaseCommand):
    help = "Police open data (data.police.uk): import, derive, benchmark, hotspots, synthesise."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        def add(name: str, text: str) -> argparse.ArgumentParser:
            sub = actions.add_parser(name, help=text, description=text)
            sub.add_argument(
                "--store",
                type=Path,
                help="the DuckDB file (default: opendata.duckdb in the data folder)",
            )
            return sub

        p = add("import-police", "Import street files, folders or monthly archive zips.")
        p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        p.add_argument(
            "--progress",
            action="store_true",
            help="show a progress bar even when not on a terminal",
        )
        p.add_argument("--threads", type=int, help="CPU threads to use (default: all)")

        p = add("load-lookup", "Load an ONS LSOA-to-district lookup CSV (replaces the last one).")
        p.add_argument("file", type=Path)
        p = add("load-population", "Load district populations (district or code, population).")
        p.add_argument("file", type=Path)

        p = add("derive", "Print an area's crime and ASB measures for a period, with provenance.")
        p.add_argument(
            "--period", type=_period, required=True, help="2026/27-Q2, 2026/27 or 2026-05"
        )
        p.add_argument("--by", choices=["month", "quarter", "year"], help="split the period")
        p.add_argument(
            "--record",
            action="store_true",
            help="send the figures to the plan's indicators for a performance officer to approve",
        )
        self._area_options(p)

        p = add("benchmark", "Compare a measure across the force's districts or a peer group.")
        p.add_argument("--measure", required=True, help="indicator code, such as ComS_011")
        p.add_argument("--year", type=_year, help="financial year, such as 2025/26")
        p.add_argument("--period", type=_period, help="or any period: 2025/26-Q3, 2025-11")
        group = p.add_mutually_exclusive_group()
        group.add_argument(
            "--peers",
            type=Path,
            help="a file of peer districts, one a line (default: the organisation's peer group)",
        )
        group.add_argument(
            "--force-districts",
            action="store_true",
            help="compare with the other districts of the force, not the peer group",
        )
        p.add_argument("--population", type=Path, help="populations for this run only")
        self._area_options(p)

        p = add("hotspots", "Streets or LSOAs with most incidents of a type in a period.")
        p.add_argument("--period", type=_period, required=True)
        p.add_argument("--measure", help="indicator code (its crime types)")
        p.add_argument(
            "--type",
            dest="crime_type",
            help="a police.uk crime type, such as 'Anti-social behaviour'",
        )
        p.add_argument("--by", choices=["street", "lsoa"], default="street")
        p.add_argument("--limit", type=int, default=10)
        self._area_options(p)

        p = add("synth", "Write synthetic data.police.uk files (invented data, real format).")
        p.add_argument("--months", type=_months, required=True, help="2025-04..2026-03")
        p.add_argument("--forces", type=_forces, required=True, help="nottinghamshire,derbyshire")
        p.add_argument("--rows-per-month", type=int, required=True, help="rows per force-month")
        p.add_argument("-o", "--out", type=Path, required=True)
        p.add_argument("--zip", action="store_true", help="one archive zip of YYYY-MM/ folders")
        p.add_argument("--seed", type=int, default=0)

        add("status", "List the forces and months held in the store.")
        p = add("seed-measures", "Copy the default crime-measure mapping to an organisation.")
        p.add_argument("--organisation", required=True)

    @staticmethod
    def _area_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--area", help=f"district name (default: ${AREA_ENV} or the council)")
        parser.add_argument(
            "--organisation", help="whose measure mapping to use (default: the only one)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"do_{action}")(options)
        except (DataFileError, LookupError, store.StoreMissing) as exc:
            raise CommandError(str(exc), returncode=2) from None
        except duckdb.IOException as exc:
            raise CommandError(
                f"The police data store cannot be opened ({exc}). Is another import running? "
                "Try again when it has finished.",
                returncode=2,
            ) from None

    # -- actions ------------------------------------------------------------------------------

    def do_import_police(self, options: dict[str, Any]) -> None:
        progress = options["progress"] or sys.stderr.isatty()
        result = ingest.import_police(
            options["paths"],
            db_path=options["store"],
            progress=progress,
            threads=options["threads"],
        )
        if options["verbosity"] >= 2:
            for f in result.files:
                self.stdout.write(f"{f.status:9} {f.rows:>9,}  {f.origin}")
        self.stdout.write(report.import_summary(result))

    def do_load_lookup(self, options: dict[str, Any]) -> None:
        con = store.connect(options["store"])
        try:
            count = areas.load_lookup(con, options["file"])
        finally:
            con.close()
        self.stdout.write(f"Loaded {count:,} LSOAs; district counts rebuilt with the lookup.")

    def do_load_population(self, options: dict[str, Any]) -> None:
        con = store.connect(options["store"])
        try:
            count = areas.load_population(con, options["file"])
        finally:
            con.close()
        self.stdout.write(f"Loaded populations for {count:,} districts.")

    def do_derive(self, options: dict[str, Any]) -> None:
        if options["by"] and (problem := grain_problem(options["period"], options["by"])):
            raise CommandError(f"{problem} (--by {options['by']}).", returncode=2)
        organisation = self._organisation(options)
        measures, origin = measures_for(organisation)
        with store.connect(options["store"], read_only=True) as con:
            values = derive(
                con, area=self._area(options, organisation), period=options["period"],
                measures=measures, grain=options["by"], mapping=origin,
            )  # fmt: skip
        if options["format"] == "json":
            self.stdout.write(report.as_json([v.as_dict() for v in values]))
        else:
            self.stdout.write(report.derived_text(values, {m.code: m.title for m in measures}))
        if options["record"]:
            self._record(values, organisation)

    def _record(self, values: list, organisation: Organisation | None) -> None:
        plans = Plan.objects.filter(organisation=organisation) if organisation else Plan.objects
        plan = plans.order_by("-first_year").first()
        if plan is None:
            raise CommandError("There is no plan to record the figures in.", returncode=2)
        summary = derived_values_record(plan=plan, values=values)
        self.stdout.write(
            f"Recorded {len(summary.recorded)} figures for approval in {plan.title}; "
            f"{len(summary.unchanged)} unchanged; {len(summary.skipped)} skipped."
        )
        for line in summary.skipped:
            self.stdout.write(f"  skipped {line}")

    def do_benchmark(self, options: dict[str, Any]) -> None:
        organisation = self._organisation(options)
        found = measure_for(organisation, options["measure"])
        if found is None:
            raise CommandError(f"{options['measure']} is not a police data measure.", returncode=2)
        period = options["period"] or options["year"]
        if period is None:
            raise CommandError("Give --year 2025/26 (or --period).", returncode=2)
        if options["peers"]:
            peers: list[str] | None = areas.parse_peers(options["peers"])
        elif options["force_districts"]:
            peers = None
        else:
            group = default_peer_group(organisation)
            peers = group.district_list() if group else None
        with store.connect(options["store"], read_only=True) as con:
            rows = (
                areas.parse_population(options["population"])
                if options["population"]
                else areas.stored_population(con)
            )
            result = compare.benchmark(
                con, area=self._area(options, organisation), measure=found[0], period=period,
                peers=peers, population=areas.population_by_district(con, rows),
            )  # fmt: skip
        if options["format"] == "json":
            self.stdout.write(
                report.as_json({**vars_of(result), "rows": [vars_of(r) for r in result.rows]})
            )
        else:
            self.stdout.write(report.benchmark_text(result, found[0]))

    def do_hotspots(self, options: dict[str, Any]) -> None:
        organisation = self._organisation(options)
        if bool(options["measure"]) == bool(options["crime_type"]):
            raise CommandError("Give either --measure CODE or --type 'Crime type'.", returncode=2)
        with store.connect(options["store"], read_only=True) as con:
            if options["measure"]:
                found = measure_for(organisation, options["measure"])
                if found is None:
                    raise CommandError(
                        f"{options['measure']} is not a police data measure.", returncode=2
                    )
                types = list(found[0].types_among(stats.known_crime_types(con)))
                label = f"{found[0].code} {found[0].title}"
            else:
                types, label = [options["crime_type"]], options["crime_type"]
            area = self._area(options, organisation)
            spots = compare.hotspots(
                con, area=area, crime_types=types, period=options["period"], by=options["by"],
                limit=options["limit"],
            )  # fmt: skip
        if options["format"] == "json":
            self.stdout.write(report.as_json([vars_of(s) for s in spots]))
        else:
            where = "streets" if options["by"] == "street" else "LSOAs"
            heading = f"{label} in {area}, {options['period']}: the {where} with most incidents."
            self.stdout.write(report.hotspots_text(spots, heading))

    def do_synth(self, options: dict[str, Any]) -> None:
        written = synth.synthesise(
            options["out"], months=options["months"], forces=options["forces"],
            rows_per_month=options["rows_per_month"], seed=options["seed"], as_zip=options["zip"],
        )  # fmt: skip
        total = len(options["months"]) * len(options["forces"]) * options["rows_per_month"]
        what = (
            str(written[0])
            if options["zip"]
            else f"{len(written)} street files in {options['out']}"
        )
        self.stdout.write(f"Wrote {total:,} synthetic rows: {what}.")

    def do_status(self, options: dict[str, Any]) -> None:
        with store.connect(options["store"], read_only=True) as con:
            rows = stats.store_summary(con)
        if not rows:
            self.stdout.write("The store is empty.")
            return
        body = [(f, f"{a:%Y-%m}", f"{b:%Y-%m}", n, f"{r:,}") for f, a, b, n, r in rows]
        self.stdout.write(report.table(["Force", "From", "To", "Files", "Rows"], body, {3, 4}))

    def do_seed_measures(self, options: dict[str, Any]) -> None:
        from civicplan.opendata.services import crime_measures_seed

        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation named {options['organisation']!r}.", returncode=2)
        created = crime_measures_seed(organisation=organisation, by=None)
        self.stdout.write(f"Added {len(created)} measures to {organisation}.")

    # -- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _organisation(options: dict[str, Any]) -> Organisation | None:
        name = options.get("organisation")
        if name:
            found = Organisation.objects.filter(name=name).first()
            if found is None:
                raise CommandError(f"No organisation named {name!r}.", returncode=2)
            return found
        try:
            only = list(Organisation.objects.all()[:2])
        except DatabaseError:  # no application database yet: the defaults still apply
            return None
        return only[0] if len(only) == 1 else None

    @staticmethod
    def _area(options: dict[str, Any], organisation: Organisation | None) -> str:
        area = council_area(organisation, options.get("area"))
        if not area:
            raise CommandError(f"Give --area DISTRICT (or set {AREA_ENV}).", returncode=2)
        return area


def vars_of(obj: Any) -> dict[str, Any]:
    """A slots dataclass as a dict of its fields (periods as their text)."""
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}
