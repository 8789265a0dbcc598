"""The .ics of a meeting, parsed back with icalendar, and the invitations mailed with it."""
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from coordination.models import Meeting
from coordination.tasks.meetings import meeting_invitations_send
from ibbis.outbox.models import OutboxMessage
from ibbis.outbox.services import outbox_deliver

from .conftest import at

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def book(client, case, kind="roundtable", days=3):
    response = client.post(
        "/api/meetings/",
        {
            "case": str(case.pk),
            "kind": kind,
            "starts_at": at(days, 10).isoformat(),
            "ends_at": at(days, 11).isoformat(),
            "location": "Jobcenter Aarhus, lokale 2",
            "agenda": "Fælles mål\nNæste skridt",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return Meeting.objects.get(pk=response.json()["id"])


def fetch(client, meeting):
    response = client.get(f"/api/meetings/{meeting.pk}/ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


def response_text(client, meeting) -> str:
    return client.get(f"/api/meetings/{meeting.pk}/ics").content.decode()


def test_the_calendar_has_one_event_with_everything_a_calendar_program_needs(
    api, case, consultant
):
    client = api.as_user(consultant)
    meeting = book(client, case)
    calendar, event = fetch(client, meeting)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"{meeting.ical_uid}@ibbis"
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == at(3, 10)
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("DTEND").astimezone(COPENHAGEN) == at(3, 11)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert str(event["LOCATION"]) == "Jobcenter Aarhus, lokale 2"
    # No agenda in a calendar invitation (DOMAIN.md): it leaves the product by mail.
    assert "DESCRIPTION" not in event and "Fælles mål" not in response_text(client, meeting)
    assert str(event["SUMMARY"])
    assert str(event["ORGANIZER"]) == f"mailto:{consultant.email}"
    assert event["ORGANIZER"].params["CN"] == consultant.display_name
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert set(attendees) == {
        f"mailto:{case.service_user.email}",
        f"mailto:{case.care_manager.email}",
        f"mailto:{consultant.email}",
    }
    assert attendees[f"mailto:{case.service_user.email}"]["CN"] == (
        case.service_user.display_name
    )
    assert {params["ROLE"] for params in attendees.values()} == {"REQ-PARTICIPANT"}


def test_a_follow_up_calendar_has_two_attendees(api, case, consultant):
    client = api.as_user(consultant)
    _calendar, event = fetch(client, book(client, case, kind="follow_up"))
    assert len(event["ATTENDEE"]) == 2


def test_rescheduling_keeps_the_uid_and_raises_the_sequence_then_cancelling_cancels(
    api, case, consultant
):
    client = api.as_user(consultant)
    meeting = book(client, case)
    _calendar, before = fetch(client, meeting)
    client.patch(
        f"/api/meetings/{meeting.pk}/",
        {"starts_at": at(5, 13).isoformat(), "ends_at": at(5, 14).isoformat()},
        format="json",
    )
    _calendar, moved = fetch(client, meeting)
    assert moved["UID"] == before["UID"]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == at(5, 13)

    client.patch(f"/api/meetings/{meeting.pk}/", {"status": "cancelled"}, format="json")
    calendar, cancelled = fetch(client, meeting)
    assert cancelled["UID"] == before["UID"]
    assert cancelled["SEQUENCE"] == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(calendar["METHOD"]) == "CANCEL"


def test_the_service_user_downloads_their_calendar_file(api, case, consultant, service_user):
    meeting = book(api.as_user(consultant), case)
    response = api.as_user(service_user).get(f"/api/meetings/{meeting.pk}/ics")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.ics"')


def test_a_calendar_client_asking_for_text_calendar_gets_it(api, case, consultant):
    client = api.as_user(consultant)
    meeting = book(client, case)
    response = client.get(f"/api/meetings/{meeting.pk}/ics", HTTP_ACCEPT="text/calendar")
    assert response.status_code == 200
    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    missing = client.get("/api/meetings/00000000-0000-4000-8000-000000000000/ics",
                         HTTP_ACCEPT="text/calendar")
    assert missing.status_code == 404


# --- invitations by mail ------------------------------------------------------------------


def ics_of(message):
    (filename, content, mimetype), = message.attachments
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def test_booking_mails_each_participant_an_invitation_after_commit(
    api, case, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = book(api.as_user(consultant), case)
    assert mail.outbox == []  # nothing leaves before the booking is committed
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [case.service_user.email, case.care_manager.email, consultant.email]
    )
    calendar = ics_of(mail.outbox[0])
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"{meeting.ical_uid}@ibbis"


def outbox_rows(meeting):
    return OutboxMessage.objects.filter(kind="meeting_invitation", ref=str(meeting.pk))


def test_the_booking_writes_one_outbox_row_per_participant_in_its_transaction(
    api, case, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        meeting = book(api.as_user(consultant), case)
    # Saved with the meeting, before anything is sent.
    assert sorted(outbox_rows(meeting).values_list("key", "state")) == sorted(
        (f"meeting:{meeting.pk}:seq:0:user:{user.pk}", "pending")
        for user in (case.service_user, case.care_manager, consultant)
    )
    assert mail.outbox == []


def test_each_sequence_is_mailed_once_however_often_delivery_or_the_old_task_runs(
    api, case, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = book(api.as_user(consultant), case)
    assert len(mail.outbox) == 3
    # A task queued before the outbox existed adds no second row; delivery sends nothing new.
    assert meeting_invitations_send(str(meeting.pk), 0) == 0
    assert outbox_deliver() == {}
    assert len(mail.outbox) == 3
    assert set(outbox_rows(meeting).values_list("state", flat=True)) == {"sent"}


def test_reschedule_and_cancel_mail_updates_with_the_new_sequence(
    api, case, consultant, django_capture_on_commit_callbacks
):
    client = api.as_user(consultant)
    # Each request commits on its own, and its delivery runs after that commit.
    with django_capture_on_commit_callbacks(execute=True):
        meeting = book(client, case)
    with django_capture_on_commit_callbacks(execute=True):
        client.patch(
            f"/api/meetings/{meeting.pk}/",
            {"starts_at": at(6, 9).isoformat(), "ends_at": at(6, 10).isoformat()},
            format="json",
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.patch(f"/api/meetings/{meeting.pk}/", {"status": "cancelled"}, format="json")
    assert len(mail.outbox) == 9
    sequences = [ics_of(m).walk("VEVENT")[0]["SEQUENCE"] for m in mail.outbox]
    assert sequences == [0] * 3 + [1] * 3 + [2] * 3
    assert str(ics_of(mail.outbox[-1])["METHOD"]) == "CANCEL"
    meeting.refresh_from_db()
    assert meeting.mailed_sequence == 2


def test_an_overtaken_sequence_is_not_mailed(api, case, consultant,
                                             django_capture_on_commit_callbacks):
    client = api.as_user(consultant)
    with django_capture_on_commit_callbacks(execute=False):
        meeting = book(client, case)
        client.patch(f"/api/meetings/{meeting.pk}/", {"location": "Online"}, format="json")
    # Delivery comes late: the update has superseded the first version.
    assert outbox_deliver() == {"claimed": 6, "cancelled": 3, "sent": 3}
    assert [ics_of(m).walk("VEVENT")[0]["SEQUENCE"] for m in mail.outbox] == [1, 1, 1]
    assert "Online" in mail.outbox[0].body
    assert sorted(outbox_rows(meeting).values_list("params__sequence", "state")) == (
        [(0, "cancelled")] * 3 + [(1, "sent")] * 3
    )


def test_a_mail_server_that_is_down_never_fails_the_booking_and_loses_nothing(
    api, case, consultant, monkeypatch, django_capture_on_commit_callbacks, time_machine
):
    from django.core.mail.backends.locmem import EmailBackend

    time_machine.move_to(at(0, 8), tick=False)
    calls = []

    def refuse(self, messages):
        calls.append(len(messages))
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = book(api.as_user(consultant), case)  # 201: the booking stands
    # One try against the server; the other two rows are handed back untried.
    assert calls == [1]
    assert sorted(outbox_rows(meeting).values_list("state", "attempts", "last_error")) == [
        ("failed", 1, "ConnectionRefusedError"),
        ("pending", 0, "not tried: ConnectionRefusedError"),
        ("pending", 0, "not tried: ConnectionRefusedError"),
    ]
    monkeypatch.undo()
    # Not before the backoff has passed (a minute after the first failure) ...
    assert outbox_deliver() == {}
    time_machine.move_to(at(0, 8) + timedelta(seconds=61), tick=False)
    # ... then all three, once.
    assert outbox_deliver()["sent"] == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [case.service_user.email, case.care_manager.email, consultant.email]
    )
    assert outbox_deliver() == {}
    assert len(mail.outbox) == 3
