"""A task through the real broker to the real worker, with its effect seen in the database.

Runs only where REDIS_URL points at a broker and a worker serves the test database
(.ci/run starts one). Elsewhere it is skipped, saying why.
"""
import time

import pytest
from django.conf import settings

from ibbis.accounts.models import Role
from ibbis.accounts.services import account_create
from ibbis.celery import app
from ibbis.outbox.models import OutboxMessage

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
def test_mail_put_in_the_outbox_is_delivered_by_the_worker_through_the_broker(real_broker):
    # The commit kicks a delivery task through the broker; the worker claims and sends.
    user = account_create(username="broker.user", password="a long and unusual passphrase 42",
                          role=Role.SERVICE_USER, email="broker@example.test")
    row = OutboxMessage.objects.get(key=f"welcome:{user.pk}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.state == "sent":
            break
        time.sleep(0.2)
    assert row.state == "sent", "the worker did not deliver the outbox row within 30 s"
    user.refresh_from_db()
    assert user.welcome_sent_at is not None


@pytest.mark.django_db
def test_healthz_sees_the_real_broker(client):
    assert client.get("/healthz").json()["broker"] == "ok"
