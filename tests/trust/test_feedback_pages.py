"""The service user's feedback pages: anonymous, once per held meeting."""
import pytest
from django.test import Client

from tests.factories import make_meeting
from trust.models import MeetingFeedback

pytestmark = pytest.mark.django_db

ROLES = (
    "care_manager", "consultant", "former_cm", "other_professional", "service_user",
    "other_service_user", "jobcentre_manager", "health_manager", "admin_user",
)
FORM_STATUS = dict(zip(ROLES, (403, 403, 403, 404, 200, 404, 403, 403, 404), strict=True))
ANSWER = {"felt_safe": "4", "felt_heard": "5", "understood_next_steps": "3", "comment": "Fint"}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_only_the_meetings_service_user_opens_or_posts_the_form(readers, held_meeting, role):
    client = client_for(readers[role])
    url = f"/meetings/{held_meeting.pk}/feedback/"
    assert client.get(url).status_code == FORM_STATUS[role]
    response = client.post(url, ANSWER)
    assert MeetingFeedback.objects.exists() == (role == "service_user")
    assert response.status_code == (302 if role == "service_user" else FORM_STATUS[role])


def test_feedback_through_the_page_is_stored_once(handed_over_case, held_meeting):
    client = client_for(handed_over_case.service_user)
    url = f"/meetings/{held_meeting.pk}/feedback/"
    client.post(url, ANSWER)
    client.post(url, {**ANSWER, "felt_safe": "1"})
    feedback = MeetingFeedback.objects.get()
    assert (feedback.felt_safe, feedback.comment) == (4, "Fint")
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "already been given" in html and "<form method=\"post\" novalidate>" not in html


def test_the_list_shows_which_held_meetings_have_feedback(handed_over_case, held_meeting):
    later = make_meeting(handed_over_case, status="held", days=-3)
    make_meeting(handed_over_case, status="scheduled", days=2)
    MeetingFeedback.objects.create(meeting=later, felt_safe=3, felt_heard=3,
                                   understood_next_steps=3)
    html = client_for(handed_over_case.service_user).get(
        "/my-case/feedback/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert html.count("<tr>") == 3  # header + two held meetings
    assert f"/meetings/{held_meeting.pk}/feedback/" in html
    assert f"/meetings/{later.pk}/feedback/" not in html and "Given - thank you" in html


@pytest.mark.parametrize("bad", [{"felt_safe": "7"}, {"felt_heard": ""}, {"felt_safe": "x"}])
def test_bad_answers_are_400_and_store_nothing(handed_over_case, held_meeting, bad):
    response = client_for(handed_over_case.service_user).post(
        f"/meetings/{held_meeting.pk}/feedback/", {**ANSWER, **bad}
    )
    assert response.status_code == 400
    assert not MeetingFeedback.objects.exists()


def test_a_meeting_not_held_takes_no_feedback(handed_over_case, meeting):
    client = client_for(handed_over_case.service_user)
    url = f"/meetings/{meeting.pk}/feedback/"
    assert "once the meeting has been held" in client.get(
        url, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    client.post(url, ANSWER)
    assert not MeetingFeedback.objects.exists()


def test_the_feedback_form_labels_every_choice(handed_over_case, held_meeting):
    html = client_for(handed_over_case.service_user).get(
        f"/meetings/{held_meeting.pk}/feedback/"
    ).content.decode()
    assert html.count("<legend>") == 3
    assert 'for="id_felt_safe_0"' in html and 'for="id_comment"' in html
