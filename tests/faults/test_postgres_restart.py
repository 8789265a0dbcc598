"""PostgreSQL restarted under a bounded request loop: the app (gunicorn, persistent database
connections) recovers without a restart, and /healthz tells the truth meanwhile.

A cluster of the test's own (tests/postgres_cluster.py), migrated, with one account; the
app is a real gunicorn process on it. The loop asks /healthz and an API page that reads the
database; PostgreSQL is stopped for a few seconds in the middle, then started again."""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.postgres_cluster import PostgresCluster, pg_bin
from tests.smtp_sink import free_port

from .conftest import ROOT

pytestmark = pytest.mark.skipif(pg_bin() is None, reason="needs the PostgreSQL server binaries")

SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from knox.models import AuthToken
from ibbis.accounts.models import User
user = User.objects.create_user(username="probe", password="x" * 20, role="service_user")
print(AuthToken.objects.create(user=user)[1])
"""


def get(url: str, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body)
        except ValueError:
            return error.code, {}
    except OSError:
        return 0, {}  # no answer at all


@pytest.fixture
def cluster():
    cluster = PostgresCluster().init()
    try:
        cluster.start()
        cluster.createdb("ibbis")
        yield cluster
    finally:
        cluster.cleanup()


def test_postgres_restarted_under_a_request_loop(cluster, tmp_path):
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ibbis.settings.test",
           "DATABASE_URL": cluster.url("ibbis"), "REDIS_URL": "", "CONN_MAX_AGE": "60",
           "PYTHONPATH": str(ROOT)}
    token = subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True, timeout=300).stdout.split()[-1]
    log = open(tmp_path / "gunicorn.log", "wb")
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ibbis.wsgi:application", "-b", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "2", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    timeline = []

    def probe(phase):
        health, body = get(f"{base}/healthz")
        me, _ = get(f"{base}/api/me/", token)
        timeline.append((phase, health, body.get("database"), me))
        return health, me

    try:
        deadline = time.monotonic() + 30
        while probe("start") != (200, 200) and time.monotonic() < deadline:
            time.sleep(0.3)
        for _ in range(5):
            assert probe("before") == (200, 200)
        cluster.stop()
        stopped = time.monotonic()
        while time.monotonic() - stopped < 3:
            probe("down")
            time.sleep(0.2)
        cluster.start()
        started = time.monotonic()
        while probe("after") != (200, 200) and time.monotonic() - started < 20:
            time.sleep(0.2)
        recovered_in = time.monotonic() - started
        for _ in range(10):
            probe("recovered")
        assert app.poll() is None, "gunicorn died"
    finally:
        app.terminate()
        app.wait(timeout=15)
        log.close()
    boots = (tmp_path / "gunicorn.log").read_text().count("Booting worker")
    summary = {}
    for phase, health, database, me in timeline:
        summary.setdefault(phase, []).append(f"{health}/{database}/{me}")
    print(f"\n[faults] PostgreSQL restart: recovered {recovered_in:.1f} s after the start; "
          f"gunicorn workers booted {boots}; healthz/database/api by phase: "
          + "; ".join(f"{k}: {sorted(set(v))}" for k, v in summary.items()))
    down = [t for t in timeline if t[0] == "down"]
    # Meanwhile /healthz tells the truth: 503, "database": "down" - never a 200 while down.
    assert down and all(health == 503 and database == "down" for _, health, database, _ in down)
    # Recovered without a restart: every request after the start answers, one process.
    assert all(t[1:] == (200, "ok", 200) for t in timeline if t[0] == "recovered")
    assert boots == 1
