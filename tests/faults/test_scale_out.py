"""Scale-out (issue 20): two gunicorn instances on two free ports, sharing only PostgreSQL
(the test database) and Redis (the test's own: cache, broker), and a client that
alternates between them; then two workers and two beats that each send the daily sweep
every two seconds, and every reminder is mailed once (counted by the SMTP sink).

Nothing is kept on a web host's disk (docs/operations.md: no uploaded files), so "files"
need no shared volume; sessions and tokens live in PostgreSQL, the cache and throttle
counters in Redis, locks are PostgreSQL row locks and the outbox's SKIP LOCKED claims.
Runs in CI's fault step (PostgreSQL and redis-server); skipped elsewhere (conftest)."""
import json
import sys
import urllib.error
import urllib.request
from datetime import timedelta

from django.utils import timezone

from coordination.models import AbsencePeriod, Deadline, Notification
from tests import factories
from tests.ibbis.processes import free_port

from .conftest import Process, report, wait_until

PASSWORD = "scale-out-pass-9173"
REMINDERS = 12


def _gunicorn(stack, name):
    port = free_port()
    process = Process(name, [
        sys.executable, "-m", "gunicorn", "ibbis.wsgi:application", "--bind",
        f"127.0.0.1:{port}", "--workers", "1", "--threads", "2", "--log-level", "warning",
    ], {**stack.env, "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings"},
        stack.tmp / f"{name}.log")
    stack.processes.append(process)
    process.start()
    base = f"http://127.0.0.1:{port}"
    assert wait_until(lambda: _call(base, "GET", "/livez")[0] == 200, timeout=60), stack.logs()
    return base


def _call(base, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return 0, None


def test_two_web_instances_share_sign_in_writes_and_reads(stack, web):
    from ibbis.accounts import tokens

    a, b = _gunicorn(stack, "web-a"), _gunicorn(stack, "web-b")
    consultant = factories.EmploymentConsultantFactory()
    service_user = factories.ServiceUserFactory()
    service_user.set_password(PASSWORD)
    service_user.save()
    case = factories.CaseFactory(employment_consultant=consultant, service_user=service_user)
    _instance, consultant_token = tokens.issue(consultant)

    # Sign in on A, read with that token on B.
    status, body = _call(a, "POST", "/api/auth/token/",
                         body={"username": service_user.username, "password": PASSWORD})
    assert status == 200, (status, body, stack.logs())
    token = body["token"]
    status, cases = _call(b, "GET", "/api/cases/", token)
    assert status == 200 and [c["id"] for c in cases["results"]] == [str(case.pk)]

    # Writes alternate between the two; each is read back on the other.
    day = timezone.localdate()
    for n, (write, read) in enumerate([(a, b), (b, a), (a, b)]):
        start = (day - timedelta(days=60 - 10 * n)).isoformat()
        end = (day - timedelta(days=55 - 10 * n)).isoformat()
        status, _ = _call(write, "POST", f"/api/cases/{case.pk}/absences/", consultant_token,
                          {"start": start, "end": end, "kind": "full"})
        assert status == 201, stack.logs()
        status, absences = _call(read, "GET", f"/api/cases/{case.pk}/absences/",
                                 consultant_token)
        assert status == 200 and len(absences) == n + 1
    assert AbsencePeriod.objects.filter(case=case).count() == 3

    # Sign out on B: the token no longer works on A.
    assert _call(b, "POST", "/api/auth/logout/", token)[0] == 204
    assert _call(a, "GET", "/api/cases/", token)[0] == 401
    for process in stack.processes:
        assert process.alive(), stack.logs()


def test_two_workers_and_two_beats_mail_each_reminder_once(stack, web, sink):
    stack.env["FAULT_SWEEP_SECONDS"] = "2"
    consultant = factories.EmploymentConsultantFactory()
    in_a_week = timezone.localdate() + timedelta(days=7)
    for _ in range(REMINDERS):
        case = factories.CaseFactory(employment_consultant=consultant)
        Deadline.objects.create(case=case, kind="follow_up", due=in_a_week,
                                responsible=consultant)
    workers = [stack.worker("w1"), stack.worker("w2")]
    beats = [stack.beat(), _second_beat(stack)]
    assert all(worker.wait_ready() for worker in workers), stack.logs()
    wait_until(lambda: sink.wait_for(REMINDERS, timeout=0.1) >= REMINDERS, timeout=90)
    # Several more sweeps from both beats: still nothing twice.
    wait_until(lambda: False, timeout=6)
    deliveries = sink.deliveries()
    report("two beats, two workers", REMINDERS, deliveries)
    assert Notification.objects.filter(kind="reminder_7d").count() == REMINDERS
    assert sum(deliveries.values()) == REMINDERS, stack.logs()
    assert set(deliveries.values()) == {1}
    assert all(beat.alive() for beat in beats), stack.logs()


def _second_beat(stack):
    """A second beat with its own schedule file, as a second host would run it."""
    process = Process("beat2", stack._celery(
        "beat", "--loglevel", "INFO", "-s", str(stack.tmp / "beat-schedule-2"),
        "--pidfile", "",
    ), stack.env, stack.tmp / "beat2.log")
    stack.processes.append(process)
    return process.start()
