"""Redis stopped while meetings are booked: no 5xx, the bookings saved, and every invitation
delivered once after Redis returns (issue 15: 5 x 500 and 0 of 15 invitations before)."""
from coordination.models import Meeting
from ibbis.outbox.models import OutboxMessage
from tests import factories
from tests.coordination.meetings.conftest import at

from .conftest import report, wait_until

MEETINGS = 5


def test_redis_down_while_booking(stack, web, fault_redis, sink, api):
    stack.worker()
    stack.beat()
    cases = [factories.CaseFactory() for _ in range(MEETINGS)]
    expected = 3 * MEETINGS
    fault_redis.stop()

    statuses = []
    for day, case in enumerate(cases, start=2):
        response = api.as_user(case.employment_consultant).post("/api/meetings/", {
            "case": str(case.pk), "kind": "roundtable",
            "starts_at": at(day, 10).isoformat(), "ends_at": at(day, 11).isoformat(),
        }, format="json")
        statuses.append(response.status_code)
    # The rest of the app answers too: the case list (cached count), the health check.
    listing = api.as_user(cases[0].employment_consultant).get("/api/cases/")
    health = api.get("/healthz")
    print(f"\n[faults] Redis down: bookings {statuses}, case list {listing.status_code}, "
          f"healthz {health.status_code} {health.json()}")
    assert statuses == [201] * MEETINGS
    assert listing.status_code == 200 and listing.json()["count"] == 1
    assert health.status_code == 200
    assert health.json()["cache"] == "down" and health.json()["broker"] == "down"
    assert Meeting.objects.count() == MEETINGS
    assert OutboxMessage.objects.filter(state="pending").count() == expected

    fault_redis.start()
    wait_until(lambda: sink.wait_for(expected, timeout=0.1) >= expected, timeout=90)
    # A little longer: anything sent twice would arrive now.
    wait_until(lambda: False, timeout=3)
    deliveries = sink.deliveries()
    report("Redis down while booking", expected, deliveries)
    assert sum(deliveries.values()) == expected, stack.logs()
    assert set(deliveries.values()) == {1}
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
