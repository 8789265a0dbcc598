"""Writing notes, the consent rule, and consent's life (DOMAIN.md, Note scopes)."""
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import make_meeting
from trust.models import Consent, Note

pytestmark = pytest.mark.django_db

CONSENT = {"kind": "share_health_with_jobcentre"}


def grant(api, case, **extra):
    response = api.as_user(case.service_user).post(
        f"/api/cases/{case.pk}/consents/", {**CONSENT, **extra}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def ec_sees(api, case, consultant):
    response = api.as_user(consultant).get(f"/api/cases/{case.pk}/notes/")
    return {row["text"] for row in response.json()["results"]}


@pytest.mark.parametrize("scope", ["team", "shared"])
def test_a_care_managers_team_or_shared_note_without_consent_is_refused(
    api, handed_over_case, care_manager, scope
):
    response = api.as_user(care_manager).post(
        f"/api/cases/{handed_over_case.pk}/notes/",
        {"text": "health", "scope": scope},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "consent_required"
    assert not Note.objects.exists()


@pytest.mark.parametrize("scope", ["private", "sector"])
def test_a_care_manager_writes_private_and_sector_notes_without_consent(
    api, handed_over_case, care_manager, scope
):
    response = api.as_user(care_manager).post(
        f"/api/cases/{handed_over_case.pk}/notes/", {"text": "own", "scope": scope}, format="json"
    )
    assert response.status_code == 201
    note = Note.objects.get()
    assert note.author_organisation == care_manager.organisation
    assert note.author_role == "care_manager"
    assert response.json()["readers"]


def test_an_employment_consultants_team_note_needs_no_consent(api, handed_over_case, consultant):
    response = api.as_user(consultant).post(
        f"/api/cases/{handed_over_case.pk}/notes/", {"text": "jc", "scope": "team"}, format="json"
    )
    assert response.status_code == 201


def test_an_expired_consent_counts_as_none_when_writing(api, handed_over_case, care_manager):
    Consent.objects.create(
        case=handed_over_case,
        kind="share_health_with_jobcentre",
        granted_by=handed_over_case.service_user,
        expires_on=timezone.localdate(),
    )
    response = api.as_user(care_manager).post(
        f"/api/cases/{handed_over_case.pk}/notes/", {"text": "x", "scope": "team"}, format="json"
    )
    assert response.json()["code"] == "consent_required"


def test_consent_then_revocation_shows_then_hides_the_note_and_never_deletes_it(
    api, handed_over_case, care_manager, consultant
):
    consent = grant(api, handed_over_case)
    assert consent["active"] is True and consent["revoked_at"] is None
    written = api.as_user(care_manager).post(
        f"/api/cases/{handed_over_case.pk}/notes/",
        {"text": "sleeps badly", "scope": "team"},
        format="json",
    )
    assert written.status_code == 201
    assert "sleeps badly" in ec_sees(api, handed_over_case, consultant)

    revoked = api.as_user(handed_over_case.service_user).post(
        f"/api/consents/{consent['id']}/revoke/"
    )
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert "sleeps badly" not in ec_sees(api, handed_over_case, consultant)
    assert api.as_user(consultant).get(f"/api/notes/{written.json()['id']}/").status_code == 404
    assert Note.objects.filter(text="sleeps badly").exists()
    # The care manager still reads it, and consent given again shows it again.
    cm_list = (
        api.as_user(care_manager).get(f"/api/cases/{handed_over_case.pk}/notes/").json()["results"]
    )
    assert [n["text"] for n in cm_list] == ["sleeps badly"]
    grant(api, handed_over_case)
    assert "sleeps badly" in ec_sees(api, handed_over_case, consultant)


def test_expiry_is_checked_when_the_note_is_read(api, handed_over_case, care_manager, consultant):
    today = timezone.localdate()
    grant(api, handed_over_case, expires_on=str(today + timedelta(days=2)))
    api.as_user(care_manager).post(
        f"/api/cases/{handed_over_case.pk}/notes/",
        {"text": "until expiry", "scope": "team"},
        format="json",
    )
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert "until expiry" in ec_sees(api, handed_over_case, consultant)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert "until expiry" not in ec_sees(api, handed_over_case, consultant)
        listed = (
            api.as_user(handed_over_case.service_user)
            .get(f"/api/cases/{handed_over_case.pk}/consents/")
            .json()
        )
        assert listed["results"][0]["active"] is False


def test_the_consent_history_is_kept(api, handed_over_case):
    first = grant(api, handed_over_case)
    api.as_user(handed_over_case.service_user).post(f"/api/consents/{first['id']}/revoke/")
    grant(api, handed_over_case)
    rows = (
        api.as_user(handed_over_case.service_user)
        .get(f"/api/cases/{handed_over_case.pk}/consents/")
        .json()
    )
    assert rows["count"] == 2
    assert [r["active"] for r in rows["results"]] == [True, False]
    assert set(rows["results"][0]) >= {"granted_at", "revoked_at", "expires_on", "active"}


def test_granting_while_active_is_a_conflict(api, handed_over_case):
    grant(api, handed_over_case)
    again = api.as_user(handed_over_case.service_user).post(
        f"/api/cases/{handed_over_case.pk}/consents/", CONSENT, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "consent_active"
    assert Consent.objects.count() == 1


def test_revoking_twice_is_a_conflict(api, handed_over_case):
    consent = grant(api, handed_over_case)
    url = f"/api/consents/{consent['id']}/revoke/"
    api.as_user(handed_over_case.service_user).post(url)
    second = api.as_user(handed_over_case.service_user).post(url)
    assert second.status_code == 409 and second.json()["code"] == "already_revoked"


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "share_everything"},
        {},
        {**CONSENT, "expires_on": "yesterday"},
        {**CONSENT, "expires_on": "2020-01-01"},
        {**CONSENT, "expires_on": "2026-02-30"},
    ],
)
def test_bad_consent_input_is_400_and_grants_nothing(api, handed_over_case, body):
    response = api.as_user(handed_over_case.service_user).post(
        f"/api/cases/{handed_over_case.pk}/consents/", body, format="json"
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    "body,field",
    [
        ({"text": "x", "scope": "public"}, "scope"),
        ({"text": "", "scope": "private"}, "text"),
        ({"scope": "private"}, "text"),
        ({"text": "x", "scope": "private", "meeting": "not-a-uuid"}, "meeting"),
        ({"text": "x", "scope": "private", "meeting": "00000000-0000-4000-8000-000000000000"},
         "meeting"),
    ],
)
def test_bad_note_input_is_400_with_field_errors(api, handed_over_case, consultant, body, field):
    response = api.as_user(consultant).post(
        f"/api/cases/{handed_over_case.pk}/notes/", body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Note.objects.exists()


def test_a_note_may_not_point_at_another_cases_meeting(
    api, handed_over_case, other_case, consultant
):
    foreign = make_meeting(other_case)
    response = api.as_user(consultant).post(
        f"/api/cases/{handed_over_case.pk}/notes/",
        {"text": "x", "scope": "private", "meeting": str(foreign.pk)},
        format="json",
    )
    assert response.status_code == 400 and "meeting" in response.json()


def test_a_note_can_be_linked_to_a_meeting_of_its_case(api, handed_over_case, consultant, meeting):
    response = api.as_user(consultant).post(
        f"/api/cases/{handed_over_case.pk}/notes/",
        {"text": "after the meeting", "scope": "team", "meeting": str(meeting.pk)},
        format="json",
    )
    assert response.status_code == 201 and response.json()["meeting"] == str(meeting.pk)


def test_malformed_json_is_400_not_500(api, handed_over_case, consultant):
    response = api.as_user(consultant).post(
        f"/api/cases/{handed_over_case.pk}/notes/", data="{nope", content_type="application/json"
    )
    assert response.status_code == 400


def test_unknown_ids_are_404(api, consultant, service_user):
    assert api.as_user(consultant).get("/api/notes/not-a-uuid/").status_code == 404
    assert api.as_user(service_user).post("/api/consents/123/revoke/").status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_the_notes_list_takes_the_same_queries_for_2_and_20(
    api, handed_over_case, consultant, rows, django_assert_num_queries
):
    Note.objects.bulk_create(
        Note(case=handed_over_case, author=consultant, author_role="employment_consultant",
             author_organisation=consultant.organisation, scope="team", text=f"n{i}")
        for i in range(rows)
    )
    client = api.as_user(consultant)
    # token with user and organisation, case, count, notes, access log insert
    with django_assert_num_queries(5):
        response = client.get(f"/api/cases/{handed_over_case.pk}/notes/")
    assert response.json()["count"] == rows
