"""The service user's voice at a meeting (issue 18; API.md, Roundtable meetings): `reply/`,
`agenda-items/` and `minutes/responses/`, for every role, with bad input, and on closed
meetings; the replies, notifications and the response beside the minutes everywhere they
are read (the meeting, the GDPR export, the FHIR bundle)."""

import pytest
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from coordination.models import Notification, NotificationKind
from ibbis.audit.models import AccessLogEntry

from .conftest import ROLES

pytestmark = pytest.mark.django_db

# The brief's roles beyond the shared ones: a professional of another organisation.
VOICE_ROLES = [*ROLES, "foreign_consultant"]


def url(meeting, tail):
    return f"/api/meetings/{meeting.pk}/{tail}"


# --- who may do what: every role, every row ------------------------------------------------

REPLY = {
    "service_user": 200, "care_manager": 200, "consultant": 200,
    # Managers see the meeting (its time, who comes) but are not invited to it.
    "jobcentre_manager": 403, "health_manager": 403,
    "other_professional": 404, "other_service_user": 404, "admin_user": 404,
    "foreign_consultant": 404, "anonymous": 401,
}
# Agenda items and minutes responses are case content: a manager gets a 404 (DOMAIN.md).
AGENDA_WRITE = {
    "service_user": 201, "care_manager": 201, "consultant": 201,
    "jobcentre_manager": 404, "health_manager": 404,
    "other_professional": 404, "other_service_user": 404, "admin_user": 404,
    "foreign_consultant": 404, "anonymous": 401,
}
CONTENT_READ = {**{role: (200 if code == 201 else code) for role, code in AGENDA_WRITE.items()}}
MINUTES_WRITE = {**AGENDA_WRITE, "care_manager": 403, "consultant": 403}


@pytest.mark.parametrize("role", VOICE_ROLES)
def test_who_may_reply_to_an_invitation(client_as, upcoming_meeting, role):
    response = client_as(role).post(url(upcoming_meeting, "reply/"), {"answer": "coming"},
                                    format="json")
    assert response.status_code == REPLY[role], response.content


@pytest.mark.parametrize("role", VOICE_ROLES)
def test_who_may_add_an_agenda_item(client_as, upcoming_meeting, role):
    response = client_as(role).post(url(upcoming_meeting, "agenda-items/"),
                                    {"text": "Hvordan går det med søvnen?"}, format="json")
    assert response.status_code == AGENDA_WRITE[role], response.content


@pytest.mark.parametrize("role", VOICE_ROLES)
def test_who_may_read_the_agenda_items(client_as, upcoming_meeting, role):
    response = client_as(role).get(url(upcoming_meeting, "agenda-items/"))
    assert response.status_code == CONTENT_READ[role], response.content


@pytest.mark.parametrize("role", VOICE_ROLES)
def test_who_may_respond_to_the_minutes(client_as, minuted_meeting, role):
    response = client_as(role).post(
        url(minuted_meeting, "minutes/responses/"), {"response": "approve"}, format="json"
    )
    assert response.status_code == MINUTES_WRITE[role], response.content


@pytest.mark.parametrize("role", VOICE_ROLES)
def test_who_may_read_the_responses_to_the_minutes(client_as, minuted_meeting, role):
    response = client_as(role).get(url(minuted_meeting, "minutes/responses/"))
    assert response.status_code == CONTENT_READ[role], response.content


@pytest.mark.parametrize("tail", ["reply/", "agenda-items/", "minutes/responses/"])
def test_an_unknown_meeting_is_404_for_its_own_people_too(client_as, tail):
    response = client_as("service_user").post(
        f"/api/meetings/00000000-0000-4000-8000-000000000000/{tail}", {}, format="json")
    assert response.status_code == 404


# --- replies ------------------------------------------------------------------------------


