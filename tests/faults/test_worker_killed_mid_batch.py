"""The worker SIGKILLed in the middle of a batch and started again: no mail lost, none twice
(issue 15: mails lost, rows marked before sending, held for the broker's one-hour timeout).

The sink holds the 12th message unanswered, so the kill lands while the worker is inside
a claimed batch: 11 sent, one in flight, the rest claimed and not yet sent."""
from ibbis.outbox.models import OutboxMessage
from tests import factories
from tests.coordination.meetings.conftest import at

from .conftest import report, wait_until

MEETINGS = 10
HOLD_AT = 12


def test_worker_killed_mid_batch(stack, web, sink, api):
    expected = 3 * MEETINGS
    sink.hold_at = HOLD_AT
    for day, case in enumerate([factories.CaseFactory() for _ in range(MEETINGS)], start=2):
        response = api.as_user(case.employment_consultant).post("/api/meetings/", {
            "case": str(case.pk), "kind": "roundtable",
            "starts_at": at(day, 10).isoformat(), "ends_at": at(day, 11).isoformat(),
        }, format="json")
        assert response.status_code == 201
    # The kicks wait in the broker; the worker starts and takes the whole batch.
    worker = stack.worker("w1")
    assert sink.holding.wait(timeout=60), stack.logs()
    worker.kill()  # SIGKILL, mid-send
    states = dict.fromkeys(["sent", "sending", "pending"], 0)
    for state in OutboxMessage.objects.values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    print(f"\n[faults] worker killed at mail {HOLD_AT}: rows {states}")
    assert states["sent"] == HOLD_AT - 1
    assert states["sending"] >= 1  # claimed by the dead worker
    sink.hold_at = None
    sink.release.set()

    stack.worker("w2")
    stack.beat()
    wait_until(lambda: sink.wait_for(expected, timeout=0.1) >= expected, timeout=90)
    wait_until(lambda: False, timeout=3)  # a duplicate would arrive now
    deliveries = sink.deliveries()
    report("worker SIGKILLed mid-batch", expected, deliveries)
    assert sum(deliveries.values()) == expected, stack.logs()
    assert set(deliveries.values()) == {1}
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    # The rows the dead worker held were claimed again (a second attempt), not lost.
    assert OutboxMessage.objects.filter(attempts=2).count() == states["sending"]
