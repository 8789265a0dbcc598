"""A companion (bisidder) at a meeting (issue 18): the service user invites one by name,
relation and e-mail; the link in the mail sets a password once; the companion sees that
meeting, its agenda and the shared plan, nothing else; every read, the grant and its end are
in the case's access log; the access ends the day after the meeting or when revoked, for
sign-in, session and token alike."""
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from coordination.models import MeetingCompanion
from coordination.services import meeting_voice
from coordination.services.meetings import meeting_schedule, meeting_update
from coordination.services.plan import goal_add, plan_for_case
from ibbis.accounts.models import Role, User
from ibbis.audit.actions import AccessAction
from ibbis.audit.models import AccessLogEntry
from tests.fixtures.cases import at
from trust.services import note_create

pytestmark = pytest.mark.django_db

# Nothing like the made-up username (ledsager-<hex>): the similarity validator would refuse
# a password that resembles it, now and then, by chance.
PASSWORD = "Blaa-hus-ved-fjorden-77"


def _invite(api, service_user, meeting, **data):
    body = {"name": "Karen Hansen", "relation": "Min søster", "email": "karen@example.test",
            **data}
    return api.as_user(service_user).post(f"/api/meetings/{meeting.pk}/companions/", body,
                                           format="json")


@pytest.fixture
def grant(api, service_user, booked_meeting, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(api, service_user, booked_meeting)
    assert response.status_code == 201, response.content
    return MeetingCompanion.objects.select_related("user").get(pk=response.json()["id"])


def _mails_to(mailoutbox, address):
    return [mail for mail in mailoutbox if mail.to == [address]]


def _link(mailoutbox) -> str:
    mail = _mails_to(mailoutbox, "karen@example.test")[0]
    return re.search(r"https?://[^/\s]+(/companion/welcome/\S+/)", mail.body).group(1)


def _sign_in(user) -> Client | None:
    """The login page with the password: the signed-in client, or None when refused."""
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    return client if response.status_code == 302 else None


def _signed_in(grant) -> Client:
    user = grant.user
    user.set_password(PASSWORD)
    user.save()
    client = _sign_in(user)
    assert client is not None
    return client


@pytest.fixture
def world(case_opened_in_june, booked_meeting, consultant, care_manager, service_user):
    """What the companion must and must not see on the case."""
    goal_add(case=case_opened_in_june, actor=care_manager,
             plan_version=plan_for_case(case_opened_in_june).version,
             kind="return_to_work", description="GOAL-two days a week", owner=service_user)
    meeting_voice.agenda_item_add(meeting=booked_meeting, actor=service_user, text="ITEM-my hours")
    note_create(actor=consultant, case=case_opened_in_june, text="NOTE-shared", scope="shared")
    note_create(actor=consultant, case=case_opened_in_june, text="NOTE-team", scope="team")
    note_create(actor=care_manager, case=case_opened_in_june, text="NOTE-sector", scope="sector")
    other = meeting_schedule(case=case_opened_in_june, organizer=consultant, kind="follow_up",
                             starts_at=at(10, 9), ends_at=at(10, 10), agenda="OTHER-AGENDA")
    return {"other_meeting": other}


def test_the_invitation_makes_an_ending_account_and_mails_only_a_link(
    grant, booked_meeting, mailoutbox, service_user
):
    user = grant.user
    assert user.role == Role.COMPANION and user.first_name == "Karen Hansen"
    assert not user.has_usable_password()
    # The end of the day after the meeting, Copenhagen time.
    local_end = timezone.localtime(user.access_until)
    meeting_day = timezone.localtime(booked_meeting.starts_at).date()
    assert local_end.date() == meeting_day + timedelta(days=2)
    assert (local_end.hour, local_end.minute) == (0, 0)
    [mail] = _mails_to(mailoutbox, "karen@example.test")
    body = mail.subject + mail.body
    assert "/companion/welcome/" in body
    for private in (service_user.first_name, service_user.last_name, "depression",
                    str(booked_meeting.case.pk), str(booked_meeting.pk),
                    "Jobcenter, lokale 2", "Plan"):
        assert private not in body
    granted = AccessLogEntry.objects.get(case=booked_meeting.case,
                                         action=AccessAction.COMPANION_GRANTED)
    assert granted.who == user and granted.role == Role.COMPANION


def test_the_link_sets_a_password_once_and_leads_to_the_meeting(grant, mailoutbox):
    link = _link(mailoutbox)
    client = Client()
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/companion/"
    assert client.get("/companion/").status_code == 200
    # Used up: the password's hash is in the token.
    assert Client().get(link).status_code == 400
    assert _sign_in(grant.user) is not None


def test_the_companion_sees_the_meeting_agenda_and_plan_and_nothing_else(
    api, grant, world, booked_meeting, case_opened_in_june
):
    client = _signed_in(grant)
    body = client.get("/companion/").content.decode()
    for shown in ("Jobcenter, lokale 2", "ITEM-my hours", "GOAL-two days a week", "Plan"):
        assert shown in body
    for hidden in ("NOTE-shared", "NOTE-team", "NOTE-sector", "OTHER-AGENDA", "depression"):
        assert hidden not in body
    view = api.as_user(grant.user).get("/api/companion/").json()
    assert view["meeting"]["id"] == str(booked_meeting.pk)
    assert [item["text"] for item in view["agenda_items"]] == ["ITEM-my hours"]
    assert [goal["description"] for goal in view["goals"]] == ["GOAL-two days a week"]
    assert {p["role"] for p in view["participants"]} >= {"service_user", "care_manager"}
    reads = set(AccessLogEntry.objects.filter(case=case_opened_in_june, who=grant.user)
                .values_list("action", flat=True))
    assert reads >= {AccessAction.COMPANION_MEETING_VIEWED, AccessAction.COMPANION_AGENDA_VIEWED,
                     AccessAction.COMPANION_PLAN_VIEWED}


@pytest.mark.parametrize("path", [
    "/meetings/{meeting}/", "/meetings/{other}/", "/cases/{case}/", "/cases/{case}/plan/",
    "/my-case/", "/caseload/", "/notifications/", "/accounts/auth-events/",
    "/meetings/{meeting}/preview/", "/cases/{case}/notes/",
])
def test_every_other_page_is_a_404_for_the_companion(
    grant, world, booked_meeting, case_opened_in_june, path
):
    client = _signed_in(grant)
    url = path.format(meeting=booked_meeting.pk, other=world["other_meeting"].pk,
                      case=case_opened_in_june.pk)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/meetings/{meeting}/"), ("get", "/api/meetings/{other}/"),
    ("get", "/api/meetings/{meeting}/agenda-items/"), ("get", "/api/cases/{case}/notes/"),
    ("get", "/api/cases/{case}/plan/"), ("post", "/api/cases/{case}/plan/goals/"),
    ("patch", "/api/cases/{case}/plan/"), ("get", "/api/cases/{case}/access-log/"),
    ("get", "/api/cases/{case}/export/"), ("get", "/api/cases/{case}/fhir/"),
    ("get", "/api/meetings/"), ("get", "/api/cases/"), ("get", "/api/dashboard/"),
    ("get", "/api/meetings/{meeting}/companions/"),
    ("post", "/api/meetings/{meeting}/companions/"),
])
def test_every_other_api_call_is_a_404_for_the_companion(
    api, grant, world, booked_meeting, case_opened_in_june, method, path
):
    client = api.as_user(grant.user)
    url = path.format(meeting=booked_meeting.pk, other=world["other_meeting"].pk,
                      case=case_opened_in_june.pk)
    assert getattr(client, method)(url, {}, format="json").status_code == 404


