"""Notifications in the app: the caller's own, an unread count, mark as read."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import Deadline, Notification
from coordination.services.cases import absence_record
from coordination.services.sweep import deadlines_sweep
from tests import factories

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def reminders(worked_case, consultant, jobcentre_manager):
    """Two notifications for the consultant and one overdue notice for the manager."""
    deadlines = {d.kind: d for d in Deadline.objects.filter(case=worked_case)}
    return [
        Notification.objects.create(recipient=consultant, kind="reminder_7d",
                                    deadline=deadlines["reassessment"], case=worked_case),
        Notification.objects.create(recipient=consultant, kind="reminder_1d",
                                    deadline=deadlines["reassessment"], case=worked_case),
        Notification.objects.create(recipient=jobcentre_manager, kind="overdue",
                                    deadline=deadlines["follow_up"], case=worked_case),
    ]


@pytest.mark.parametrize(
    "role,count",
    [("consultant", 2), ("jobcentre_manager", 1), ("care_manager", 0), ("service_user", 0),
     ("health_manager", 0), ("admin_user", 0)],
)
def test_each_caller_sees_only_their_own_notifications(reminders, api, role, count, request):
    body = api.as_user(request.getfixturevalue(role)).get("/api/notifications/").json()
    assert body["count"] == count
    assert body["unread"] == count
    assert {"count", "next", "previous", "results", "unread"} <= set(body)


def test_anonymous_callers_get_401(api):
    assert api.get("/api/notifications/").status_code == 401
    assert api.get("/api/notifications/unread-count/").status_code == 401
    assert api.post("/api/notifications/read-all/").status_code == 401


def test_a_notification_shows_its_deadline(reminders, api, consultant):
    rows = api.as_user(consultant).get(
        "/api/notifications/", HTTP_ACCEPT_LANGUAGE="en"
    ).json()["results"]
    first = next(row for row in rows if row["kind"] == "reminder_1d")
    assert first["deadline"] == {"kind": "reassessment", "due": "2026-07-31",
                                 "label": "Reassessment (week 22)"}
    assert first["label"] == "Deadline tomorrow"
    assert first["read_at"] is None


def test_marking_one_read_lowers_the_unread_count(reminders, api, consultant):
    client = api.as_user(consultant)
    response = client.post(f"/api/notifications/{reminders[0].pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 1}
    # Reading again keeps the first time.
    again = client.post(f"/api/notifications/{reminders[0].pk}/read/")
    assert again.json()["read_at"] == response.json()["read_at"]


@pytest.mark.parametrize("who", ["care_manager", "jobcentre_manager", "service_user"])
def test_someone_elses_notification_is_404_and_stays_unread(reminders, api, who, request):
    response = api.as_user(request.getfixturevalue(who)).post(
        f"/api/notifications/{reminders[0].pk}/read/"
    )
    assert response.status_code == 404
    reminders[0].refresh_from_db()
    assert reminders[0].read_at is None


@pytest.mark.parametrize("pk", ["nope", "12345", "5d0c3a51-6c61-4f58-9d0e-5f9b3f1f0000"])
def test_a_malformed_or_unknown_notification_id_is_404(api, consultant, pk):
    assert api.as_user(consultant).post(f"/api/notifications/{pk}/read/").status_code == 404


def test_read_all_marks_only_the_callers(reminders, api, consultant):
    response = api.as_user(consultant).post("/api/notifications/read-all/")
    assert response.json() == {"marked": 2}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert api.get("/api/notifications/").json()["unread"] == 0


def test_the_sweep_fills_the_managers_notifications(
    open_case, consultant, jobcentre_manager, api, time_machine
):
    time_machine.move_to(datetime(2026, 1, 5, 9, 0, tzinfo=CPH), tick=False)
    case = open_case()
    absence_record(actor=consultant, case=case, start=date(2026, 1, 5), end=None, kind="full")
    deadlines_sweep(today=date(2026, 3, 2))
    rows = api.as_user(jobcentre_manager).get("/api/notifications/").json()["results"]
    assert [(row["kind"], row["case"], row["deadline"]["due"]) for row in rows] == [
        ("overdue", str(case.pk), "2026-03-01")
    ]


def test_the_list_takes_the_same_queries_for_2_and_20_notifications(
    worked_case, api, consultant, django_assert_num_queries
):
    deadline = Deadline.objects.filter(case=worked_case).first()

    def notify(count):
        for _ in range(count):
            other = factories.CaseFactory()
            Notification.objects.create(
                recipient=consultant, kind="overdue", case=other,
                deadline=Deadline.objects.create(
                    case=other, kind="follow_up", due=deadline.due,
                    responsible=other.employment_consultant,
                ),
            )

    client = api.as_user(consultant)
    notify(2)
    with CaptureQueriesContext(connection) as two:
        assert client.get("/api/notifications/").json()["count"] == 2
    notify(18)
    with django_assert_num_queries(len(two.captured_queries)):
        assert len(client.get("/api/notifications/").json()["results"]) == 20
