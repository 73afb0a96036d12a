"""Importing is transactional and idempotent, reports changes, and refuses bad input with exit 2."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from civicplan.core.models import AuditEvent
from civicplan.indicators.models import IndicatorYearValue
from civicplan.planio.apply import PlanDataError, plan_apply
from civicplan.planio.plan_json import plan_export, plan_json_dumps
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Plan
from tests.clock import SEED_DAY

AS_OF = SEED_DAY

pytestmark = pytest.mark.django_db


def _table_counts():
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"plans", "indicators", "tasks", "risks", "budgets"}
    }


def test_importing_the_same_file_twice_changes_nothing(seed_path):
    first = plan_import_file(seed_path, as_of=AS_OF)
    assert first.created
    counts, events = _table_counts(), AuditEvent.objects.count()
    stamp = Plan.objects.get().imported_at
    second = plan_import_file(seed_path, as_of=AS_OF)
    assert not second.created and second.changes == []
    assert _table_counts() == counts
    assert AuditEvent.objects.count() == events
    assert Plan.objects.get().imported_at == stamp


def test_a_revised_file_updates_in_place_and_says_what_changed(seed_path, tmp_path):
    plan = plan_import_file(seed_path, as_of=AS_OF).plan
    indicator_id = plan.indicators.get(code="ComS_001").pk
    text = seed_path.read_text(encoding="utf-8").replace(
        "All crime (ComS_001)\t7,162\t7,123\t6,869\t6,800\t6,800\t6,800",
        "All crime (ComS_001)\t7,162\t7,123\t6,869\t6,800\t6,700\t6,600",
    )
    revised = tmp_path / "revised.txt"
    revised.write_text(text, encoding="utf-8")
    result = plan_import_file(revised, as_of=AS_OF)
    assert not result.created
    assert "indicator ComS_001: targets.2026/27 changed from 6800 to 6700" in result.changes
    assert "indicator ComS_001: targets.2028/29 changed from 6800 to 6600" in result.changes
    assert plan.indicators.get(code="ComS_001").pk == indicator_id
    assert (
        IndicatorYearValue.objects.get(
            indicator_id=indicator_id, kind="target", year="2027/28"
        ).value
        == 6600
    )
    event = AuditEvent.objects.filter(action="plan.import").first()
    assert "indicator ComS_001: targets.2026/27 changed from 6800 to 6700" in event.after["changes"]


def test_export_imported_into_an_empty_database_exports_identically(seed_path):
    plan = plan_import_file(seed_path, as_of=AS_OF).plan
    exported = plan_json_dumps(plan_export(plan))
    Plan.objects.all().delete()
    result = plan_apply(json.loads(exported))
    assert result.created
    assert plan_json_dumps(plan_export(result.plan)) == exported


def test_invalid_plan_json_names_the_path_and_changes_nothing(seed_path):
    plan = plan_import_file(seed_path, as_of=AS_OF).plan
    data = plan_export(plan)
    counts = _table_counts()
    data["indicators"][0]["actuals"]["2022/23"] = "many"
    data["actions"].append({"code": "NEW_01"})
    with pytest.raises(PlanDataError, match=r"actions/24|indicators/0/actuals/2022/23"):
        plan_apply(data)
    assert _table_counts() == counts


def test_a_failure_half_way_rolls_everything_back(seed_path, monkeypatch):
    plan = plan_import_file(seed_path, as_of=AS_OF).plan
    data = plan_export(plan)
    data["indicators"][0]["targets"]["2026/27"] = 1
    counts = _table_counts()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("civicplan.planio.apply._apply_budget", explode)
    with pytest.raises(RuntimeError):
        plan_apply(data)
    assert _table_counts() == counts
    assert (
        IndicatorYearValue.objects.get(
            indicator__code=data["indicators"][0]["code"], kind="target", year="2026/27"
        ).value
        == 6800
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02PK\x03\x04binary", "binary|not text|not UTF-8"),
        (
            b"Dear resident,\nThe bins are collected on Tuesday.\n",
            "not a business plan|no .*section",
        ),
        (b'{"format": "civicplan.plan/1"', "not valid JSON"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=f"(?i){message}") as info:
        call_command("import_plan", str(bad), "--as-of", "2026-11-30")
    assert info.value.returncode == 2
    assert Plan.objects.count() == 0


def test_a_row_with_the_wrong_number_of_cells_names_its_line(seed_path, tmp_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(
        i for i, line in enumerate(lines, 1) if line.startswith("Food business Inspections")
    )
    lines[number - 1] = lines[number - 1].replace("\t560\t", "\t560\t1\t")
    bad = tmp_path / "extra-cell.txt"
    bad.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match=f"line {number}") as info:
        call_command("import_plan", str(bad))
    assert info.value.returncode == 2


def test_a_truncated_file_is_refused(seed_path, tmp_path):
    text = seed_path.read_text(encoding="utf-8")
    bad = tmp_path / "truncated.txt"
    bad.write_text(text[: text.index("4. Key Tasks")], encoding="utf-8")
    with pytest.raises(CommandError, match="(?i)truncated|missing|ends") as info:
        call_command("import_plan", str(bad))
    assert info.value.returncode == 2


def test_the_console_command_exits_2_on_bad_input(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    env = {**os.environ, "CIVICPLAN_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    cli = Path(sys.executable).with_name("civicplan")
    done = subprocess.run(
        [str(cli), "import-plan", str(bad)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 2
    assert "empty" in done.stderr.lower()


def _seed_with(seed_path, tmp_path, name: str, change) -> Path:
    lines = seed_path.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / name
    path.write_text("".join(change(lines)), encoding="utf-8")
    return path


def test_a_policy_listed_twice_is_refused_naming_it_and_nothing_is_stored(seed_path, tmp_path):
    def twice(lines):
        at = next(i for i, line in enumerate(lines) if line.startswith("Serious Violence and V"))
        return [*lines[: at + 1], lines[at], *lines[at + 1 :]]

    bad = _seed_with(seed_path, tmp_path, "twice.txt", twice)

    with pytest.raises(CommandError) as info:
        call_command("import_plan", str(bad), "--as-of", "2026-11-30")
    assert info.value.returncode == 2
    assert (
        "the policy 'Serious Violence and Violence Against Women and Children Strategy' is "
        "listed twice (the 25th and 26th policies); list each policy once"
    ) in str(info.value)
    assert "Plan JSON" not in str(info.value)
    assert not Plan.objects.exists()


def test_a_23_digit_figure_is_a_finding_on_its_line_not_a_traceback(seed_path, tmp_path):
    def huge(lines):
        return [
            line.replace("\t7,162\t", "\t12345678901234567890123\t")
            if line.startswith("All crime (ComS_001)")
            else line
            for line in lines
        ]

    result = plan_import_file(_seed_with(seed_path, tmp_path, "huge.txt", huge), as_of=AS_OF)

    unreadable = [f for f in result.findings if f["kind"] == "value_unreadable"]
    assert [(f["line"], f["message"]) for f in unreadable] == [
        (
            line,
            "'12345678901234567890123' has more digits than a figure can have "
            "(under 1,000,000,000,000); read as no value.",
        )
        for line in (156, 237)
    ]
    kept = IndicatorYearValue.objects.filter(indicator__code="ComS_001", kind="actual")
    assert sorted(str(row.year) for row in kept) == ["2023/24", "2024/25"]  # 2022/23 unread


def test_plan_json_with_a_figure_too_large_is_refused_naming_where(tmp_path):
    seed = plan_import_file(
        Path(__file__).resolve().parents[3] / "civicplan/examples/"
        "community-safety-business-plan-2026-29.txt",
        as_of=AS_OF,
    ).plan
    data = plan_export(seed)
    data["indicators"][0]["actuals"]["2023/24"] = 1.2345678901234568e22
    bad = tmp_path / "big.json"
    bad.write_text(plan_json_dumps(data), encoding="utf-8")

    with pytest.raises(CommandError) as info:
        call_command("import_plan", str(bad))
    assert info.value.returncode == 2
    assert "not valid Plan JSON: indicators/0/actuals/2023/24: 1.2345678901234568e+22 is " in str(
        info.value
    )
