"""`make bench`: throughput and latency at caseload scale, side by side with /healthz.

    createdb -h 127.0.0.1 -U postgres ibbis_perf
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ibbis_perf .venv/bin/python bench/run.py

Steps: migrate and `seed_demo --cases N` (under dev settings: the demo app is not installed
in production's) on the configured database (DATABASE_URL; the
goals in docs/benchmarks.md are for PostgreSQL; without it a SQLite file db.bench.sqlite3
is used), start gunicorn on 127.0.0.1 with the production settings (DEBUG off), make API
tokens for demo accounts in-process (POST /api/auth/token/ would need each professional's
second factor; the token is the same knox token it issues), then load each endpoint in turn
with bench/load.py (bounded in time and count), print requests per second, p50/p95
latency, the ratio to /healthz, and the queries one request makes; last, the sweep's time
at 10,000 and 100,000 cases (bench/sweep.py) on a database of its own beside the seeded
one (<name>_sweep, created if missing). The load average is printed beside each figure:
on a shared machine, read the figures with it. The load generator talks to 127.0.0.1 only.
"""
import argparse
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "ibbis.settings.production",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_URL": os.environ.get("DATABASE_URL")
    or f"sqlite:///{ROOT / 'db.bench.sqlite3'}",
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
}
# seed_demo is installed in the dev and test settings only (ibbis/demo/): the seeding runs
# under dev settings (DEBUG off) on the same database; the server under production's.
SEED_ENV = {**ENV, "DJANGO_SETTINGS_MODULE": "ibbis.settings.dev", "DEBUG": "false"}
# Issue 20's goals (docs/benchmarks.md), as ratios to /healthz in the same run.
GOALS = {"manager's case list": 0.5, "dashboard": 0.5, "case page (consultant)": 0.3}
MAX_QUERIES = 10
SEARCH_P95_MS = 50
TAIL_RATIO = 4  # p99 / p50 of the case list at 16 connections
WORKER_RSS_MB = 300


def manage(*args, env=ENV):
    """Run manage.py; returns (wall seconds, CPU seconds of the child: user + system)."""
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, cpu


