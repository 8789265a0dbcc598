"""Break the glass and the handover period (issue 19; DOMAIN.md, Note scopes; API.md,
emergency-access row): who may take emergency access, what it gives (reading only, for 24
hours exactly), who is told, how the access log marks it; and the attacks on it."""
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from coordination.models import CaseMembership, EmergencyAccess, Notification, NotificationKind
from ibbis.accounts.models import OrganisationKind
from ibbis.audit.models import AccessLogEntry
from ibbis.outbox.models import OutboxMessage
from tests import factories

REASON = "The service user called in crisis; the care manager is ill today."


@pytest.fixture
def colleague(mental_health):
    """A care manager of the case's mental-health organisation, not on the case."""
    return factories.CareManagerFactory(username="gry.glass", organisation=mental_health,
                                        email="gry@example.test")


@pytest.fixture
def stranger(db):
    """A care manager of another mental-health organisation: not one of the case's."""
    other = factories.OrganisationFactory(name="Psykiatrien Nord",
                                          kind=OrganisationKind.MENTAL_HEALTH)
    return factories.CareManagerFactory(username="sven.stranger", organisation=other)


def _take(api, user, case, reason=REASON):
    return api.as_user(user).post(f"/api/cases/{case.pk}/emergency-access/",
                                  {"reason": reason}, format="json")


def test_a_colleague_takes_emergency_access_and_reads_for_24_hours(
        api, case, colleague, health_manager, service_user):
    assert api.as_user(colleague).get(f"/api/cases/{case.pk}/").status_code == 404
    response = _take(api, colleague, case)
    assert response.status_code == 201, response.content
    access = EmergencyAccess.objects.get()
    assert access.expires_at - access.started_at == timedelta(hours=24)
    assert response.json()["expires_at"]
    assert api.as_user(colleague).get(f"/api/cases/{case.pk}/").status_code == 200
    assert api.as_user(colleague).get(f"/api/cases/{case.pk}/plan/").status_code == 200
    # The access log marks the reads, and the service user reads it so.
    entries = AccessLogEntry.objects.filter(case=case, who=colleague)
    assert entries.exists() and all(entry.emergency for entry in entries)
    log = api.as_user(service_user).get(f"/api/cases/{case.pk}/access-log/").json()
    rows = log["results"] if isinstance(log, dict) else log
    assert rows and all(row["emergency"] for row in rows if row["who"] == colleague.display_name)
    # Exactly 24 hours: readable a second before, not at the moment.
    with time_machine.travel(access.expires_at - timedelta(seconds=1), tick=False):
        assert api.as_user(colleague).get(f"/api/cases/{case.pk}/").status_code == 200
    with time_machine.travel(access.expires_at, tick=False):
        assert api.as_user(colleague).get(f"/api/cases/{case.pk}/").status_code == 404


def test_the_service_user_and_the_manager_are_told_at_once_without_health_data(
        api, case, colleague, health_manager, jobcentre_manager, service_user,
        django_capture_on_commit_callbacks):
    service_user.email = "su@example.test"
    service_user.save()
    health_manager.email = "hm@example.test"
    health_manager.save()
    with django_capture_on_commit_callbacks(execute=False):
        assert _take(api, colleague, case).status_code == 201
    told = set(Notification.objects.filter(kind=NotificationKind.EMERGENCY_ACCESS)
               .values_list("recipient_id", flat=True))
    # The colleague's own manager and the service user; not the jobcentre's manager.
    assert told == {service_user.pk, health_manager.pk}
    assert OutboxMessage.objects.filter(kind="notification").count() == 2
    from coordination.services.notifications import _mail_text
    for notification in Notification.objects.filter(kind=NotificationKind.EMERGENCY_ACCESS):
        subject, body = _mail_text(notification)
        assert "crisis" not in body and "crisis" not in subject
        assert case.diagnosis not in body
    assert mail.outbox == [] or all("crisis" not in m.body for m in mail.outbox)


