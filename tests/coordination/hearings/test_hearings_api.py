"""The hearing before a decision (partshøring, forvaltningsloven § 19; issue 18):
`GET, POST /api/cases/{id}/hearings/`, `POST /api/hearings/{id}/answer/` and
`/withdraw/` for every role, with bad input, closed hearings, the late answer, the access
log, and the decision that takes the hearing's fields through the unchanged decision API."""
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from coordination.models import Hearing, HearingStatus
from ibbis.audit.models import AccessLogEntry

from .conftest import ROLES

pytestmark = pytest.mark.django_db


def in_days(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def send_body(**overrides):
    return {"proposed_ground": "none", "basis": "Lægeerklæringen af 3. november.",
            "answer_by": in_days(14), **overrides}


SEND = {
    "consultant": 201, "care_manager": 403, "service_user": 403,
    # A manager sees that the case exists, never what is in it (DOMAIN.md): 404.
    "jobcentre_manager": 404, "admin_user": 404, "foreign_consultant": 404,
    "other_professional": 404, "other_service_user": 404, "anonymous": 401,
}
READ = {**SEND, "consultant": 200, "care_manager": 200, "service_user": 200}
ANSWER = {**SEND, "consultant": 403, "service_user": 200}
WITHDRAW = {**SEND, "consultant": 200}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_cases_consultant_sends_a_hearing(client_as, worked_case, role):
    response = client_as(role).post(f"/api/cases/{worked_case.pk}/hearings/", send_body(),
                                    format="json")
    assert response.status_code == SEND[role], response.content


@pytest.mark.parametrize("role", ROLES)
def test_the_cases_people_read_its_hearings(client_as, hearing, role):
    response = client_as(role).get(f"/api/cases/{hearing.case_id}/hearings/")
    assert response.status_code == READ[role], response.content
    if response.status_code == 200:
        assert response.json()[0]["basis"].startswith("Lægeerklæringen")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_service_user_answers(client_as, hearing, role):
    response = client_as(role).post(f"/api/hearings/{hearing.pk}/answer/",
                                    {"answer": "Jeg er uenig."}, format="json")
    assert response.status_code == ANSWER[role], response.content


@pytest.mark.parametrize("role", ROLES)
def test_only_the_consultant_withdraws(client_as, hearing, role):
    response = client_as(role).post(f"/api/hearings/{hearing.pk}/withdraw/")
    assert response.status_code == WITHDRAW[role], response.content


def test_a_sent_hearing_shows_what_is_proposed_and_the_date(client_as, worked_case):
    body = client_as("consultant").post(f"/api/cases/{worked_case.pk}/hearings/", send_body(),
                                        format="json").json()
    assert body["status"] == "open"
    assert body["proposed_ground"] == "none"
    assert body["answer_by"] == in_days(14)
    assert body["sent_on"] == timezone.localdate().isoformat()
    assert body["answer"] == "" and body["late"] is False


@pytest.mark.parametrize("body, field", [
    (send_body(answer_by=in_days(6)), "answer_by"),  # shorter than the 7-day floor
    (send_body(answer_by=in_days(-1)), "answer_by"),
    (send_body(answer_by="not a date"), "answer_by"),
    (send_body(basis="   "), "basis"),
    (send_body(proposed_ground="p27_9"), "proposed_ground"),
    ({}, "basis"),
])
def test_bad_input_to_a_send_is_a_400_naming_the_field(client_as, worked_case, body, field):
    response = client_as("consultant").post(f"/api/cases/{worked_case.pk}/hearings/", body,
                                            format="json")
    assert response.status_code == 400, response.content
    assert field in response.content.decode()
    assert not Hearing.objects.exists()


def test_seven_days_is_enough(client_as, worked_case):
    response = client_as("consultant").post(f"/api/cases/{worked_case.pk}/hearings/",
                                            send_body(answer_by=in_days(7)), format="json")
    assert response.status_code == 201, response.content


def test_one_pending_hearing_per_case(client_as, hearing):
    again = client_as("consultant").post(f"/api/cases/{hearing.case_id}/hearings/",
                                         send_body(), format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "hearing_open"
    client_as("service_user").post(f"/api/hearings/{hearing.pk}/answer/",
                                   {"answer": "Uenig."}, format="json")
    # Answered is still pending: the decision is not taken yet.
    assert client_as("consultant").post(f"/api/cases/{hearing.case_id}/hearings/",
                                        send_body(), format="json").status_code == 409
    client_as("consultant").post(f"/api/hearings/{hearing.pk}/withdraw/")
    assert client_as("consultant").post(f"/api/cases/{hearing.case_id}/hearings/",
                                        send_body(), format="json").status_code == 201


def test_the_answer_shows_for_the_cases_professionals(client_as, hearing):
    client_as("service_user").post(f"/api/hearings/{hearing.pk}/answer/",
                                   {"answer": "Jeg kan højst arbejde 10 timer."},
                                   format="json")
    for role in ("consultant", "care_manager"):
        body = client_as(role).get(f"/api/cases/{hearing.case_id}/hearings/").json()[0]
        assert body["status"] == "answered"
        assert body["answer"] == "Jeg kan højst arbejde 10 timer."
        assert body["answered_on"] == timezone.localdate().isoformat()
        assert body["late"] is False


def test_an_answer_needs_words(client_as, hearing):
    for body in ({}, {"answer": "   "}):
        response = client_as("service_user").post(f"/api/hearings/{hearing.pk}/answer/",
                                                  body, format="json")
        assert response.status_code == 400, response.content
        assert "answer" in response.json()
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.OPEN


def test_an_answer_after_the_date_is_taken_and_marked_late(client_as, hearing):
    with time_machine.travel(timezone.now() + timedelta(days=20), tick=False):
        response = client_as("service_user").post(f"/api/hearings/{hearing.pk}/answer/",
                                                  {"answer": "Undskyld, jeg var syg."},
                                                  format="json")
    assert response.status_code == 200, response.content
    assert response.json()["late"] is True


@pytest.mark.parametrize("close", ["answer", "withdraw"])
def test_a_closed_hearing_takes_no_answer(client_as, hearing, close):
    if close == "answer":
        client_as("service_user").post(f"/api/hearings/{hearing.pk}/answer/",
                                       {"answer": "Første svar."}, format="json")
    else:
        client_as("consultant").post(f"/api/hearings/{hearing.pk}/withdraw/")
    response = client_as("service_user").post(f"/api/hearings/{hearing.pk}/answer/",
                                              {"answer": "Andet svar."}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "hearing_closed"


def test_a_withdrawn_hearing_cannot_be_withdrawn_again(client_as, hearing):
    assert client_as("consultant").post(
        f"/api/hearings/{hearing.pk}/withdraw/").json()["status"] == "withdrawn"
    again = client_as("consultant").post(f"/api/hearings/{hearing.pk}/withdraw/")
    assert again.status_code == 409 and again.json()["code"] == "hearing_closed"


def test_a_hearing_id_that_is_no_uuid_is_a_404(client_as, hearing):
    assert client_as("service_user").post("/api/hearings/nope/answer/",
                                          {"answer": "x"}, format="json").status_code == 404


def test_reads_of_hearings_are_in_the_access_log(client_as, hearing):
    client_as("care_manager").get(f"/api/cases/{hearing.case_id}/hearings/")
    entry = AccessLogEntry.objects.get(case=hearing.case, action="hearings.listed")
    assert entry.role == "care_manager" and entry.object_type == "hearing"


def _decide(client, case, **extra):
    return client.post(f"/api/cases/{case.pk}/extensions/", {
        "ground": "none", "decided_on": timezone.localdate().isoformat(),
        "reasoning": "Ingen af de syv grunde.", **extra,
    }, format="json")


def test_the_answer_is_recorded_on_the_decision(client_as, hearing):
    client_as("service_user").post(f"/api/hearings/{hearing.pk}/answer/",
                                   {"answer": "Jeg er uenig i vurderingen."}, format="json")
    response = _decide(client_as("consultant"), hearing.case)
    assert response.status_code == 201, response.content
    recorded = response.json()["hearing"]
    assert recorded["sent_on"] == hearing.sent_on.isoformat()
    assert recorded["response_by"] == hearing.answer_by.isoformat()
    assert recorded["response_on"] == timezone.localdate().isoformat()
    assert recorded["response"] == "Jeg er uenig i vurderingen."
    assert recorded["status"] == "answered"
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.DECIDED
    assert str(hearing.decision_id) == response.json()["id"]
    # Decided: no answer, no withdrawal any more.
    assert client_as("consultant").post(
        f"/api/hearings/{hearing.pk}/withdraw/").status_code == 409


def test_no_decision_before_the_date_without_an_answer(client_as, hearing):
    # The decision's own rule (check_hearing, § 19) judges the hearing's fields unchanged.
    response = _decide(client_as("consultant"), hearing.case)
    assert response.status_code == 400
    assert response.json()["code"] == "hearing_response_pending"
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.OPEN


def test_after_the_date_without_an_answer_the_decision_may_be_taken(client_as, hearing):
    with time_machine.travel(timezone.now() + timedelta(days=15), tick=False):
        response = _decide(client_as("consultant"), hearing.case)
    assert response.status_code == 201, response.content
    assert response.json()["hearing"]["status"] == "no_response"


def test_a_withdrawn_hearing_is_not_put_on_the_decision(client_as, hearing):
    client_as("consultant").post(f"/api/hearings/{hearing.pk}/withdraw/")
    response = _decide(client_as("consultant"), hearing.case)
    assert response.status_code == 201, response.content
    assert response.json()["hearing"]["sent_on"] is None


def test_the_database_holds_one_pending_hearing_per_case(hearing, consultant):
    # Two sends at once both pass the service's check; the partial unique constraint stops
    # the second row (the service turns it into 409 hearing_open).
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Hearing.objects.create(case=hearing.case, proposed_ground="none", basis="x",
                               sent_on=hearing.sent_on, answer_by=hearing.answer_by,
                               sent_by=consultant)
    Hearing.objects.filter(pk=hearing.pk).update(status=HearingStatus.WITHDRAWN)
    Hearing.objects.create(case=hearing.case, proposed_ground="none", basis="x",
                           sent_on=hearing.sent_on, answer_by=hearing.answer_by,
                           sent_by=consultant)
