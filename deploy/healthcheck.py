"""Container health checks with nothing but the Python the image already has (no curl,
no pgrep in python:3.11-slim). docker-compose.yml runs:

    python deploy/healthcheck.py http http://127.0.0.1:8000/healthz   # web
    python deploy/healthcheck.py pidfile /tmp/celerybeat.pid          # beat

Exit 0 healthy, 1 not. `http` accepts 200 only, so `degraded` (a missed sweep, still 200)
keeps the container up: the alert for it comes from /metrics, not from a restart.
"""
import os
import sys
import urllib.error
import urllib.request


def http(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - local probe
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def pidfile(path: str) -> bool:
    """The process named in a pid file is alive (celery beat writes it with --pidfile)."""
    try:
        with open(path) as handle:
            pid = int(handle.read().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


CHECKS = {"http": http, "pidfile": pidfile}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in CHECKS:
        sys.exit("usage: healthcheck.py http URL | pidfile PATH")
    sys.exit(0 if CHECKS[sys.argv[1]](sys.argv[2]) else 1)
