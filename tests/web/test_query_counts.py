"""Pages read in bulk: the same number of queries for a plan three times the size."""

from __future__ import annotations

from civicplan.indicators.models import Indicator
from tests.factories.plan_data import plan_create
from tests.support.queries import page_queries

# The most queries each page may run, whatever the plan's size (two of them are the session and
# the user; one chooses the plan; on HTML pages one more reads the user's roles for the
# navigation). The indicator page also reads its monitoring record: the plan's figures (six),
# the revisions and the audit trail, and the organisation's police-data mapping (one query, to
# know whether the indicator is derived from police data; ComS_001 is, but without a police data
# store nothing more is read).
MAX_QUERIES = {
    "/": 10,
    "/?format=csv": 9,
    "/indicators/": 11,
    "/indicators/?framework=csi&sort=-latest_actual": 11,
    "/indicators/?format=csv": 10,
    "/indicators/ComS_024/": 19,
    "/indicators/ComS_001/": 19,
    "/key-tasks/": 7,
    "/key-tasks/?format=csv": 6,
    "/policies/": 6,
    "/risks/": 9,
    "/risks/?format=csv&table=key_task_risks": 8,
    "/budget/": 6,
    "/budget/?format=csv": 5,
    "/findings/": 6,
    "/findings/?kind=unknown_action_code": 6,
}


def test_page_query_counts_do_not_grow_with_the_plan(signed_in, db):
    plan_create(scale=1)
    small = {url: page_queries(signed_in, url) for url in MAX_QUERIES}
    plan_create(scale=3)  # the same plan, revised: three times the rows in every list
    assert Indicator.objects.count() == 24
    large = {url: page_queries(signed_in, url) for url in MAX_QUERIES}

    assert large == small
    assert {url: n for url, n in small.items() if n > MAX_QUERIES[url]} == {}
