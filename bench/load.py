"""Load test: 20 people for 60 s on the production server, on SQLite and on PostgreSQL.

Each run makes a fresh database with the seed plan and the demo logins, starts `civicplan serve`
(gunicorn, 2 workers of 4 threads) on a free port and lets 20 simulated people work at once:

- 10 read pages signed in through the sign-in page (overview, dashboard, indicators, one
  indicator, key tasks, risks, needs attention);
- 6 read the API with a token (standings, indicators, risk register, task progress);
- 4 save figures through the API, each reading the figure's version first; a 409 (someone saved
  first) is an answer, not an error: they read again and go on.

Beside them, in the same run, one more client fetches a static file: the yardstick for what the
server itself costs. Printed per database: requests, errors (5xx or no answer), 409s, p50 and
p95 of each kind, and each kind's p50 against the yardstick's. Exit status 1 on any error.

    .venv/bin/python bench/load.py [--seconds 60] [--users 20] [--only sqlite|postgresql]

PostgreSQL is used when a server answers at 127.0.0.1:5432 (a database of its own is made and
dropped); otherwise that half is skipped with a note.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server import civicplan_served  # noqa: E402

CIVICPLAN = [sys.executable, "-m", "civicplan.cli"]
PASSWORD = "demo-civicplan-2026"  # `civicplan demo`'s published logins
PAGES = [
    "/",
    "/dashboard/",
    "/indicators/",
    "/indicators/ComS_011/",
    "/key-tasks/",
    "/risks/",
    "/attention/",
]


class Client:
    """One person's connection: keeps its cookies, times each request."""

    def __init__(self, port: int, record: Callable[[str, float, int], None]) -> None:
        self.port = port
        self.record = record
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, kind: str, method: str, path: str, body: str | None = None, headers=None
    ) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            status = response.status
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            status, data = 0, b""
        self.record(kind, time.perf_counter() - started, status)
        return status, data

    def sign_in(self, username: str) -> None:
        _, page = self.request("sign-in", "GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {
            "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            "username": username,
            "password": PASSWORD,
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        self.request("sign-in", "POST", "/login/", urlencode(form), headers)


def reader(client: Client, stop: float, number: int) -> None:
    client.sign_in("councillor")
    step = number
    while time.monotonic() < stop:
        client.request("page", "GET", PAGES[step % len(PAGES)])
        step += 1


def api_reader(client: Client, stop: float, token: str, plan: int) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    paths = [
        f"/api/plans/{plan}/standings/?period=2026/27-Q2",
        f"/api/plans/{plan}/indicators/",
        f"/api/plans/{plan}/risk-register/",
        f"/api/plans/{plan}/task-progress/",
    ]
    step = 0
    while time.monotonic() < stop:
        client.request("api read", "GET", paths[step % len(paths)], headers=auth)
        step += 1


def api_writer(client: Client, stop: float, token: str, indicator: int, number: int) -> None:
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    url = f"/api/indicators/{indicator}/values/"
    step = 0
    while time.monotonic() < stop:
        _, data = client.request("api read", "GET", f"/api/indicators/{indicator}/", headers=auth)
        revisions = json.loads(data or b"{}").get("values", [])
        version = max(
            (r["version"] for r in revisions if r.get("period") == "2026/27-Q2"), default=0
        )
        body = {"period": "2026/27-Q2", "value": 1000 + number * 100 + step % 50}
        body["expected_version"] = version
        client.request("api write", "POST", url, json.dumps(body), auth)
        step += 1


def yardstick(client: Client, stop: float) -> None:
    while time.monotonic() < stop:
        client.request("static file", "GET", "/static/civicplan/civicplan.css")


def plan_and_indicators(port: int, token: str) -> tuple[int, list[int]]:
    """The seed plan's id and four of its quarterly counts' ids, read through the API."""
    client = Client(port, lambda kind, took, status: None)
    auth = {"Authorization": f"Bearer {token}"}
    _, data = client.request("", "GET", "/api/plans/", headers=auth)
    plan = json.loads(data)[0]["id"]
    _, data = client.request("", "GET", f"/api/plans/{plan}/indicators/", headers=auth)
    wanted = {"ComS_011", "ComS_012", "ComS_013", "ComS_014"}
    return plan, [row["id"] for row in json.loads(data) if row["code"] in wanted]


def run(label: str, database_url: str, seconds: int, users: int) -> int:
    data = tempfile.mkdtemp(prefix="civicplan-load-")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CIVICPLAN_DATA_DIR": data,
        "CIVICPLAN_STATIC_ROOT": str(Path(data) / "static"),
        "CIVICPLAN_SECRET_KEY": secrets.token_urlsafe(50),
        "CIVICPLAN_LOGIN_ATTEMPTS": "50",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run([*CIVICPLAN, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    made = subprocess.run(
        [*CIVICPLAN, "api-token", "create", "officer", "--name", "load"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    token = made.stdout.strip().splitlines()[-1]

    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    lock = threading.Lock()

    def record(kind: str, took: float, status: int) -> None:
        with lock:
            times[kind].append(took)
            statuses[kind][status] += 1

    readers, api_readers = users // 2, users * 3 // 10
    writers = users - readers - api_readers
    with civicplan_served(env, Path(data) / "serve.log") as port:
        plan, indicators = plan_and_indicators(port, token)
        stop = time.monotonic() + seconds
        jobs = [threading.Thread(target=yardstick, args=(Client(port, record), stop))]
        jobs += [
            threading.Thread(target=reader, args=(Client(port, record), stop, n))
            for n in range(readers)
        ]
        jobs += [
            threading.Thread(target=api_reader, args=(Client(port, record), stop, token, plan))
            for _ in range(api_readers)
        ]
        jobs += [
            threading.Thread(
                target=api_writer,
                args=(Client(port, record), stop, token, indicators[n % len(indicators)], n),
            )
            for n in range(writers)
        ]
        for job in jobs:
            job.start()
        for job in jobs:
            job.join()

    errors = sum(n for kind in statuses for s, n in statuses[kind].items() if s == 0 or s >= 500)
    conflicts = statuses["api write"].get(409, 0)
    total = sum(len(v) for v in times.values())
    print(f"\n== {label}: {users} people for {seconds} s, gunicorn 2 workers x 4 threads")
    print(f"   {total:,} requests, {errors} errors (5xx or no answer), {conflicts} writes got 409")
    base = statistics.median(times["static file"]) if times["static file"] else 0.0
    print(
        f"   {'kind':14}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}{'p50/yardstick':>15}  statuses"
    )
    for kind in ["static file", "sign-in", "page", "api read", "api write"]:
        got = sorted(times[kind])
        if not got:
            continue
        p50 = statistics.median(got)
        p95 = got[min(len(got) - 1, int(0.95 * len(got)))]
        codes = ", ".join(f"{s}: {n}" for s, n in sorted(statuses[kind].items()))
        ratio = f"{p50 / base:.1f}" if base else "-"
        print(
            f"   {kind:14}{len(got):>10,}{p50 * 1000:>9.1f}{p95 * 1000:>9.1f}{ratio:>15}  {codes}"
        )
    return errors


@contextmanager
def postgres_database() -> Iterator[str | None]:
    try:
        import psycopg

        admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    except Exception as exc:  # no server here: say so and skip
        print(f"(PostgreSQL skipped: {exc})")
        yield None
        return
    name = f"civicplan_load_{os.getpid()}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    errors = 0
    if args.only != "postgresql":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='civicplan-load-db-')}/civicplan.sqlite3"
        errors += run("SQLite", url, args.seconds, args.users)
    if args.only != "sqlite":
        with postgres_database() as url:
            if url:
                errors += run("PostgreSQL", url, args.seconds, args.users)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