def test_revoking_ends_sign_in_session_and_token(api, grant, service_user, case_opened_in_june):
    client = _signed_in(grant)
    token_client = api.__class__()
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=grant.user)
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert token_client.get("/api/companion/").status_code == 200
    response = api.as_user(service_user).delete(
        f"/api/meetings/{grant.meeting_id}/companions/{grant.pk}/")
    assert response.status_code == 204
    assert client.get("/companion/").status_code == 302  # signed out: to the login page
    assert token_client.get("/api/companion/").status_code == 401
    assert _sign_in(grant.user) is None
    assert AccessLogEntry.objects.filter(case=case_opened_in_june, who=grant.user,
                                         action=AccessAction.COMPANION_REVOKED).exists()
    # A second revoke changes nothing.
    again = api.as_user(service_user).delete(
        f"/api/meetings/{grant.meeting_id}/companions/{grant.pk}/")
    assert again.status_code == 204
    assert AccessLogEntry.objects.filter(action=AccessAction.COMPANION_REVOKED).count() == 1


def test_the_access_ends_by_itself_after_the_meeting_day(api, grant, time_machine):
    client = _signed_in(grant)
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=grant.user, expiry=timedelta(days=30))
    token_client = api.__class__()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/companion/").status_code == 200
    time_machine.move_to(grant.user.access_until + timedelta(seconds=1))
    assert client.get("/companion/").status_code == 302  # the session is over
    assert token_client.get("/api/companion/").status_code == 401
    assert _sign_in(grant.user) is None
    response = api.post("/api/auth/token/", {"username": grant.user.username,
                                             "password": PASSWORD}, format="json")
    assert response.status_code in (400, 403)


def test_a_cancelled_meeting_ends_the_access_and_a_moved_one_moves_it(grant, booked_meeting,
                                                                        consultant):
    meeting_update(meeting=booked_meeting, actor=consultant, starts_at=at(5, 10), ends_at=at(5, 11))
    grant.user.refresh_from_db()
    assert timezone.localtime(grant.user.access_until).date() == at(7, 0).date()
    meeting_update(meeting=booked_meeting, actor=consultant, status="cancelled")
    grant.refresh_from_db()
    grant.user.refresh_from_db()
    assert grant.revoked_at is not None and not grant.user.is_active