def test_the_managers_dashboard_lists_open_emergency_accesses(
        api, client, case, colleague, health_manager, jobcentre_manager):
    assert _take(api, colleague, case).status_code == 201
    figures = api.as_user(health_manager).get("/api/dashboard/").json()
    assert [row["professional"] for row in figures["emergency_accesses"]] == [str(colleague.pk)]
    assert figures["emergency_accesses"][0]["reason"] == REASON
    # Another organisation's manager sees none of it.
    assert api.as_user(jobcentre_manager).get("/api/dashboard/").json()[
        "emergency_accesses"] == []
    client.force_login(health_manager)
    page = client.get("/dashboard/").content.decode()
    assert 'data-testid="emergency-access-row"' in page and REASON in page
    access = EmergencyAccess.objects.get()
    with time_machine.travel(access.expires_at + timedelta(minutes=1), tick=False):
        assert api.as_user(health_manager).get("/api/dashboard/").json()[
            "emergency_accesses"] == []


# --- attacks ---------------------------------------------------------------------------------

def test_another_organisations_professional_gets_the_404_of_no_case(api, case, stranger):
    import uuid
    assert _take(api, stranger, case).status_code == 404
    missing = api.as_user(stranger).post(f"/api/cases/{uuid.uuid4()}/emergency-access/",
                                         {"reason": REASON}, format="json")
    assert missing.status_code == 404
    assert _take(api, stranger, case).json() == missing.json()
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("who", ["service_user", "jobcentre_manager", "health_manager",
                                 "care_manager", "consultant"])
def test_those_who_see_the_case_may_not_break_the_glass(api, request, case, who):
    assert _take(api, request.getfixturevalue(who), case).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_an_admin_and_another_service_user_get_404(api, case, admin_user, other_service_user):
    assert _take(api, admin_user, case).status_code == 404
    assert _take(api, other_service_user, case).status_code == 404


@pytest.mark.parametrize("reason", ["", "too short", " " * 40, "a" + " " * 30 + "b",
                                    "short reason\n\n\n\n\n\n\n\n\n\n"])
def test_a_reason_under_20_characters_is_400_however_padded(api, case, colleague, reason):
    response = _take(api, colleague, case, reason=reason)
    assert response.status_code == 400, response.content
    assert not EmergencyAccess.objects.exists()


def test_a_reason_that_is_not_text_is_400(api, case, colleague):
    response = api.as_user(colleague).post(f"/api/cases/{case.pk}/emergency-access/",
                                           {"reason": {"x": 1}}, format="json")
    assert response.status_code == 400


def test_stacking_is_409_and_a_new_one_after_expiry_is_201(api, case, colleague):
    assert _take(api, colleague, case).status_code == 201
    second = _take(api, colleague, case)
    assert second.status_code == 409 and second.json()["code"] == "emergency_access_open"
    assert EmergencyAccess.objects.count() == 1
    access = EmergencyAccess.objects.get()
    with time_machine.travel(access.expires_at + timedelta(seconds=1), tick=False):
        assert _take(api, colleague, case).status_code == 201
    assert EmergencyAccess.objects.count() == 2


def test_emergency_access_does_not_write(api, case, colleague):
    from tests import factories as f
    meeting = f.make_meeting(case, days=2)
    assert _take(api, colleague, case).status_code == 201
    client = api.as_user(colleague)
    writes = [
        client.post(f"/api/cases/{case.pk}/notes/", {"scope": "shared", "text": "x"},
                    format="json"),
        client.post(f"/api/cases/{case.pk}/plan/goals/", {"kind": "return_to_work",
                    "description": "x", "plan_version": 1}, format="json"),
        client.post(f"/api/cases/{case.pk}/absences/", {"start": "2026-01-01",
                    "kind": "full"}, format="json"),
        client.post(f"/api/cases/{case.pk}/handover/", {"role": "care_manager",
                    "to": str(colleague.pk)}, format="json"),
        client.post(f"/api/meetings/{meeting.pk}/agenda-items/", {"text": "x"},
                    format="json"),
        client.patch(f"/api/meetings/{meeting.pk}/", {"minutes": "x"}, format="json"),
        client.post(f"/api/cases/{case.pk}/hearings/", {"proposed_ground": "none",
                    "basis": "x", "answer_by": "2027-01-01"}, format="json"),
    ]
    assert [w.status_code for w in writes] == [403] * len(writes), [
        (w.status_code, w.content[:120]) for w in writes]
    case.refresh_from_db()
    assert case.care_manager_id != colleague.pk