def test_the_latest_reply_of_each_participant_shows_on_the_meeting(
    client_as, upcoming_meeting, case
):
    su = client_as("service_user")
    su.post(url(upcoming_meeting, "reply/"), {"answer": "coming"}, format="json")
    response = su.post(url(upcoming_meeting, "reply/"),
                       {"answer": "other_time", "comment": "Kan vi tage det om eftermiddagen?"},
                       format="json")
    assert response.status_code == 200
    replies = response.json()["replies"]
    assert [(r["user"], r["answer"]) for r in replies] == [
        (str(case.service_user_id), "other_time")
    ]
    assert replies[0]["comment"] == "Kan vi tage det om eftermiddagen?"
    assert replies[0]["role"] == "service_user"
    client_as("care_manager").post(url(upcoming_meeting, "reply/"), {"answer": "cannot_come"},
                                   format="json")
    shown = client_as("consultant").get(f"/api/meetings/{upcoming_meeting.pk}/").json()["replies"]
    assert {r["role"]: r["answer"] for r in shown} == {
        "service_user": "other_time", "care_manager": "cannot_come"
    }


def test_a_reply_notifies_the_other_professionals_not_the_one_who_replied(
    client_as, upcoming_meeting, case
):
    client_as("service_user").post(url(upcoming_meeting, "reply/"), {"answer": "cannot_come"},
                                   format="json")
    notified = Notification.objects.filter(kind=NotificationKind.MEETING_REPLY,
                                           meeting=upcoming_meeting)
    assert set(notified.values_list("recipient_id", flat=True)) == {
        case.care_manager_id, case.employment_consultant_id
    }
    listed = client_as("care_manager").get("/api/notifications/").json()["results"]
    assert listed[0]["kind"] == "meeting_reply" and listed[0]["meeting"] == str(upcoming_meeting.pk)
    client_as("care_manager").post(url(upcoming_meeting, "reply/"), {"answer": "coming"},
                                   format="json")
    assert not notified.filter(recipient=case.care_manager).exclude(
        pk__in=notified.filter(recipient=case.care_manager).order_by("created_at")[:1]
    ).exists()
    assert notified.filter(recipient=case.employment_consultant).count() == 2
    assert not Notification.objects.filter(recipient=case.service_user).exists()


def test_a_manager_sees_who_replied_but_not_what_they_wrote(client_as, upcoming_meeting):
    client_as("service_user").post(url(upcoming_meeting, "reply/"),
                                   {"answer": "cannot_come", "comment": "Jeg har det svært"},
                                   format="json")
    body = client_as("jobcentre_manager").get(f"/api/meetings/{upcoming_meeting.pk}/").json()
    assert body["replies"][0]["answer"] == "cannot_come"
    assert body["replies"][0]["comment"] is None
    assert "Jeg har det svært" not in str(body)


@pytest.mark.parametrize(
    "body",
    [{}, {"answer": "maybe"}, {"answer": ""}, {"answer": "coming", "comment": "x" * 2001},
     {"answer": ["coming"]}],
)
def test_a_bad_reply_is_a_400(client_as, upcoming_meeting, body):
    response = client_as("service_user").post(url(upcoming_meeting, "reply/"), body, format="json")
    assert response.status_code == 400
    assert not upcoming_meeting.replies.exists()


