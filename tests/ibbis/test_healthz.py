import socket
import time
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from coordination.models import SweepRun
from coordination.services.sweep import deadlines_sweep

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_eager_broker_on_embedded_defaults(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "database": "ok", "broker": "eager", "cache": "local",
        "sweep_last_run": None, "sweep_last_day": None,
        "oldest_unsent_notification_seconds": None, "oldest_unsent_mail_seconds": None,
    }
    assert "no-store" in response["Cache-Control"]


def test_healthz_reports_a_refused_broker_as_down(client, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "down"


def test_healthz_answers_within_two_seconds_when_the_broker_never_replies(client, settings):
    # A socket that accepts connections (through the backlog) but never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.REDIS_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        settings.CELERY_TASK_ALWAYS_EAGER = False
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    assert response.json()["broker"] == "down"
    assert elapsed < 2.0


def test_healthz_is_public_but_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_reports_a_redis_cache_that_is_down(client, settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
    }}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "down"
    assert response.json()["status"] == "ok"


def test_healthz_reports_the_sweeps_last_run_and_is_ok_the_day_after(client):
    deadlines_sweep(today=date(2026, 3, 2))
    run = SweepRun.objects.get()
    assert run.day == date(2026, 3, 2) and run.duration_seconds >= 0
    assert run.counts["mails_queued"] == 0
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["sweep_last_day"] == "2026-03-02"
    assert body["sweep_last_run"] == run.finished_at.isoformat()


def test_healthz_says_degraded_when_the_sweep_missed_a_day(client):
    deadlines_sweep()
    SweepRun.objects.update(finished_at=timezone.now() - timedelta(hours=27))
    response = client.get("/healthz")
    assert response.status_code == 200  # degraded still serves: no restart, an alert
    assert response.json()["status"] == "degraded"
    # The next sweep puts it right.
    deadlines_sweep()
    assert client.get("/healthz").json()["status"] == "ok"


def test_a_sweep_that_fails_records_no_run(monkeypatch):
    from coordination.services import sweep

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sweep, "case_statuses_refresh", broken)
    with pytest.raises(RuntimeError):
        deadlines_sweep()
    assert not SweepRun.objects.exists()


def test_healthz_reports_the_oldest_unsent_notification(client, care_manager):
    from coordination.models import Notification, NotificationKind

    notification = Notification.objects.create(
        recipient=care_manager, kind=NotificationKind.OVERDUE)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=10))
    seconds = client.get("/healthz").json()["oldest_unsent_notification_seconds"]
    assert 590 <= seconds <= 700


@override_settings(ALLOWED_HOSTS=["ibbis.example.org"])
def test_probes_answer_a_host_that_production_refuses_elsewhere(client):
    # A container health check sends Host: 127.0.0.1; production allows only the real name.
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    live = client.get("/livez", HTTP_HOST="127.0.0.1:8000")
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    assert "no-store" in live["Cache-Control"]
    # ...while every other path still refuses that host.
    assert client.get("/login/", HTTP_HOST="127.0.0.1:8000").status_code == 400


def test_healthz_reports_the_oldest_mail_the_outbox_has_not_sent(client, care_manager):
    from ibbis.outbox.models import OutboxMessage
    from ibbis.outbox.services import outbox_add

    outbox_add(kind="plain", key="healthz-probe", recipient=care_manager,
               subject="Ny besked", body="Se IBBIS.")
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    seconds = client.get("/healthz").json()["oldest_unsent_mail_seconds"]
    assert 590 <= seconds <= 700
