"""EXPLAIN (ANALYZE) of the queries behind the lists, the dashboard and the sweep (issue 9).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ibbis_perf .venv/bin/python bench/explain.py

Run it on a PostgreSQL database seeded with `seed_demo --cases 100000` (bench/run.py does
that). Each scenario is run once with its queries captured, then every captured SELECT or
UPDATE is explained with ANALYZE inside a transaction that is rolled back, so the sweep
changes nothing. Prints each plan and the indexes it uses; `--brief` prints only those.
"""
import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ibbis.settings.dev")
os.environ["REDIS_URL"] = ""
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from coordination.models import Case  # noqa: E402
from ibbis.accounts.models import User  # noqa: E402

INDEX = re.compile(r"(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) "
                   r"(\S+)")
SKIP = ("knox_authtoken", "django_session")


class Rollback(Exception):
    pass


def api_get(username, path):
    def call():
        user = User.objects.get(username=username)
        _instance, token = AuthToken.objects.create(user=user)
        response = Client().get(path, HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 200, (path, response.status_code)
    return call


def sweep():
    from coordination.services.sweep import deadlines_sweep

    deadlines_sweep()


def scenarios():
    consultant_case = Case.objects.filter(employment_consultant__username="ec1").first()
    return [
        ("manager's case list (page of 50)", api_get("manager.jc", "/api/cases/?page_size=50")),
        ("manager's case list, status filter",
         api_get("manager.jc", "/api/cases/?status=extended&page_size=50")),
        ("consultant's case list", api_get("ec1", "/api/cases/?page_size=50")),
        ("dashboard", api_get("manager.jc", "/api/dashboard/")),
        ("deadlines", api_get("ec1", "/api/deadlines/?page_size=50")),
        ("notifications", api_get("ec1", "/api/notifications/?page_size=50")),
        ("meetings", api_get("ec1", "/api/meetings/?page_size=50")),
        ("case page", api_get("ec1", f"/api/cases/{consultant_case.pk}/")),
        ("sweep", sweep),
    ]


def captured(call):
    with CaptureQueriesContext(connection) as queries:
        try:
            with transaction.atomic():
                call()
                raise Rollback
        except Rollback:
            pass
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "WITH", "("))
            and not any(skip in q["sql"] for skip in SKIP)]


def explain(sql):
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            raise Rollback(plan)
    except Rollback as done:
        return done.args[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", action="store_true", help="only the indexes and times")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("bench/explain.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    print(f"cases: {Case.objects.count()}")
    for name, call in scenarios():
        print(f"\n=== {name}")
        for sql in captured(call):
            plan = explain(sql)
            indexes = sorted(set(INDEX.findall("\n".join(plan))))
            total = next((line for line in plan if line.startswith("Execution Time")), "")
            print(f"--- {sql[:160]}{'...' if len(sql) > 160 else ''}")
            print(f"    indexes: {', '.join(indexes) or 'none (sequential scan)'}; {total}")
            if not args.brief:
                for line in plan:
                    print(f"    {line}")


if __name__ == "__main__":
    main()
