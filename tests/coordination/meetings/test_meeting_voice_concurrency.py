"""Issue 18 under two requests at once, on PostgreSQL: two replies both land and the later
counts; an approval racing an edit of the minutes is either of the old version (and then no
longer current) or refused, never counted for words the person did not read."""
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from coordination.models import Meeting, MeetingReply
from coordination.services import meeting_voice
from coordination.services import meetings as meeting_services
from coordination.services.meeting_voice import latest_minutes_response, latest_replies
from tests import factories

from .conftest import at
from .test_concurrency import client_for, run_together, slow_down

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite serialises writers",
    ),
]


def _case():
    return factories.CaseFactory(
        service_user=factories.ServiceUserFactory(username="samtidig.su"),
        care_manager=factories.CareManagerFactory(username="samtidig.cm"),
        employment_consultant=factories.EmploymentConsultantFactory(username="samtidig.ec"),
    )


def test_two_replies_at_once_both_land_and_the_later_counts(monkeypatch):
    case = _case()
    meeting = meeting_services.meeting_schedule(
        case=case, organizer=case.employment_consultant, kind="roundtable",
        starts_at=at(3, 10), ends_at=at(3, 11))
    slow_down(monkeypatch, meeting_voice, "_refuse_closed")
    su, cm = client_for(case.service_user), client_for(case.care_manager)
    url = f"/api/meetings/{meeting.pk}/reply/"
    first, second = run_together(
        lambda: su.post(url, {"answer": "coming"}, format="json"),
        lambda: su.post(url, {"answer": "cannot_come"}, format="json"),
    )
    assert (first.status_code, second.status_code) == (200, 200)
    assert MeetingReply.objects.filter(meeting=meeting, user=case.service_user).count() == 2
    newest = MeetingReply.objects.filter(meeting=meeting).order_by("-created_at").first()
    (shown,) = latest_replies(Meeting.objects.get(pk=meeting.pk))
    assert shown.pk == newest.pk
    assert cm.get(f"/api/meetings/{meeting.pk}/").json()["replies"][0]["answer"] == (
        newest.answer)


def test_an_approval_racing_an_edit_of_the_minutes_never_counts_for_the_new_words(
    monkeypatch,
):
    case = _case()
    starts = timezone.now().replace(microsecond=0) - timedelta(days=1)
    meeting = meeting_services.meeting_schedule(
        case=case, organizer=case.employment_consultant, kind="roundtable",
        starts_at=starts, ends_at=starts + timedelta(hours=1), status="held")
    meeting_services.meeting_update(meeting=meeting, minutes="Første udgave")
    slow_down(monkeypatch, meeting_voice, "_locked")
    su, ec = client_for(case.service_user), client_for(case.employment_consultant)
    approve, edit = run_together(
        lambda: su.post(f"/api/meetings/{meeting.pk}/minutes/responses/",
                        {"response": "approve", "minutes_version": 1}, format="json"),
        lambda: ec.patch(f"/api/meetings/{meeting.pk}/", {"minutes": "Anden udgave"},
                         format="json"),
    )
    assert edit.status_code == 200
    meeting.refresh_from_db()
    assert meeting.minutes_version == 2
    response = latest_minutes_response(meeting)
    if approve.status_code == 201:  # the approval went first: of version 1, now reopened
        assert response.minutes_version == 1 and not response.is_current
    else:  # the edit went first: the approval of words no longer there is refused
        assert approve.status_code == 409 and approve.json()["code"] == "minutes_changed"
        assert response is None
