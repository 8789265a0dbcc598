"""gunicorn as production runs it (deploy/gunicorn.conf.py, production settings), as a process
on a free port against a migrated SQLite file.

- Slow clients (issue 15): clients that send one byte every 3 s must not make the app
  unreachable; a normal request keeps answering quickly.
- The access log never holds the calendar-feed secret (issue 13), and is JSON a line.
"""
import json
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.ibbis.processes import ROOT, free_port, get, process_env, start, stop, wait_until

SECRET = "s3cr3t-feed-token-4f1c9a77b2e0"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = process_env(
        DJANGO_SETTINGS_MODULE="ibbis.settings.production",
        SECRET_KEY="gunicorn-test-key-not-secret",
        ALLOWED_HOSTS="ibbis.example.org",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",  # the least production runs with, so the test is the harder
        GUNICORN_ACCESS_LOG=str(tmp / "access.log"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp / "prometheus"),  # as compose sets it for web
        METRICS_TOKEN="gunicorn-test-scrape-token",
    )
    env.pop("REDIS_URL", None)
    for step in (["manage.py", "migrate", "--noinput", "-v0"],
                 ["manage.py", "collectstatic", "--noinput", "-v0"]):
        subprocess.run(["python", *step], cwd=ROOT, env=env, check=True, timeout=300)
    process = start(["gunicorn", "--config", "deploy/gunicorn.conf.py", "ibbis.wsgi:application"],
                    env=env, log_path=tmp / "gunicorn.log")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: get(f"{base}/livez")[0] == 200, timeout=30, what="gunicorn up")
        yield {"base": base, "port": port, "access_log": tmp / "access.log",
               "log": tmp / "gunicorn.log", "process": process}
    finally:
        stop(process)


def _slow_client(port, stop_at, sent):
    """Sends a request one byte every 3 s until `stop_at` (never finishing its headers)."""
    request = b"GET /login/ HTTP/1.1\r\nHost: ibbis.example.org\r\nX-Padding: " + b"a" * 200
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        for byte in request:
            if time.monotonic() >= stop_at:
                return
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                return  # the server closed the slow connection: that is allowed too
            sent.append(1)
            time.sleep(3)


def test_two_slow_clients_do_not_make_the_app_unreachable(server):
    stop_at = time.monotonic() + 13
    sent = []
    slow = [threading.Thread(target=_slow_client, args=(server["port"], stop_at, sent),
                             daemon=True) for _ in range(2)]
    for thread in slow:
        thread.start()
    time.sleep(1)
    timings = []
    while time.monotonic() < stop_at - 1:
        started = time.monotonic()
        status, body = get(f"{server['base']}/login/", host="ibbis.example.org", timeout=5)
        timings.append(time.monotonic() - started)
        assert status == 200
        time.sleep(1.5)
    assert len(sent) >= 4, "the slow clients did not really trickle"
    assert len(timings) >= 5
    assert max(timings) < 3.0, f"normal requests slowed down under slow clients: {timings}"
    for thread in slow:
        thread.join(timeout=5)


def test_the_access_log_never_holds_the_calendar_feed_secret(server):
    base = server["base"]
    status, _ = get(f"{base}/calendar/{SECRET}.ics?token={SECRET}", host="ibbis.example.org")
    assert status == 404
    # A calendar program that sends the feed URL as referer.
    request = urllib_request(f"{base}/livez", referer=f"https://ibbis.example.org/calendar/{SECRET}.ics")
    assert request == 200
    wait_until(lambda: "/calendar/" in server["access_log"].read_text(), timeout=10,
               what="the access-log line")
    time.sleep(0.5)
    access = server["access_log"].read_text()
    assert SECRET not in access
    assert "/calendar/[redacted].ics?token=[redacted]" in access
    lines = [json.loads(line) for line in access.splitlines() if line.strip()]
    feed = next(line for line in lines if "/calendar/" in line["request"])
    assert feed["status"] == "404" and feed["logger"] == "gunicorn.access"
    assert len(feed["request_id"]) == 32  # the app's X-Request-ID, joinable with app logs
    # Django's own "Not Found: /calendar/..." warning is scrubbed the same way.
    assert SECRET not in server["log"].read_text()


