"""Shared supervision (issue 21): a meeting of kind `supervision` for professionals of both
organisations, with no service user and no case, its own checklist, and attendance counted
on the manager's dashboard."""
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from coordination.models import Meeting, MeetingKind
from trust.checklist_defaults import SUPERVISION_ITEMS
from trust.dashboard.collaboration import supervision_attendance

pytestmark = pytest.mark.django_db

LIST = "/supervision/"


def _when(days=2):
    start = timezone.localtime().replace(microsecond=0, second=0) + timedelta(days=days)
    return start, start + timedelta(hours=1)


def book(client, actor, *others):
    start, end = _when()
    client.force_login(actor)
    return client.post(LIST, {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "location": "Mødelokale 2", "participants": [str(o.pk) for o in others],
    })


def test_a_care_manager_books_a_supervision_with_a_consultant(client, care_manager,
                                                             consultant):
    response = book(client, care_manager, consultant)
    assert response.status_code == 302
    meeting = Meeting.objects.get(kind=MeetingKind.SUPERVISION)
    assert meeting.case is None
    assert {p.user for p in meeting.participants.all()} == {care_manager, consultant}
    assert [i.text_en for i in meeting.checklist.items.all()] == [e for _p, _d, e in
                                                                  SUPERVISION_ITEMS]
    page = client.get(response["Location"]).content.decode()
    assert "premises for work" in page or "præmisser" in page


def test_a_supervision_needs_both_organisations(client, care_manager, former_cm):
    assert book(client, care_manager, former_cm).status_code == 400
    assert not Meeting.objects.filter(kind=MeetingKind.SUPERVISION).exists()


def test_a_supervision_never_has_a_case_and_a_case_meeting_always_has_one(handed_over_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(case=handed_over_case, kind=MeetingKind.SUPERVISION,
                               starts_at=timezone.now(),
                               ends_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(case=None, kind=MeetingKind.ROUNDTABLE,
                               starts_at=timezone.now(),
                               ends_at=timezone.now() + timedelta(hours=1))


def test_a_case_meeting_of_kind_supervision_is_400_not_500(api, handed_over_case, consultant):
    start, end = _when()
    response = api.as_user(consultant).post("/api/meetings/", {
        "case": str(handed_over_case.pk), "kind": "supervision", "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
    }, format="json")
    assert response.status_code == 400 and "kind" in response.json()


@pytest.mark.parametrize("who", ["service_user", "jobcentre_manager", "admin_user",
                                 "other_professional"])
def test_only_its_participants_open_a_supervision(client, care_manager, consultant, request,
                                                  who):
    location = book(client, care_manager, consultant)["Location"]
    client.force_login(request.getfixturevalue(who))
    assert client.get(location).status_code == 404
    # Nor does it show among anyone's case meetings.
    assert not Meeting.objects.for_user(care_manager).filter(kind="supervision").exists()


def test_attendance_is_recorded_once_and_counted_on_the_dashboard(
    client, care_manager, consultant, former_ec, jobcentre_manager, health_manager
):
    location = book(client, care_manager, consultant, former_ec)["Location"]
    meeting = Meeting.objects.get(kind=MeetingKind.SUPERVISION)
    item = meeting.checklist.items.first()
    with time_machine.travel(meeting.starts_at + timedelta(minutes=70)):
        client.force_login(consultant)
        assert client.post(location, {"attended": [str(care_manager.pk),
                                                   str(consultant.pk)],
                                      "done": [str(item.pk)]}).status_code == 302
        assert client.post(location, {"attended": []}).status_code == 409
        assert supervision_attendance(jobcentre_manager) == {
            "days": 90, "sessions": 1, "invited": 2, "attended": 1,
        }
        assert supervision_attendance(health_manager)["attended"] == 1
        client.force_login(jobcentre_manager)
        dashboard = client.get("/dashboard/").content.decode()
    item.refresh_from_db()
    assert item.done and item.done_by == consultant
    assert "1 af 2" in dashboard or "1 of 2" in dashboard


def test_recording_before_it_begins_is_refused(client, care_manager, consultant):
    location = book(client, care_manager, consultant)["Location"]
    assert client.post(location, {"attended": [str(care_manager.pk)]}).status_code == 400
