"""Helpers for tests that run the product as processes (gunicorn, celery, redis-server)."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_env(**overrides) -> dict:
    """The environment a production process gets: the virtualenv's tools first on PATH,
    none of the test run's Django settings."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "PYTEST", "GUNICORN_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def start(command, *, env, log_path, shell=False):
    log = open(log_path, "ab")  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, shell=shell,
        start_new_session=True,
    )
    process.log_file = log
    process.log_path = Path(log_path)
    return process


def stop(process, timeout=15) -> int | None:
    """SIGTERM to the process (its group if it did not exec), then SIGKILL; the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # anything it left behind
    except ProcessLookupError:
        pass
    process.log_file.close()
    return process.returncode


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(url, *, host=None, timeout=5.0):
    """(status, body) of a GET, redirects not followed; a refused connection raises OSError."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until(predicate, *, timeout, interval=0.25, what="condition"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError as error:
            last_error = error
        time.sleep(interval)
    raise AssertionError(f"{what} not reached within {timeout} s (last error: {last_error})")
