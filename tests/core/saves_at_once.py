"""100 people saving one figure at once through the API, on the database ``DATABASE_URL`` names.

Run by ``test_concurrent_saves.py`` in a process of its own (a real database file, real
connections, one per thread). Each thread reads the figure's version and saves with it, and on a
409 (someone saved first) reads again and tries again; prints every answer as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import django

SAVERS = 100


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicplan.config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from civicplan.accounts.roles import Role
    from civicplan.accounts.services import user_role_set
    from civicplan.core.models import AuditEvent
    from civicplan.indicators.models import Indicator
    from civicplan.monitoring.models import IndicatorValue
    from civicplan.plans.models import Post
    from civicplan.plans.services import user_posts_set
    from tests.factories.plan_data import HEAD_OF_COMMUNITIES, plan_create

    call_command("migrate", verbosity=0)
    plan = plan_create()
    owner = get_user_model().objects.create_user(username="owner", password="x" * 20)
    user_role_set(user=owner, roles=[Role.INDICATOR_OWNER], by=None)
    user_posts_set(user=owner, posts=list(Post.objects.filter(title=HEAD_OF_COMMUNITIES)), by=None)
    indicator = Indicator.objects.get(plan=plan, code="ComS_001")
    url = f"/api/indicators/{indicator.pk}/values/"
    period = {"fy": 2026, "period_kind": "quarter", "period_number": 2}
    connections.close_all()
    start = threading.Barrier(SAVERS)

    def save(number: int) -> list[int]:
        try:
            client = Client()
            client.force_login(owner)
            start.wait()
            answers = []
            while len(answers) < SAVERS and (not answers or answers[-1] == 409):
                row = IndicatorValue.objects.filter(indicator=indicator, **period).first()
                body = {
                    "period": "2026/27-Q2",
                    "value": 1000 + number,
                    "expected_version": row.version if row else 0,
                }
                answers.append(client.post(url, body, content_type="application/json").status_code)
            return answers
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=SAVERS) as pool:
        statuses = Counter(code for answers in pool.map(save, range(SAVERS)) for code in answers)
    row = IndicatorValue.objects.get(indicator=indicator, **period)
    print(
        json.dumps(
            {
                "statuses": {str(code): n for code, n in statuses.items()},
                "version": row.version,
                "value": float(row.value),
                "saves_audited": AuditEvent.objects.filter(action="value.save").count(),
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
