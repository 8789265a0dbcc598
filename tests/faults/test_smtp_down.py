"""The mail server down for longer than the old retry window (the tasks gave up after 6-18 s
and 0 of 62 mails went out afterwards): everything is delivered once it is back.

Backoff is scaled down for the test (worker_settings: 1 s doubling to 4 s, where production
waits a minute doubling to 6 hours); the server stays down for several retry periods."""
import time

from django.db.models import Sum

from ibbis.outbox.models import OutboxMessage
from tests import factories
from tests.coordination.meetings.conftest import at

from .conftest import report, wait_until

ACCOUNTS = 10
MEETINGS = 4
DOWN_SECONDS = 20


def test_smtp_down_longer_than_the_retry_window(stack, web, sink, api):
    expected = ACCOUNTS + 3 * MEETINGS
    sink.stop()
    stack.worker()
    stack.beat()
    admin = factories.AdminFactory()
    down_since = time.monotonic()
    for n in range(ACCOUNTS):
        response = api.as_user(admin).post("/api/accounts/", {
            "username": f"ny.bruger{n}", "password": "a long and unusual passphrase 42",
            "role": "service_user", "email": f"ny.bruger{n}@example.test",
        }, format="json")
        assert response.status_code == 201
    for day, case in enumerate([factories.CaseFactory() for _ in range(MEETINGS)], start=2):
        response = api.as_user(case.employment_consultant).post("/api/meetings/", {
            "case": str(case.pk), "kind": "roundtable",
            "starts_at": at(day, 10).isoformat(), "ends_at": at(day, 11).isoformat(),
        }, format="json")
        assert response.status_code == 201
    wait_until(lambda: False, timeout=DOWN_SECONDS - (time.monotonic() - down_since))
    # Each run tries the server once (the rest of the batch waits untried), so the tries
    # spread over the rows: count them all.
    tries = OutboxMessage.objects.aggregate(tries=Sum("attempts"))["tries"]
    unsent = OutboxMessage.objects.exclude(state="sent").count()
    print(f"\n[faults] SMTP down {DOWN_SECONDS} s: {unsent} of {expected} unsent, "
          f"the server tried {tries} times, none given up")
    assert unsent == expected
    assert tries >= 4, stack.logs()  # it kept trying, and did not give up
    assert not OutboxMessage.objects.filter(state="dead").exists()

    sink.start()
    wait_until(lambda: sink.wait_for(expected, timeout=0.1) >= expected, timeout=60)
    wait_until(lambda: False, timeout=3)
    deliveries = sink.deliveries()
    report(f"SMTP down {DOWN_SECONDS} s", expected, deliveries)
    assert sum(deliveries.values()) == expected, stack.logs()
    assert set(deliveries.values()) == {1}
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
