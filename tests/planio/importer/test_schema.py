"""What the importer writes is valid Plan JSON: the seed and generated plans pass the schema."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from civicplan.planio.importer import parse_plan_text
from civicplan.planio.plan_json import plan_validate
from tests.planio.importer.plan_variants import make_spec, render


def test_seed_is_valid_plan_json(seed):
    plan_validate(json.loads(json.dumps(seed)))


@pytest.mark.parametrize("seed_number", range(5))
def test_generated_plans_are_valid_plan_json(seed_number):
    spec = make_spec(seed_number, prefix="Env", start=2028)
    data = parse_plan_text(render(spec), as_of=dt.date(2028, 4, 1))
    plan_validate(json.loads(json.dumps(data)))
