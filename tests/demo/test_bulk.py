"""The demo's one bulk path (ibbis/demo/bulk.py) writes the meeting rows the service writes:
for the same input, meeting_schedule's Meeting and MeetingParticipant rows and the bulk
rows are equal field by field (ids, UIDs and timestamps aside)."""
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordination.models import Meeting
from coordination.services.meetings import meeting_invitees, meeting_schedule
from ibbis.demo import bulk
from ibbis.demo import cases as demo
from ibbis.outbox.models import OutboxMessage
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

OWN = {"id", "ical_uid", "created_at", "updated_at"}


def _meeting_fields(meeting):
    return {
        f.attname: getattr(meeting, f.attname)
        for f in Meeting._meta.concrete_fields
        if f.attname not in OWN
    }


def _participants(meeting):
    return sorted(
        (p.user_id, p.role, p.attendance, p.starts_at, p.ends_at, p.cancelled)
        for p in meeting.participants.all()
    )


def _write(rows):
    meeting, participants = rows
    tables = bulk.meeting_tables()
    tables["meetings"].write([meeting])
    tables["participants"].write(participants)
    return Meeting.objects.get(pk=meeting[0])


def _compare(by_service, by_bulk):
    by_service.refresh_from_db()
    assert _meeting_fields(by_bulk) == _meeting_fields(by_service)
    assert _participants(by_bulk) == _participants(by_service)
    assert by_bulk.ical_uid != by_service.ical_uid


@pytest.mark.parametrize("kind", ["follow_up", "roundtable"])
def test_the_bulk_invitees_are_the_services(kind):
    case = CaseFactory()
    service = [(i.role, i.user.pk) for i in meeting_invitees(case=case, kind=kind)]
    assert bulk.meeting_invitees(
        kind, service_user_id=case.service_user_id, care_manager_id=case.care_manager_id,
        consultant_id=case.employment_consultant_id,
    ) == service


def test_a_held_follow_up_in_bulk_is_the_one_the_consultant_documents():
    case = CaseFactory()
    held_on = timezone.localdate() - timedelta(days=3)
    by_service = meeting_schedule(
        case=case, organizer=case.employment_consultant, kind="follow_up",
        starts_at=demo._at(held_on, 10), ends_at=demo._at(held_on, 11),
        location=demo.FOLLOW_UP_LOCATION, agenda=demo.FOLLOW_UP_AGENDA, status="held",
        attendance="attended",
    )
    by_bulk = _write(demo.held_follow_up_rows(
        case_id=case.pk, service_user_id=case.service_user_id,
        consultant_id=case.employment_consultant_id, held_on=held_on, now=timezone.now(),
    ))
    _compare(by_service, by_bulk)
    assert by_bulk.status == "held" and by_bulk.mailed_sequence is None
    assert {p.attendance for p in by_bulk.participants.all()} == {"attended"}


def test_a_coming_roundtable_in_bulk_is_the_one_booked_without_mail():
    case = CaseFactory()
    day = timezone.localdate() + timedelta(days=5)
    starts = timezone.make_aware(datetime.combine(day, time(13)))
    by_service = meeting_schedule(
        case=case, organizer=case.employment_consultant, kind="roundtable", starts_at=starts,
        ends_at=starts + timedelta(hours=1), location="Jobcenter Aarhus, mødelokale 2",
        agenda="1. Hvordan går det?", invite=False,
    )
    # invite=False mails nothing and counts the first version as sent, as the bulk rows do.
    assert not OutboxMessage.objects.filter(ref=str(by_service.pk)).exists()
    by_bulk = _write(bulk.meeting_rows(
        case_id=case.pk, kind="roundtable", starts_at=starts,
        ends_at=starts + timedelta(hours=1), organizer_id=case.employment_consultant_id,
        invitees=bulk.meeting_invitees(
            "roundtable", service_user_id=case.service_user_id,
            care_manager_id=case.care_manager_id, consultant_id=case.employment_consultant_id,
        ),
        now=timezone.now(), location="Jobcenter Aarhus, mødelokale 2",
        agenda="1. Hvordan går det?", mailed_sequence=0,
    ))
    _compare(by_service, by_bulk)
    assert by_bulk.mailed_sequence == 0 and by_bulk.participants.count() == 3


def test_minutes_and_attendance_are_refused_on_a_meeting_not_held():
    case = CaseFactory()
    starts = timezone.now().replace(microsecond=0) + timedelta(days=2)
    for extra in ({"minutes": "Referat"}, {"attendance": "attended"}):
        with pytest.raises(ValidationError) as refused:
            meeting_schedule(
                case=case, organizer=case.employment_consultant, kind="roundtable",
                starts_at=starts, ends_at=starts + timedelta(hours=1), **extra,
            )
        assert set(refused.value.message_dict) == set(extra)
    assert not case.meetings.exists()