def test_expired_access_reads_nothing(api, case, colleague):
    assert _take(api, colleague, case).status_code == 201
    access = EmergencyAccess.objects.get()
    with time_machine.travel(access.expires_at + timedelta(hours=1), tick=False):
        client = api.as_user(colleague)
        for path in ("", "plan/", "access-log/", "notes/", "hearings/"):
            assert client.get(f"/api/cases/{case.pk}/{path}").status_code == 404, path


def test_emergency_access_reads_no_notes(api, case, colleague, care_manager):
    from trust import services as trust
    trust.note_create(actor=care_manager, case=case, scope="sector", text="GLASS-SECTOR")
    assert _take(api, colleague, case).status_code == 201
    body = api.as_user(colleague).get(f"/api/cases/{case.pk}/notes/").content.decode()
    assert "GLASS-SECTOR" not in body


# --- the handover period ---------------------------------------------------------------------

@pytest.mark.parametrize(("days", "reads"), [(29, True), (31, False)])
def test_former_professional_reads_for_30_days_then_only_their_own_notes(
        api, case, former_cm, care_manager, days, reads):
    from trust import services as trust
    factories.hand_over(case, "care_manager", former_cm)
    own = trust.note_create(actor=former_cm, case=case, scope="private", text="FORMER-OWN")
    factories.hand_over(case, "care_manager", care_manager)
    CaseMembership.objects.filter(case=case, user=former_cm).update(
        started_at=timezone.now() - timedelta(days=90),
        ended_at=timezone.now() - timedelta(days=days))
    client = api.as_user(former_cm)
    expected = 200 if reads else 404
    assert client.get(f"/api/cases/{case.pk}/").status_code == expected
    assert client.get(f"/api/cases/{case.pk}/plan/").status_code == expected
    # Their own note stays theirs.
    assert client.get(f"/api/notes/{own.pk}/").status_code == 200


def test_the_handover_period_ends_at_30_days_exactly(api, case, former_cm, care_manager):
    factories.hand_over(case, "care_manager", former_cm)
    factories.hand_over(case, "care_manager", care_manager)
    ended = CaseMembership.objects.get(case=case, user=former_cm).ended_at
    with time_machine.travel(ended + timedelta(days=30) - timedelta(seconds=1), tick=False):
        assert api.as_user(former_cm).get(f"/api/cases/{case.pk}/").status_code == 200
    with time_machine.travel(ended + timedelta(days=30), tick=False):
        assert api.as_user(former_cm).get(f"/api/cases/{case.pk}/").status_code == 404


def test_a_former_professional_within_the_period_may_not_break_the_glass(
        api, case, former_cm, care_manager):
    factories.hand_over(case, "care_manager", former_cm)
    factories.hand_over(case, "care_manager", care_manager)
    assert _take(api, former_cm, case).status_code == 403


# --- the page ---------------------------------------------------------------------------------

def test_the_page_takes_it_by_reference_and_hides_other_organisations_cases(
        client, case, colleague, stranger):
    import uuid
    client.force_login(stranger)
    unknown = client.post("/emergency-access/", {"case": str(uuid.uuid4()), "reason": REASON})
    theirs = client.post("/emergency-access/", {"case": str(case.pk), "reason": REASON})
    assert unknown.status_code == theirs.status_code == 400
    strip = str(case.pk)
    assert (theirs.content.decode().replace(strip, "X")
            .split('name="csrfmiddlewaretoken"')[0].count("errorlist") >= 0)
    client.force_login(colleague)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/emergency-access/?case=/cases/{case.pk}/").status_code == 200
    short = client.post("/emergency-access/", {"case": str(case.pk), "reason": " " * 25})
    assert short.status_code == 400
    done = client.post("/emergency-access/",
                       {"case": f"https://x.test/cases/{case.pk}/", "reason": REASON})
    assert done.status_code == 302 and done["Location"] == f"/cases/{case.pk}/"
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    again = client.post("/emergency-access/", {"case": str(case.pk), "reason": REASON})
    assert again.status_code == 400


@pytest.mark.parametrize("who", ["service_user", "jobcentre_manager", "admin_user"])
def test_the_page_is_for_professionals(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/emergency-access/").status_code == 403
