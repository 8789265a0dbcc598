"""The authorization spine's own rules, and the places the route matrix found off it.

Visibility is `for_user` (coordination/querysets.py, trust/querysets.py); what a visible case
lets one do or read is a django-rules permission (coordination/rules.py, trust/rules.py).
"""
import pytest

from coordination.calendar_feed import calendar_feed_issue
from coordination.models import MeetingParticipant
from tests import factories
from tests.factories import hand_over, make_meeting
from trust.services import checklist_copy_for_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(service_user, care_manager, consultant, former_cm):
    case = factories.CaseFactory(
        service_user=service_user, care_manager=former_cm, employment_consultant=consultant
    )
    return hand_over(case, "care_manager", care_manager)


@pytest.mark.parametrize(
    ("who", "content", "export"),
    [
        ("service_user", True, True),
        ("care_manager", True, False),
        ("consultant", True, False),
        ("former_cm", True, False),  # still sees the case through the history
        ("jobcentre_manager", False, False),  # sees the case, not what is in it
        ("health_manager", False, False),
    ],
)
def test_who_reads_a_visible_cases_content_and_its_export(request, case, who, content, export):
    user = request.getfixturevalue(who)
    assert user.has_perm("coordination.read_case_content", case) is content
    assert user.has_perm("coordination.export_case", case) is export


def test_a_manager_of_the_case_gets_404_on_its_access_log_plan_and_fhir(
    api, case, jobcentre_manager
):
    client = api.as_user(jobcentre_manager)
    assert client.get(f"/api/cases/{case.pk}/").status_code == 200  # the case is visible
    for part in ("access-log", "plan", "fhir"):
        response = client.get(f"/api/cases/{case.pk}/{part}/")
        assert response.status_code == 404, part


def test_a_manager_reads_that_a_meeting_was_held_but_not_its_minutes(
    api, case, jobcentre_manager, consultant
):
    meeting = make_meeting(case, status="held", days=-1)
    meeting.minutes = "Talked about sleep and medication."
    meeting.save(update_fields=["minutes"])
    as_manager = api.as_user(jobcentre_manager).get(f"/api/meetings/{meeting.pk}/").json()
    assert as_manager["status"] == "held" and as_manager["minutes"] is None
    as_consultant = api.as_user(consultant).get(f"/api/meetings/{meeting.pk}/").json()
    assert as_consultant["minutes"] == "Talked about sleep and medication."


def test_ticking_a_checklist_without_an_item_is_a_400_and_another_meetings_item_a_404(
    client, case, consultant
):
    meeting = make_meeting(case, status="held", days=-1)
    checklist_copy_for_meeting(meeting=meeting)
    other = make_meeting(factories.CaseFactory(), status="held", days=-2)
    foreign_item = checklist_copy_for_meeting(meeting=other).items.first()
    client.force_login(consultant)
    url = f"/meetings/{meeting.pk}/checklist/"
    assert client.post(url, {"done": "1"}).status_code == 400
    assert client.post(url, {"item": "not-a-uuid", "done": "1"}).status_code == 400
    assert client.post(url, {"item": str(foreign_item.pk), "done": "1"}).status_code == 404
    foreign_item.refresh_from_db()
    assert foreign_item.done is False


def test_the_calendar_feed_lists_only_meetings_of_cases_the_professional_sees(
    client, case, care_manager
):
    """A participant row on a case one does not see (written by hand here) stays out: the
    feed reads through Meeting.objects.for_user like every other surface."""
    mine = make_meeting(case, days=3, location="Visible room")
    stranger_case = factories.CaseFactory()
    theirs = make_meeting(stranger_case, days=4, location="Hidden room")
    MeetingParticipant.objects.create(
        meeting=theirs, user=care_manager, role="care_manager", starts_at=theirs.starts_at,
        ends_at=theirs.ends_at,
    )
    token = calendar_feed_issue(user=care_manager)
    body = client.get(f"/calendar/{token}.ics").content.decode()
    assert "Visible room" in body and str(mine.ical_uid) in body
    assert "Hidden room" not in body and str(theirs.ical_uid) not in body


def test_the_notifications_page_marks_only_ones_own_notification_read(
    client, case, care_manager, consultant
):
    from coordination.models import Notification

    note = Notification.objects.create(recipient=care_manager, kind="overdue", case=case)
    client.force_login(consultant)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    client.force_login(care_manager)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
