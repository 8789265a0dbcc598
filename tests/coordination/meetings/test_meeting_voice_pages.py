"""The meeting page's part of issue 18 through Django's test client: the service user
replies, adds an agenda point and responds to the minutes; the professionals see it all and
are notified; a manager sees the answers only; a change to approved minutes reopens them."""

import pytest

from coordination.models import MeetingStatus, Notification
from coordination.services import meeting_voice
from coordination.services.meetings import meeting_update
from ibbis.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(client):
    """The pages in English unless a test asks for Danish (the product's default)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def page(client, meeting):
    response = client.get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_service_user_replies_with_a_button_and_is_told_it_is_no_sanction(
    client, service_user, care_manager, upcoming_meeting
):
    client.force_login(service_user)
    shown = page(client, upcoming_meeting)
    assert 'data-testid="reply-form"' in shown and 'data-testid="no-sanction"' in shown
    assert "never a sanction by itself" in shown
    response = client.post(f"/meetings/{upcoming_meeting.pk}/reply/",
                           {"reply-answer": "other_time", "reply-comment": "Helst kl. 13"})
    assert response.status_code == 302
    assert "Proposes another time" in page(client, upcoming_meeting)
    assert Notification.objects.filter(recipient=care_manager, meeting=upcoming_meeting).exists()

    client.force_login(care_manager)
    professional = page(client, upcoming_meeting)
    assert "Helst kl. 13" in professional and "Proposes another time" in professional
    assert 'data-testid="no-sanction"' not in professional
    notifications = client.get("/notifications/").content.decode()
    assert f"/meetings/{upcoming_meeting.pk}/" in notifications


def test_a_manager_sees_the_answer_not_the_comment(client, service_user, jobcentre_manager,
                                                  upcoming_meeting):
    meeting_voice.meeting_reply(meeting=upcoming_meeting, actor=service_user, answer="cannot_come",
                                comment="Jeg har det svært i dag")
    client.force_login(jobcentre_manager)
    shown = page(client, upcoming_meeting)
    assert "Cannot come" in shown and "Jeg har det svært" not in shown
    assert 'data-testid="reply-form"' not in shown
    assert client.post(f"/meetings/{upcoming_meeting.pk}/reply/",
                       {"reply-answer": "coming"}).status_code == 403


def test_a_bad_reply_shows_the_page_again_and_a_closed_meeting_refuses(
    client, service_user, upcoming_meeting, minuted_meeting
):
    client.force_login(service_user)
    assert client.post(f"/meetings/{upcoming_meeting.pk}/reply/",
                       {"reply-answer": "perhaps"}).status_code == 400
    refused = client.post(f"/meetings/{minuted_meeting.pk}/reply/", {"reply-answer": "coming"})
    assert refused.status_code == 409
    assert "already been held" in refused.content.decode()
    assert not minuted_meeting.replies.exists()


def test_the_service_users_agenda_point_is_marked_as_theirs(client, service_user,
                                                           consultant, upcoming_meeting, case):
    client.force_login(service_user)
    assert client.post(f"/meetings/{upcoming_meeting.pk}/agenda-items/",
                       {"agenda-text": "Mit tempo"}).status_code == 302
    assert client.post(f"/meetings/{upcoming_meeting.pk}/agenda-items/",
                       {"agenda-text": "  "}).status_code == 400
    mine = page(client, upcoming_meeting)
    assert "Mit tempo" in mine and 'data-testid="own-item"' in mine
    client.force_login(consultant)
    before = AccessLogEntry.objects.filter(case=case, who=consultant).count()
    theirs = page(client, upcoming_meeting)
    assert "Mit tempo" in theirs and 'data-testid="service-user-item"' in theirs
    assert AccessLogEntry.objects.filter(case=case, who=consultant).count() > before


def test_minutes_response_needs_words_for_a_comment_and_reopens_after_a_change(
    client, service_user, consultant, minuted_meeting
):
    client.force_login(service_user)
    assert 'data-testid="minutes-form"' in page(client, minuted_meeting)
    missing = client.post(f"/meetings/{minuted_meeting.pk}/minutes/responses/",
                          {"minutes-response": "comment", "minutes-minutes_version": "1"})
    assert missing.status_code == 400
    assert "comment on or disagree with" in missing.content.decode()
    approved = client.post(f"/meetings/{minuted_meeting.pk}/minutes/responses/",
                           {"minutes-response": "approve", "minutes-minutes_version": "1"})
    assert approved.status_code == 302
    client.force_login(consultant)
    shown = page(client, minuted_meeting)
    assert "Approved" in shown and 'data-testid="minutes-reopened"' not in shown
    assert 'data-testid="minutes-form"' not in shown

    meeting_update(meeting=minuted_meeting, minutes="Vi aftalte tre dage om ugen.")
    assert 'data-testid="minutes-reopened"' in page(client, minuted_meeting)
    client.force_login(service_user)
    stale = client.post(f"/meetings/{minuted_meeting.pk}/minutes/responses/",
                        {"minutes-response": "approve", "minutes-minutes_version": "1"})
    assert stale.status_code == 409
    assert "changed while you read them" in stale.content.decode()


def test_the_page_speaks_danish(client, service_user, upcoming_meeting):
    client.force_login(service_user)
    shown = client.get(
        f"/meetings/{upcoming_meeting.pk}/", HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "Kan du komme?" in shown and "aldrig i sig selv en sanktion" in shown


def test_a_cancelled_meeting_offers_no_reply(client, service_user, upcoming_meeting):
    meeting_update(meeting=upcoming_meeting, status=MeetingStatus.CANCELLED)
    client.force_login(service_user)
    assert 'data-testid="reply-form"' not in page(client, upcoming_meeting)


def test_the_response_shows_beside_the_minutes_on_the_data_page(
    client, service_user, minuted_meeting
):
    meeting_voice.minutes_respond(meeting=minuted_meeting, actor=service_user, response="dissent",
                                  text="Jeg sagde to korte dage.")
    client.force_login(service_user)
    shown = client.get("/my-case/export/").content.decode()
    assert 'data-testid="export-minutes-response"' in shown
    assert "Disagrees" in shown and "Jeg sagde to korte dage." in shown
