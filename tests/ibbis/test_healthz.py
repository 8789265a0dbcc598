import socket
import time

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_eager_broker_on_embedded_defaults(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "database": "ok", "broker": "eager", "cache": "local"
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