def test_only_the_service_user_invites_and_revokes(
    api, grant, booked_meeting, consultant, care_manager, jobcentre_manager, other_service_user
):
    url = f"/api/meetings/{booked_meeting.pk}/companions/"
    body = {"name": "Bo", "relation": "Ven", "email": "bo@example.test"}
    # The professionals see the meeting: refused (403); the service user's choice.
    for professional in (consultant, care_manager):
        assert api.as_user(professional).post(url, body, format="json").status_code == 403
        assert api.as_user(professional).delete(f"{url}{grant.pk}/").status_code == 403
        assert api.as_user(professional).get(url).status_code == 200
    # A manager sees the meeting exists, not who comes along; another service user nothing.
    for outsider in (jobcentre_manager, other_service_user):
        assert api.as_user(outsider).get(url).status_code == 404
        assert api.as_user(outsider).post(url, body, format="json").status_code == 404
        assert api.as_user(outsider).delete(f"{url}{grant.pk}/").status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert MeetingCompanion.objects.count() == 1


def test_a_companion_of_another_meeting_cannot_be_revoked_through_this_one(
    api, grant, world, service_user
):
    url = f"/api/meetings/{world['other_meeting'].pk}/companions/{grant.pk}/"
    assert api.as_user(service_user).delete(url).status_code == 404


@pytest.mark.parametrize(("data", "field"), [
    ({"name": ""}, "name"), ({"relation": ""}, "relation"), ({"email": "nope"}, "email"),
    ({"name": "x" * 151}, "name"),
])
def test_bad_invitations_are_400(api, service_user, booked_meeting, data, field):
    response = _invite(api, service_user, booked_meeting, **data)
    assert response.status_code == 400
    assert field in response.content.decode()
    assert not User.objects.filter(role=Role.COMPANION).exists()


def test_no_companion_for_a_meeting_that_is_over(api, service_user, booked_meeting, consultant):
    meeting_update(meeting=booked_meeting, actor=consultant, status="cancelled")
    response = _invite(api, service_user, booked_meeting)
    assert response.status_code == 409
    assert response.json()["code"] == "meeting_closed"


def test_the_service_user_invites_and_revokes_on_the_meeting_page(
    client, service_user, booked_meeting, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(service_user)
    page = client.get(f"/meetings/{booked_meeting.pk}/").content.decode()
    assert 'data-testid="companion-form"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/meetings/{booked_meeting.pk}/companions/", {
            "companion-name": "Karen", "companion-relation": "Søster",
            "companion-email": "karen@example.test"})
    assert response.status_code == 302
    grant = MeetingCompanion.objects.get()
    assert len(_mails_to(mailoutbox, "karen@example.test")) == 1
    bad = client.post(f"/meetings/{booked_meeting.pk}/companions/", {"companion-name": "Karen"})
    assert bad.status_code == 400
    response = client.post(f"/meetings/{booked_meeting.pk}/companions/{grant.pk}/revoke/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_the_service_user_sees_the_companions_reads(api, grant, service_user):
    _signed_in(grant).get("/companion/")
    rows = api.as_user(service_user).get(
        f"/api/cases/{grant.meeting.case_id}/access-log/").json()
    rows = rows.get("results", rows)
    assert {row["action"] for row in rows} >= {
        "companion.granted", "companion.meeting_viewed", "companion.plan_viewed"}


def test_a_companion_signed_in_on_the_website_is_scoped_on_the_api_too(grant, booked_meeting):
    client = _signed_in(grant)
    assert client.get("/api/companion/").status_code == 200
    for url in ("/api/meetings/", f"/api/meetings/{booked_meeting.pk}/", "/api/cases/"):
        assert client.get(url).status_code == 404, url


def test_a_companion_gets_an_api_token_while_the_access_lasts(api, grant):
    grant.user.set_password(PASSWORD)
    grant.user.save()
    response = api.post("/api/auth/token/", {"username": grant.user.username,
                                             "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/companion/").status_code == 200
    assert api.get("/api/meetings/").status_code == 404


def test_nobody_but_a_companion_has_a_companion_view(api, service_user, consultant,
                                                      admin_user, grant):
    for user in (service_user, consultant, admin_user):
        assert api.as_user(user).get("/api/companion/").status_code == 404


def test_an_administrator_cannot_make_a_companion_account(api, admin_user):
    response = api.as_user(admin_user).post("/api/accounts/", {
        "username": "not.a.companion", "password": "Et-langt-kodeord-2026", "role": "companion",
    }, format="json")
    assert response.status_code == 400
    assert not User.objects.filter(username="not.a.companion").exists()
