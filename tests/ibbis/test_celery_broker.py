"""A task through the real broker to the real worker, with its effect seen in the database.

Runs only where REDIS_URL points at a broker and a worker serves the test database
(.ci/run starts one). Elsewhere it is skipped, saying why.
"""
import time

import pytest
from django.conf import settings

from ibbis.accounts.tasks import send_welcome_mail
from ibbis.celery import app
from tests.factories import ServiceUserFactory

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL and a running worker"),
]


@pytest.fixture
def real_broker():
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_a_task_sent_through_the_broker_is_run_by_the_worker(real_broker):
    user = ServiceUserFactory(email="broker@example.test")
    send_welcome_mail.delay(str(user.pk))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        user.refresh_from_db()
        if user.welcome_sent_at is not None:
            break
        time.sleep(0.2)
    assert user.welcome_sent_at is not None, "the worker did not run the task within 30 s"


@pytest.mark.django_db
def test_healthz_sees_the_real_broker(client):
    assert client.get("/healthz").json()["broker"] == "ok"
