"""The fault tests' own services: a Redis, an SMTP sink, Celery workers and beat as real
processes (and, for one test, a PostgreSQL cluster), all on free ports, all stopped after.

They run against the test database on PostgreSQL (.ci/run's PostgreSQL step); the workers
are pointed at it through DATABASE_URL. The test process plays the web app: Django's test
client, with its Celery app and cache pointed at the test's Redis.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests.celery_broker import use_broker
from tests.redis_server import REDIS_SERVER, RedisServer
from tests.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.faults)
            item.add_marker(pytest.mark.skipif(
                connection.vendor != "postgresql" or REDIS_SERVER is None,
                reason="fault tests need PostgreSQL (DATABASE_URL) and the redis-server binary",
            ))


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Process:
    """A Celery worker or beat of the stack: a real process, killed however the test wants."""

    def __init__(self, name: str, argv: list[str], env: dict, log: Path):
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.popen: subprocess.Popen | None = None

    def start(self) -> "Process":
        with open(self.log, "ab") as out:
            self.popen = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.popen = None

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def wait_ready(self, timeout: float = 60) -> bool:
        """A worker logs "<name>@<host> ready." once it consumes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log.exists() and " ready." in self.log.read_text(errors="replace"):
                return True
            time.sleep(0.2)
        return False

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None


class Stack:
    """Workers and beat against the test's Redis, SMTP sink and the test database."""

    def __init__(self, redis: RedisServer, sink: SmtpSink, tmp: Path):
        self.redis, self.sink, self.tmp = redis, sink, tmp
        self.processes: list[Process] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": database_url(),
            "FAULT_REDIS_URL": redis.url,
            "FAULT_SMTP_PORT": str(sink.port),
            "PYTHONPATH": str(ROOT),
        }

    def _celery(self, *args) -> list[str]:
        return [sys.executable, "-m", "celery", "-A", "ibbis", *args]

    def worker(self, name: str = "w1") -> Process:
        process = Process(name, self._celery(
            "worker", "--pool", "solo", "--concurrency", "1", "--loglevel", "INFO",
            "-n", f"{name}@%h", "--without-heartbeat", "--without-gossip", "--without-mingle",
        ), self.env, self.tmp / f"{name}.log")
        self.processes.append(process)
        return process.start()

    def beat(self) -> Process:
        process = Process("beat", self._celery(
            "beat", "--loglevel", "INFO", "-s", str(self.tmp / "beat-schedule"),
            "--pidfile", "",
        ), self.env, self.tmp / "beat.log")
        self.processes.append(process)
        return process.start()

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.log.name}\n{p.log.read_text(errors='replace')[-3000:]}"
            for p in self.processes if p.log.exists()
        )

    def shutdown(self) -> None:
        for process in self.processes:
            process.kill()


@pytest.fixture
def fault_redis():
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def sink():
    sink = SmtpSink().start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def stack(transactional_db, fault_redis, sink):
    """Started empty; a test starts the workers and beat it needs. Stopped before the test
    database is flushed."""
    with tempfile.TemporaryDirectory(prefix="ibbis-faults-") as tmp:
        stack = Stack(fault_redis, sink, Path(tmp))
        try:
            yield stack
        finally:
            stack.shutdown()
            if os.environ.get("FAULT_LOGS"):
                print(stack.logs())


@pytest.fixture
def web(fault_redis):
    """This process as the web app in production shape: tasks go to the test's Redis, the
    cache is the Redis-with-fallback on it."""
    import ibbis.cache

    ibbis.cache._down_until.clear()
    caches = {"default": {"BACKEND": "ibbis.cache.FallbackRedisCache",
                          "LOCATION": fault_redis.url, "KEY_PREFIX": "ibbis-faults",
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}}
    with override_settings(CACHES=caches, REDIS_URL=fault_redis.url), use_broker(fault_redis.url):
        yield
    ibbis.cache._down_until.clear()


def wait_until(predicate, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def report(what: str, expected: int, deliveries) -> None:
    delivered = sum(deliveries.values())
    twice = sum(1 for n in deliveries.values() if n > 1)
    print(f"\n[faults] {what}: expected {expected} mails, delivered {delivered} "
          f"({len(deliveries)} distinct, {twice} more than once)")