def test_a_malformed_body_is_a_400_not_a_500(client_as, upcoming_meeting):
    response = client_as("service_user").post(url(upcoming_meeting, "reply/"), "{not json",
                                              content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("closed", ["minuted_meeting", "cancelled_meeting"])
def test_a_meeting_already_held_or_cancelled_takes_no_reply(client_as, request, closed):
    meeting = request.getfixturevalue(closed)
    response = client_as("service_user").post(url(meeting, "reply/"), {"answer": "coming"},
                                              format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "meeting_closed"
    assert not Notification.objects.filter(meeting=meeting).exists()


def test_a_professional_reply_is_logged_as_a_read_of_the_meeting(client_as, upcoming_meeting, case):
    before = AccessLogEntry.objects.filter(case=case, who=case.care_manager).count()
    client_as("care_manager").post(url(upcoming_meeting, "reply/"), {"answer": "coming"},
                                   format="json")
    assert AccessLogEntry.objects.filter(case=case, who=case.care_manager).count() == before + 1


# --- agenda items -------------------------------------------------------------------------


def test_the_service_users_own_items_are_marked_as_theirs(client_as, upcoming_meeting, case):
    mine = client_as("service_user").post(url(upcoming_meeting, "agenda-items/"),
                                          {"text": "Min egen plan for tempoet"}, format="json")
    assert mine.status_code == 201
    body = mine.json()
    assert set(body) >= {"id", "text", "author", "created_at", "by_service_user"}
    assert body["by_service_user"] is True and body["author"]["id"] == str(case.service_user_id)
    theirs = client_as("consultant").post(url(upcoming_meeting, "agenda-items/"),
                                          {"text": "  Revurderingstidspunktet  "},
                                          format="json").json()
    assert theirs["by_service_user"] is False and theirs["text"] == "Revurderingstidspunktet"
    listed = client_as("care_manager").get(url(upcoming_meeting, "agenda-items/")).json()
    assert [(i["text"], i["by_service_user"]) for i in listed] == [
        ("Min egen plan for tempoet", True), ("Revurderingstidspunktet", False)
    ]


def test_reading_the_agenda_items_is_logged_for_professionals_only(
    client_as, upcoming_meeting, case
):
    client_as("care_manager").get(url(upcoming_meeting, "agenda-items/"))
    client_as("service_user").get(url(upcoming_meeting, "agenda-items/"))
    entries = AccessLogEntry.objects.filter(case=case, action="agenda_items.listed")
    assert list(entries.values_list("who_id", flat=True)) == [case.care_manager_id]


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "   "}, {"text": "x" * 4001},
                                  {"text": {"a": 1}}])
def test_a_bad_agenda_item_is_a_400(client_as, upcoming_meeting, body):
    response = client_as("service_user").post(url(upcoming_meeting, "agenda-items/"), body,
                                              format="json")
    assert response.status_code == 400
    assert not upcoming_meeting.agenda_items.exists()


@pytest.mark.parametrize("closed", ["minuted_meeting", "cancelled_meeting"])
def test_no_agenda_item_after_the_meeting(client_as, request, closed):
    meeting = request.getfixturevalue(closed)
    response = client_as("care_manager").post(url(meeting, "agenda-items/"), {"text": "Sent"},
                                              format="json")
    assert response.status_code == 409 and response.json()["code"] == "meeting_closed"


# --- minutes responses --------------------------------------------------------------------


