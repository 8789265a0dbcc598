"""Two requests at once, on PostgreSQL: the booking rule and the plan version hold.

Each test widens the race window on purpose (a pause right after the check, before the
write), so without the row locks both requests would pass the check and both would write.
"""
import threading
import time

import pytest
from django.db import connection, connections
from knox.models import AuthToken
from rest_framework.test import APIClient

from coordination.models import Goal, Meeting, Plan, PlanChange
from coordination.services import meetings as meeting_services
from coordination.services import plan as plan_services
from tests import factories

from .conftest import at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite serialises writers",
    ),
]


def client_for(user):
    _instance, token = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def run_together(*calls):
    """Start the calls in threads at the same moment; return their responses in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def slow_down(monkeypatch, module, name):
    original = getattr(module, name)

    def slowly(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(module, name, slowly)


def test_two_simultaneous_bookings_of_one_person_exactly_one_wins(monkeypatch):
    # One care manager on two cases; each case's consultant books the same hour.
    care_manager = factories.CareManagerFactory(username="delt.cm")
    first = factories.CaseFactory(care_manager=care_manager)
    second = factories.CaseFactory(care_manager=care_manager)
    slow_down(monkeypatch, meeting_services, "_refuse_double_booking")

    def booking(case):
        client = client_for(case.employment_consultant)
        return lambda: client.post(
            "/api/meetings/",
            {
                "case": str(case.pk),
                "kind": "roundtable",
                "starts_at": at(2, 10).isoformat(),
                "ends_at": at(2, 11).isoformat(),
            },
            format="json",
        )

    responses = run_together(booking(first), booking(second))
    assert sorted(r.status_code for r in responses) == [201, 409]
    (refused,) = [r for r in responses if r.status_code == 409]
    assert refused.json()["code"] == "double_booked"
    assert care_manager.display_name in refused.json()["detail"]
    assert Meeting.objects.count() == 1


def test_two_simultaneous_reschedules_into_one_slot_exactly_one_wins(monkeypatch):
    care_manager = factories.CareManagerFactory(username="delt.cm")
    meetings = []
    for days in (3, 4):
        case = factories.CaseFactory(care_manager=care_manager)
        meetings.append(
            meeting_services.meeting_schedule(
                case=case, organizer=case.employment_consultant, kind="roundtable",
                starts_at=at(days, 10), ends_at=at(days, 11),
            )
        )
    slow_down(monkeypatch, meeting_services, "_refuse_double_booking")

    def move(meeting):
        client = client_for(meeting.case.employment_consultant)
        return lambda: client.patch(
            f"/api/meetings/{meeting.pk}/",
            {"starts_at": at(6, 9).isoformat(), "ends_at": at(6, 10).isoformat()},
            format="json",
        )

    responses = run_together(*(move(m) for m in meetings))
    assert sorted(r.status_code for r in responses) == [200, 409]
    assert Meeting.objects.filter(starts_at=at(6, 9)).count() == 1


def test_two_plan_edits_from_the_same_version_exactly_one_wins_and_nothing_is_lost(
    monkeypatch,
):
    case = factories.CaseFactory()
    Plan.objects.get_or_create(case=case)  # as case_open leaves it: the row exists
    slow_down(monkeypatch, plan_services, "_locked_plan")

    def add(user, description):
        client = client_for(user)
        return lambda: client.post(
            f"/api/cases/{case.pk}/plan/goals/",
            {"kind": "treatment", "description": description, "plan_version": 0},
            format="json",
        )

    responses = run_together(
        add(case.care_manager, "Samtaleterapi hver uge"),
        add(case.employment_consultant, "Virksomhedspraktik"),
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    (refused,) = [r for r in responses if r.status_code == 409]
    assert refused.json()["code"] == "stale_plan"
    assert refused.json()["current_version"] == 1
    (winner,) = [r for r in responses if r.status_code == 201]
    # The winner's goal is there, once, with its history; the loser was told, not ignored.
    assert list(Goal.objects.values_list("description", flat=True)) == [
        winner.json()["description"]
    ]
    # What won is read from the (logged) history the 409 points to, not from the 409.
    loser = (case.employment_consultant if winner.json()["description"] == "Samtaleterapi hver uge"
             else case.care_manager)
    history = client_for(loser).get(refused.json()["history"]).json()["results"]
    assert history[0]["after"]["description"] == winner.json()["description"]
    assert Plan.objects.get(case=case).version == 1
    assert PlanChange.objects.count() == 1