def urllib_request(url, *, referer):
    import urllib.request

    request = urllib.request.Request(url, headers={"Referer": referer})
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return response.status


def test_a_request_id_offered_by_the_proxy_is_kept(server):
    import urllib.request

    request = urllib.request.Request(f"{server['base']}/livez",
                                     headers={"X-Request-ID": "nginx-abc123"})
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        assert response.headers["X-Request-ID"] == "nginx-abc123"


# --- nginx in front, as docker-compose.yml's `proxy` ----------------------------------------

@pytest.fixture(scope="module")
def proxy(server, tmp_path_factory):
    """deploy/nginx.conf, with the compose network's `web:8000` and the container's port and
    pid file moved to this machine's gunicorn, a free port and a tmp dir."""
    import shutil

    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                       else None)
    if not binary:
        pytest.skip("nginx is not installed (.ci/run installs it)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in (("server web:8000;", f"server 127.0.0.1:{server['port']};"),
                     ("listen 8080;", f"listen 127.0.0.1:{port};"),
                     ("pid /tmp/nginx.pid;", f"pid {tmp / 'nginx.pid'};")):
        assert old in config
        config = config.replace(old, new)
    (tmp / "nginx.conf").write_text(config)
    process = start([binary, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e",
                     str(tmp / "error.log"), "-g", "daemon off;"],
                    env=process_env(), log_path=tmp / "nginx.log")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: get(f"{base}/nginx-livez")[0] == 200, timeout=15, what="nginx up")
        yield {"base": base, "port": port, "log": tmp / "nginx.log"}
    finally:
        stop(process)


def test_through_nginx_twenty_slow_clients_do_not_slow_anyone_down(proxy):
    # Ten times the threads of the one gunicorn worker: without the proxy this would hold
    # every thread; nginx holds the trickling connections itself.
    stop_at = time.monotonic() + 10
    sent = []
    slow = [threading.Thread(target=_slow_client, args=(proxy["port"], stop_at, sent),
                             daemon=True) for _ in range(20)]
    for thread in slow:
        thread.start()
    time.sleep(1)
    timings = []
    while time.monotonic() < stop_at - 1:
        started = time.monotonic()
        status, _ = get(f"{proxy['base']}/login/", host="ibbis.example.org", timeout=5)
        timings.append(time.monotonic() - started)
        assert status == 200
        time.sleep(1)
    assert len(sent) >= 40 and len(timings) >= 5
    assert max(timings) < 3.0, timings


def test_nginx_logs_no_feed_secret_and_passes_its_request_id_on(proxy, server):
    status, _ = get(f"{proxy['base']}/calendar/{SECRET}.ics?token={SECRET}",
                    host="ibbis.example.org")
    assert status == 404
    wait_until(lambda: "/calendar/" in proxy["log"].read_text(), timeout=10,
               what="nginx's access-log line")
    line = next(json.loads(text) for text in proxy["log"].read_text().splitlines()
                if "/calendar/" in text)
    assert SECRET not in proxy["log"].read_text()
    assert line["request"].startswith("GET /calendar/[redacted].ics")
    # gunicorn's line for the same request carries nginx's request id.
    wait_until(lambda: line["request_id"] in server["access_log"].read_text(), timeout=10,
               what="the same request id in gunicorn's access log")


def test_metrics_across_gunicorn_workers_for_the_scrape_token_only(server):
    import urllib.request

    get(f"{server['base']}/login/", host="ibbis.example.org")
    assert get(f"{server['base']}/metrics", host="ibbis.example.org")[0] == 404
    request = urllib.request.Request(
        f"{server['base']}/metrics",
        headers={"Host": "ibbis.example.org",
                 "Authorization": "Bearer gunicorn-test-scrape-token"})
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        body = response.read().decode()
    # Summed from the workers' files in PROMETHEUS_MULTIPROC_DIR (gunicorn.conf's hooks).
    assert 'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="login"}' \
        in body
    assert "ibbis_sweep_last_success_timestamp_seconds 0.0" in body
    assert list((server["log"].parent / "prometheus").glob("*.db"))