def load_average() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def sweep_database_url(url: str) -> str:
    """A database of its own for bench/sweep.py beside the seeded one (…_sweep), created if
    missing: the sweep at 10,000 and 100,000 cases is timed without the demo cases, so the
    ratio of the two is the sweep's own."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        stem = url.removesuffix(".sqlite3")
        return f"{stem}_sweep.sqlite3"
    name = parts.path.lstrip("/") + "_sweep"
    import psycopg

    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers, threads):
    process = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "ibbis.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"],
        cwd=ROOT, env=ENV, start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


def token_for(username) -> str:
    """A knox token for the demo account, made as POST /api/auth/token/ makes it."""
    from ibbis.accounts import tokens
    from ibbis.accounts.models import User

    _instance, token = tokens.issue(User.objects.get(username=username))
    return token


def in_process():
    """Django in this process, on the same database and settings, for ids and query counts."""
    os.environ.update(ENV)
    import django

    django.setup()


def targets(port, tokens):
    from coordination.models import Case
    from ibbis.accounts.models import User

    consultant = User.objects.get(username="ec1")
    case = Case.objects.filter(employment_consultant=consultant).order_by("pk").first()
    service_user_case = Case.objects.filter(service_user__username="borger001").first()
    return [
        ("/healthz", "/healthz", None),
        ("manager's case list", "/api/cases/?page_size=50", tokens["manager.jc"]),
        ("dashboard", "/api/dashboard/", tokens["manager.jc"]),
        ("case page (consultant)", f"/api/cases/{case.pk}/", tokens["ec1"]),
        ("plan page (service user)", f"/api/cases/{service_user_case.pk}/plan/",
         tokens["borger001"]),
    ]


def query_count(path, token) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.content[:200]!r}")
    return len(captured.captured_queries)


def worker_rss_mb(server) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    sizes = []
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return sizes
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sizes


def search_timings(n=40) -> dict[str, tuple[float, float]]:
    """p50/p95 ms of a search by name in-process, as the pages query (the pages are
    session-only, behind the second factor): the consultant's caseload (for_user, current
    cases, a page of 50) and the new-case form over every active service user (31 rows)."""
    from coordination.caseload import name_matches
    from coordination.models import Case
    from ibbis.accounts.models import Role, User

    names = list(User.objects.filter(role=Role.SERVICE_USER).exclude(last_name="")
                 .order_by("?").values_list("last_name", flat=True)[:n])
    consultant = User.objects.get(username="ec1")
    searches = {
        "caseload search (ec1)": lambda q: list(
            Case.objects.for_user(consultant).current_for_professional(consultant)
            .filter(name_matches(q, "service_user__")).select_related("service_user")[:50]),
        "new-case form search": lambda q: list(
            User.objects.filter(role=Role.SERVICE_USER, is_active=True)
            .filter(name_matches(q)).order_by()[:31]),
    }
    results = {}
    for label, search in searches.items():
        times = []
        for name in names:
            started = time.perf_counter()
            search(name[:5])
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        results[label] = (times[len(times) // 2],
                          times[min(len(times) - 1, int(len(times) * 0.95))])
    return results


def main():
    from bench import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--skip-seed", action="store_true", help="use the data already seeded")
    parser.add_argument("--seconds", type=float, default=15.0, help="per endpoint")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--memory-seconds", type=float, default=120.0)
    parser.add_argument("--sweep", type=int, action="append",
                        help="sweep sizes (default 10000 and 100000; 0 to skip)")
    args = parser.parse_args()

    print(f"database: {ENV['DATABASE_URL'].split('@')[-1]}; CONN_MAX_AGE="
          f"{ENV.get('CONN_MAX_AGE', '60 (production default)')} (persistent connections "
          f"when > 0); {load_average()}")
    manage("migrate", "--noinput", "--verbosity", "0")
    if not args.skip_seed:
        print(f"seed_demo --cases {args.cases} starts; {load_average()}", flush=True)
        took, cpu = manage("seed_demo", "--cases", str(args.cases), env=SEED_ENV)
        print(f"seed_demo --cases {args.cases}: {took:.1f} s wall clock, {cpu:.1f} s CPU of "
              f"the seeding process (the database server's not counted); {load_average()}")
    in_process()
    from django.db import connection

    from coordination.models import Case

    # Fresh planner statistics (and, on PostgreSQL, the visibility map for index-only
    # scans) after the bulk seed, as autovacuum would give a production database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    print(f"cases in the database: {Case.objects.count()}")
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        tokens = {name: token_for(name) for name in ("manager.jc", "ec1", "borger001")}
        rows, healthz = [], None
        for name, path, token in targets(port, tokens):
            headers = {"Authorization": f"Token {token}"} if token else {}
            # A short warm-up, so connection set-up and first-request caches are not timed.
            load.run(name, port, path, headers=headers, concurrency=2, seconds=1,
                     max_requests=20)
            result = load.run(name, port, path, headers=headers,
                              concurrency=args.concurrency, seconds=args.seconds,
                              max_requests=args.max_requests)
            healthz = healthz or result.rps
            rows.append((name, path, result, query_count(path, token)))
        # The tail at twice the connections (issue 20: p99 / p50 <= 4).
        _name, list_path, list_token = targets(port, tokens)[1]
        tail = load.run("case list, 16 connections", port, list_path,
                        headers={"Authorization": f"Token {list_token}"}, concurrency=16,
                        seconds=args.seconds, max_requests=args.max_requests)
        print(f"after the load runs; {load_average()}", flush=True)
        rss_after_load = worker_rss_mb(server)
        # Memory after 10,000 more requests of the list (issue 20: < 300 MB, not growing).
        load.run("memory", port, list_path, headers={"Authorization": f"Token {list_token}"},
                 concurrency=args.concurrency, seconds=args.memory_seconds,
                 max_requests=args.memory_requests)
        rss_later = worker_rss_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\ngunicorn {args.workers} workers x {args.threads} threads; load: "
          f"{args.concurrency} keep-alive connections, {args.seconds:.0f} s or "
          f"{args.max_requests} requests per endpoint; {load_average()} at the end")
    print(f"{'endpoint':28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'x healthz':>9} {'queries':>7} {'errors':>6}  goal")
    failed = []
    for name, _path, result, queries in rows:
        ratio = result.rps / healthz if healthz else 0
        goal = GOALS.get(name)
        verdict = ""
        if goal is not None:
            ok = ratio >= goal and queries <= MAX_QUERIES
            verdict = f">= {goal} x, <= {MAX_QUERIES} q: {'met' if ok else 'NOT met'}"
            if not ok:
                failed.append(name)
        print(f"{name:28} {result.rps:8.1f} {result.percentile(50):8.1f} "
              f"{result.percentile(95):8.1f} {result.percentile(99):8.1f} {ratio:9.2f} "
              f"{queries:7d} {result.errors:6d}  {verdict}")
    tail_ratio = tail.percentile(99) / max(tail.percentile(50), 1e-9)
    ok = tail_ratio <= TAIL_RATIO
    print(f"case list at 16 connections: {tail.rps:.1f} req/s, p50 {tail.percentile(50):.1f} "
          f"ms, p99 {tail.percentile(99):.1f} ms, p99/p50 {tail_ratio:.2f} "
          f"(<= {TAIL_RATIO}: {'met' if ok else 'NOT met'}), errors {tail.errors}")
    if not ok:
        failed.append("case list tail")
    ok = bool(rss_later) and max(rss_later) < WORKER_RSS_MB
    print(f"worker RSS MB after the load runs {[round(x) for x in rss_after_load]}, after "
          f"{args.memory_requests} more list requests {[round(x) for x in rss_later]} "
          f"(< {WORKER_RSS_MB}: {'met' if ok else 'NOT met'}); {load_average()}")
    if not ok:
        failed.append("worker memory")
    for label, (p50, p95) in search_timings().items():
        ok = p95 < SEARCH_P95_MS
        print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms in-process (< {SEARCH_P95_MS} ms: "
              f"{'met' if ok else 'NOT met'}); {load_average()}")
        if not ok:
            failed.append(label)

    # The command itself on the seeded database (issue 20: < 30 s at 1,000,000): its own
    # output says the sweep's time apart from the start-up; the mail stays in the outbox.
    print(f"\nmanage.py sweep_deadlines --no-deliver; {load_average()}", flush=True)
    took, cpu = manage("sweep_deadlines", "--no-deliver", env=SEED_ENV)
    print(f"manage.py sweep_deadlines: {took:.1f} s wall clock, {cpu:.1f} s CPU; "
          f"{load_average()}")

    sizes = args.sweep if args.sweep is not None else [10_000, 100_000]
    sizes = [n for n in sizes if n > 0]
    if sizes:
        sweep_url = sweep_database_url(ENV["DATABASE_URL"])
        print(f"\nsweep (bench/sweep.py, database {sweep_url.split('@')[-1]}); "
              f"{load_average()}", flush=True)
        command = [PYTHON, "bench/sweep.py"]
        for n in sizes:
            command += ["--cases", str(n)]
        sweep_env = {**ENV, "DJANGO_SETTINGS_MODULE": "ibbis.settings.dev",
                     "DATABASE_URL": sweep_url}
        subprocess.run(command, cwd=ROOT, env=sweep_env, check=True)
        print(load_average())
    if failed:
        print(f"\ngoals not met: {', '.join(failed)}")


if __name__ == "__main__":
    main()
