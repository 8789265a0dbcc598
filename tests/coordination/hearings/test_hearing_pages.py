"""The hearing's pages (issue 18; forvaltningsloven § 19) through Django's test client, in
English and in Danish: the service user finds the proposal on their case page, reads what is
proposed, what it rests on and the date, and answers; the professionals read the answer;
a manager gets a 404; the consultant withdraws."""
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from coordination.models import HearingStatus
from ibbis.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def danish(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "da"
    return client


def test_the_service_user_sees_the_open_hearing_on_their_case_page(client, service_user,
                                                                   hearing):
    english(client).force_login(service_user)
    shown = client.get("/my-case/").content.decode()
    assert 'data-testid="my-hearing-open"' in shown
    assert "A proposed decision: you may answer" in shown
    assert f"/hearings/{hearing.pk}/" in shown


def test_the_hearing_page_in_english(client, service_user, consultant, hearing):
    english(client).force_login(service_user)
    response = client.get(f"/hearings/{hearing.pk}/")
    assert response.status_code == 200
    shown = response.content.decode()
    assert "Nothing has been decided yet" in shown
    assert "What is proposed" in shown and "What the proposal rests on" in shown
    assert "Lægeerklæringen af 3. november" in shown
    assert f'datetime="{hearing.answer_by.isoformat()}"' in shown
    assert "14 days left" in shown
    assert f"by phone to your employment consultant, {consultant.display_name}" in shown
    assert 'data-testid="hearing-answer-form"' in shown
    assert 'for="id_answer"' in shown  # a label for the answer box


def test_the_hearing_page_in_danish(client, service_user, hearing):
    danish(client).force_login(service_user)
    shown = client.get(f"/hearings/{hearing.pk}/").content.decode()
    assert "Der er ikke truffet nogen afgørelse endnu" in shown
    assert "forvaltningsloven § 19" in shown
    assert "Hvad forslaget bygger på" in shown and "Svarfristen" in shown
    assert "14 dage tilbage" in shown
    assert "Send mit svar" in shown


def test_the_service_user_answers_and_the_professionals_read_it(
    client, service_user, consultant, care_manager, hearing
):
    english(client).force_login(service_user)
    response = client.post(f"/hearings/{hearing.pk}/answer/",
                           {"answer": "Jeg kan ikke arbejde 20 timer endnu."})
    assert response.status_code == 302
    shown = client.get(f"/hearings/{hearing.pk}/").content.decode()
    assert "Jeg kan ikke arbejde 20 timer endnu." in shown
    assert 'data-testid="hearing-answer-form"' not in shown
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.ANSWERED
    for professional in (consultant, care_manager):
        client.force_login(professional)
        shown = client.get(f"/hearings/{hearing.pk}/").content.decode()
        assert "The service user's answer" in shown
        assert "Jeg kan ikke arbejde 20 timer endnu." in shown
        assert AccessLogEntry.objects.filter(case=hearing.case, who=professional,
                                             action="hearing.viewed").exists()
        case_page = client.get(f"/cases/{hearing.case_id}/").content.decode()
        assert f"/hearings/{hearing.pk}/" in case_page


def test_an_empty_answer_shows_the_page_again_with_the_error(client, service_user, hearing):
    danish(client).force_login(service_user)
    response = client.post(f"/hearings/{hearing.pk}/answer/", {"answer": "  "})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_late_answer_is_marked(client, service_user, hearing):
    with time_machine.travel(timezone.now() + timedelta(days=20), tick=False):
        # Signed in on that day (a session from 20 days before has expired).
        english(client).force_login(service_user)
        assert client.post(f"/hearings/{hearing.pk}/answer/",
                           {"answer": "Sent, men her er det."}).status_code == 302
        shown = client.get(f"/hearings/{hearing.pk}/").content.decode()
    assert 'data-testid="hearing-late"' in shown
    assert "After the date to answer by" in shown


def test_a_manager_does_not_see_the_hearing(client, jobcentre_manager, hearing):
    client.force_login(jobcentre_manager)
    assert client.get(f"/hearings/{hearing.pk}/").status_code == 404
    case_page = client.get(f"/cases/{hearing.case_id}/").content.decode()
    assert "Lægeerklæringen" not in case_page and f"/hearings/{hearing.pk}/" not in case_page


def test_the_consultant_withdraws_and_the_service_user_is_told(client, consultant,
                                                               service_user, hearing):
    english(client).force_login(consultant)
    assert client.post(f"/hearings/{hearing.pk}/withdraw/").status_code == 302
    client.force_login(service_user)
    shown = client.get(f"/hearings/{hearing.pk}/").content.decode()
    assert 'data-testid="hearing-withdrawn"' in shown
    assert 'data-testid="hearing-answer-form"' not in shown
    danish(client)
    assert "Jobkonsulenten har trukket forslaget tilbage" in client.get(
        f"/hearings/{hearing.pk}/").content.decode()
    # A withdrawn hearing takes no answer: 409 and the reason on the page.
    response = client.post(f"/hearings/{hearing.pk}/answer/", {"answer": "For sent?"})
    assert response.status_code == 409
    assert "kan ikke længere besvares" in response.content.decode()


def test_the_care_manager_may_not_answer_or_withdraw(client, care_manager, hearing):
    client.force_login(care_manager)
    assert client.post(f"/hearings/{hearing.pk}/answer/", {"answer": "x"}).status_code == 403
    assert client.post(f"/hearings/{hearing.pk}/withdraw/").status_code == 403


def test_the_consultant_sends_a_hearing_from_the_case_page(client, consultant, service_user,
                                                           worked_case):
    english(client).force_login(consultant)
    case_page = client.get(f"/cases/{worked_case.pk}/").content.decode()
    assert f"/cases/{worked_case.pk}/hearings/new/" in case_page
    form = client.get(f"/cases/{worked_case.pk}/hearings/new/")
    assert form.status_code == 200 and 'for="id_basis"' in form.content.decode()
    too_soon = client.post(f"/cases/{worked_case.pk}/hearings/new/", {
        "proposed_ground": "none", "basis": "Lægeerklæringen.",
        "answer_by": (timezone.localdate() + timedelta(days=3)).isoformat(),
    })
    assert too_soon.status_code == 400
    assert "at least 7 days" in too_soon.content.decode()
    sent = client.post(f"/cases/{worked_case.pk}/hearings/new/", {
        "proposed_ground": "none", "basis": "Lægeerklæringen.",
        "answer_by": (timezone.localdate() + timedelta(days=10)).isoformat(),
    })
    assert sent.status_code == 302
    assert worked_case.hearings.get().status == HearingStatus.OPEN
    again = danish(client).get(f"/cases/{worked_case.pk}/hearings/new/").content.decode()
    assert 'data-testid="hearing-pending"' in again
    danish(client).force_login(service_user)
    assert 'data-testid="my-hearing-open"' in client.get("/my-case/").content.decode()


def test_only_the_consultant_opens_the_send_form(client, care_manager, jobcentre_manager,
                                                 worked_case):
    client.force_login(care_manager)
    assert client.get(f"/cases/{worked_case.pk}/hearings/new/").status_code == 403
    client.force_login(jobcentre_manager)
    assert client.get(f"/cases/{worked_case.pk}/hearings/new/").status_code == 404
