"""Two sweeps and two workers at once, and 20 simultaneous bookings of the same people: each
mail exactly once, exactly one booking (issue 15: these held; kept as tests through the
outbox, with real workers delivering)."""
import re
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connections
from knox.models import AuthToken
from rest_framework.test import APIClient

from coordination.models import Meeting, Notification
from coordination.services.cases import absence_record, case_open
from coordination.services.sweep import deadlines_sweep
from ibbis.outbox.models import OutboxMessage
from tests import factories
from tests.coordination.meetings.conftest import at

from .conftest import report, wait_until

CPH = ZoneInfo("Europe/Copenhagen")
CASES = 30
BOOKINGS = 20


def together(calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_two_sweeps_and_two_workers_at_once(stack, web, sink, time_machine):
    workers = [stack.worker("w1"), stack.worker("w2")]
    stack.beat()
    # A server that takes a moment per mail: the delivery outlasts a beat tick, so the
    # second worker claims batches while the first is still sending.
    sink.delay = 0.1
    time_machine.move_to(datetime(2026, 1, 5, 6, 0, tzinfo=CPH), tick=True)
    jobcentre = factories.OrganisationFactory(kind="jobcentre")
    consultant = factories.EmploymentConsultantFactory(organisation=jobcentre)
    care_manager = factories.CareManagerFactory()
    for _ in range(CASES):
        case = case_open(
            actor=consultant, service_user=factories.ServiceUserFactory(),
            care_manager=care_manager, employment_consultant=consultant,
            first_absence_day=date(2026, 1, 5), referral_date=date(2026, 1, 20),
            diagnosis="stress",
        )
        absence_record(actor=consultant, case=case, start=date(2026, 1, 5), end=None,
                       kind="full")
    assert all(worker.wait_ready() for worker in workers), stack.logs()
    # Every first follow-up is due 2026-03-01: a 7-day reminder each on 2026-02-22.
    results, errors = together([lambda: deadlines_sweep(today=date(2026, 2, 22))] * 2)
    assert errors == []
    expected = Notification.objects.count()
    assert expected == CASES == sum(r["reminders_7d"] for r in results)
    assert OutboxMessage.objects.count() == expected

    wait_until(lambda: sink.wait_for(expected, timeout=0.1) >= expected, timeout=90)
    wait_until(lambda: False, timeout=3)
    deliveries = sink.deliveries()
    report("two sweeps, two workers", expected, deliveries)
    assert sum(deliveries.values()) == expected, stack.logs()
    assert set(deliveries.values()) == {1}
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    # Who sent what (batches of 5, claimed with SKIP LOCKED: never the same row twice).
    sent = {p.name: sum(int(n) for n in re.findall(r"'sent': (\d+)", p.log.read_text()))
            for p in stack.processes if p.name != "beat"}
    print(f"[faults] sent by worker: {sent}")
    assert sum(sent.values()) == expected


def test_twenty_simultaneous_bookings_of_the_same_people(stack, web, sink):
    stack.worker()
    case = factories.CaseFactory()
    _instance, token = AuthToken.objects.create(user=case.employment_consultant)

    def book():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client.post("/api/meetings/", {
            "case": str(case.pk), "kind": "roundtable",
            "starts_at": at(2, 10).isoformat(), "ends_at": at(2, 11).isoformat(),
        }, format="json").status_code

    results, errors = together([book] * BOOKINGS)
    print(f"\n[faults] {BOOKINGS} simultaneous bookings: "
          f"{results.count(201)} booked, {results.count(409)} refused double_booked")
    assert errors == []
    assert sorted(results) == [201] + [409] * (BOOKINGS - 1)
    assert Meeting.objects.count() == 1
    expected = 3
    wait_until(lambda: sink.wait_for(expected, timeout=0.1) >= expected, timeout=60)
    wait_until(lambda: False, timeout=3)
    deliveries = sink.deliveries()
    report(f"{BOOKINGS} simultaneous bookings", expected, deliveries)
    assert sum(deliveries.values()) == expected, stack.logs()
    assert set(deliveries.values()) == {1}
