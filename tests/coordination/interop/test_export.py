"""GET /api/cases/{id}/export/ and /my-case/export/: the service user's own data (GDPR art.
15, API.md). Only the case's service user; shared notes in, private, sector and team never."""
import uuid

import pytest
from django.test import Client
from rest_framework.test import APIClient

from ibbis.audit.models import AccessLogEntry
from ibbis.audit.services import access_log_record

pytestmark = pytest.mark.django_db

SECTIONS = {"generated_at", "profile", "case", "team_history", "absences", "decisions",
            "deadlines", "meetings", "plan", "notes", "consents", "access_log",
            # issue 14: public-hospital waiting time, LÆ 285 certificates
            "hospital_waiting", "medical_certificates",
            # issue 18: hearings before a decision
            "hearings",
            # issue 18: the companions they invited
            "companions",
            # issue 19: who broke the glass on their case
            "emergency_accesses"}


@pytest.mark.parametrize(
    "who, status",
    [
        ("service_user", 200),
        ("care_manager", 404), ("consultant", 404), ("former_cm", 404), ("other_professional", 404),
        ("other_service_user", 404), ("jobcentre_manager", 404), ("health_manager", 404),
        ("admin_user", 404),
    ],
)
def test_only_the_cases_service_user_gets_the_export(api, people, full_case, who, status):
    response = api.as_user(people[who]).get(f"/api/cases/{full_case.pk}/export/")
    assert response.status_code == status
    if status == 404:
        assert "secret" not in response.content.decode()


def test_anonymous_gets_401(full_case):
    assert APIClient().get(f"/api/cases/{full_case.pk}/export/").status_code == 401


def test_unknown_and_malformed_ids_are_404(api, service_user):
    api.as_user(service_user)
    assert api.get(f"/api/cases/{uuid.uuid4()}/export/").status_code == 404
    assert api.get("/api/cases/zzz/export/").status_code == 404


def test_the_export_holds_every_section(api, service_user, full_case, plan, meetings, consent):
    data = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/").json()
    assert set(data) == SECTIONS
    assert data["profile"]["username"] == service_user.username
    assert data["case"]["id"] == str(full_case.pk)
    assert data["case"]["first_absence_day"] == "2026-09-07"
    assert [a["start"] for a in data["absences"]] == ["2026-09-07"]
    assert {m["id"] for m in data["meetings"]} == {str(m.pk) for m in meetings.values()}
    assert data["plan"]["version"] == plan.version
    assert [c["version"] for c in data["plan"]["history"]] == [1, 2, 3]
    assert {g["service_user_words"] for g in data["plan"]["goals"]} >= {"Jeg vil sove bedre"}
    assert [c["id"] for c in data["consents"]] == [str(consent.pk)]
    assert len(data["team_history"]) == 3  # former care manager, care manager, consultant
    assert any(m["ended_at"] for m in data["team_history"])


def test_shared_notes_in_private_sector_and_team_never(api, service_user, full_case, notes):
    response = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/")
    body = response.content.decode()
    exported = {n["id"] for n in response.json()["notes"]}
    for (author, scope), note in notes.items():
        if scope == "shared":
            assert str(note.pk) in exported and note.text in body, author
        else:
            assert str(note.pk) not in exported and note.text not in body, (author, scope)


def test_the_access_log_is_in_the_export(api, care_manager, service_user, full_case):
    access_log_record(actor=care_manager, case=full_case, action="case.viewed",
                      object_type="case")
    data = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/").json()
    assert [(e["who"], e["action"]) for e in data["access_log"]] == [
        (care_manager.display_name, "case.viewed")
    ]


def test_the_service_users_own_export_is_not_logged(api, service_user, full_case):
    api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/")
    assert not AccessLogEntry.objects.filter(case=full_case).exists()


# --- the printable page -----------------------------------------------------------------


def page_for(user, query=""):
    client = Client()
    client.force_login(user)
    return client.get(f"/my-case/export/{query}")


def test_the_page_shows_the_data_and_shared_notes_only(service_user, full_case, notes):
    response = page_for(service_user)
    assert response.status_code == 200
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "Jeg vil sove bedre" in html
    assert 'href="?format=json"' in html
    for (_author, scope), note in notes.items():
        assert (note.text in html) == (scope == "shared"), scope


def test_the_page_offers_the_json_download(service_user, full_case):
    response = page_for(service_user, "?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response.json()["case"]["id"] == str(full_case.pk)


def test_the_page_without_a_case_says_so(other_service_user):
    response = page_for(other_service_user)
    assert response.status_code == 200
    assert 'href="?format=json"' not in response.content.decode()


@pytest.mark.parametrize(
    "who", ["care_manager", "consultant", "jobcentre_manager", "admin_user"],
)
def test_the_page_is_for_service_users_only(people, full_case, who):
    assert page_for(people[who]).status_code == 403


def test_the_page_needs_a_login(full_case):
    response = Client().get("/my-case/export/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_nav_links_the_page_for_service_users(service_user, full_case):
    client = Client()
    client.force_login(service_user)
    assert 'href="/my-case/export/"' in client.get("/my-case/").content.decode()


def test_the_export_carries_the_reduced_benefit_status_and_the_follow_up_dates(
    api, service_user, full_case
):
    # Issue 14: the export follows the case's status and the consultant's follow-up dates.
    from datetime import date

    type(full_case).objects.filter(pk=full_case.pk).update(
        status="reduced_benefit", expected_return_date=date(2027, 6, 1),
        follow_up_agreed_on=date(2027, 3, 1))
    body = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/").json()
    assert body["case"]["status"] == "reduced_benefit"
    assert body["case"]["expected_return_date"] == "2027-06-01"
    assert body["case"]["follow_up_agreed_on"] == "2027-03-01"