def test_an_approval_shows_beside_the_minutes_until_they_change(client_as, minuted_meeting):
    su = client_as("service_user")
    given = su.post(url(minuted_meeting, "minutes/responses/"),
                    {"response": "approve", "minutes_version": 1}, format="json")
    assert given.status_code == 201, given.content
    assert given.json()["current"] is True and given.json()["minutes_version"] == 1
    meeting = client_as("care_manager").get(f"/api/meetings/{minuted_meeting.pk}/").json()
    assert meeting["minutes_version"] == 1
    assert meeting["minutes_response"]["response"] == "approve"
    assert meeting["minutes_response"]["current"] is True

    changed = client_as("consultant").patch(f"/api/meetings/{minuted_meeting.pk}/",
                                            {"minutes": "Vi aftalte tre dage om ugen."},
                                            format="json").json()
    # The approval was of other words: the minutes are open again.
    assert changed["minutes_version"] == 2
    assert changed["minutes_response"]["response"] == "approve"
    assert changed["minutes_response"]["current"] is False
    same = client_as("consultant").patch(f"/api/meetings/{minuted_meeting.pk}/",
                                         {"minutes": "Vi aftalte tre dage om ugen."},
                                         format="json").json()
    assert same["minutes_version"] == 2  # saving the same words is no change

    su = client_as("service_user")  # one client: its credentials are the last role's
    stale = su.post(url(minuted_meeting, "minutes/responses/"),
                    {"response": "approve", "minutes_version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "minutes_changed"
    again = su.post(url(minuted_meeting, "minutes/responses/"),
                    {"response": "dissent", "text": "Jeg sagde to dage."}, format="json")
    assert again.status_code == 201 and again.json()["minutes_version"] == 2
    history = su.get(url(minuted_meeting, "minutes/responses/")).json()
    assert [(r["response"], r["minutes_version"], r["current"]) for r in history] == [
        ("approve", 1, False), ("dissent", 2, True)
    ]


@pytest.mark.parametrize(
    "body,field",
    [({"response": "comment"}, "text"), ({"response": "dissent", "text": "  "}, "text"),
     ({"response": "maybe"}, "response"), ({}, "response"),
     ({"response": "approve", "minutes_version": "newest"}, "minutes_version"),
     ({"response": "comment", "text": "x" * 4001}, "text")],
)
def test_a_bad_response_to_the_minutes_is_a_400_naming_the_field(
    client_as, minuted_meeting, body, field
):
    response = client_as("service_user").post(url(minuted_meeting, "minutes/responses/"), body,
                                              format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not minuted_meeting.minutes_responses.exists()


def test_no_response_before_there_are_minutes(client_as, upcoming_meeting):
    response = client_as("service_user").post(url(upcoming_meeting, "minutes/responses/"),
                                              {"response": "approve"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "no_minutes"


def test_a_cancelled_meeting_takes_no_response(client_as, cancelled_meeting):
    response = client_as("service_user").post(url(cancelled_meeting, "minutes/responses/"),
                                              {"response": "approve"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "meeting_closed"


def test_a_manager_sees_no_response_to_the_minutes(client_as, minuted_meeting):
    client_as("service_user").post(url(minuted_meeting, "minutes/responses/"),
                                   {"response": "comment", "text": "Min søvn er dårlig"},
                                   format="json")
    body = client_as("jobcentre_manager").get(f"/api/meetings/{minuted_meeting.pk}/").json()
    assert body["minutes_response"] is None and "Min søvn" not in str(body)


def test_the_response_is_in_the_export_and_the_fhir_bundle(client_as, minuted_meeting, case):
    client_as("service_user").post(url(minuted_meeting, "minutes/responses/"),
                                   {"response": "comment", "text": "Tak, det er rigtigt."},
                                   format="json")
    export = client_as("service_user").get(f"/api/cases/{case.pk}/export/").json()
    exported = next(m for m in export["meetings"] if m["id"] == str(minuted_meeting.pk))
    assert exported["minutes_version"] == 1
    assert exported["minutes_response"]["response"] == "comment"
    assert exported["minutes_response"]["text"] == "Tak, det er rigtigt."
    assert exported["minutes_response"]["current"] is True

    bundle = client_as("care_manager").get(f"/api/cases/{case.pk}/fhir/").json()
    appointment = next(e["resource"] for e in bundle["entry"]
                       if e["resource"]["id"] == str(minuted_meeting.pk))
    get_fhir_model_class("Appointment").model_validate(appointment)
    (extension,) = appointment["extension"]
    parts = {part["url"]: part for part in extension["extension"]}
    assert parts["response"]["valueCode"] == "comment"
    assert parts["text"]["valueString"] == "Tak, det er rigtigt."
    assert parts["current"]["valueBoolean"] is True


def test_pseudonymisation_removes_what_the_service_user_said(
    upcoming_meeting, minuted_meeting, case
):
    from datetime import date

    from coordination.models import AgendaItem, MeetingReply, MinutesResponse
    from coordination.services import meeting_voice
    from ibbis.retention.services import case_pseudonymise

    su = case.service_user
    meeting_voice.meeting_reply(meeting=upcoming_meeting, actor=su, answer="cannot_come",
                                comment="Jeg er syg")
    meeting_voice.agenda_item_add(meeting=upcoming_meeting, actor=su, text="Min angst")
    meeting_voice.minutes_respond(meeting=minuted_meeting, actor=su, response="dissent",
                                  text="Forkert om min diagnose")
    case.closed_on = date(2015, 1, 1)
    case.save(update_fields=["closed_on"])
    case_pseudonymise(case_id=case.pk, now=timezone.now())
    said = [*MeetingReply.objects.values_list("comment", flat=True),
            *AgendaItem.objects.values_list("text", flat=True),
            *MinutesResponse.objects.values_list("text", flat=True)]
    assert not {"Jeg er syg", "Min angst", "Forkert om min diagnose"} & set(said)
