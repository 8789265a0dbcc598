"""Trust pages through the Django test client: who gets which page, and what the forms do."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ibbis.audit.models import AccessLogEntry
from ibbis.audit.services import access_log_record
from tests import factories
from tests.factories import make_meeting
from trust.models import ChecklistTemplate, Consent, MeetingChecklistItem, Note
from trust.services import checklist_copy_for_meeting

pytestmark = pytest.mark.django_db

ROLES = (
    "care_manager", "consultant", "former_cm", "other_professional", "service_user",
    "other_service_user", "jobcentre_manager", "health_manager", "admin_user", "anonymous",
)
PAGES = {
    # page -> status per role, in ROLES order (anonymous is sent to the login page)
    "notes": (200, 200, 200, 404, 200, 404, 200, 200, 404, 302),
    "consent": (403, 403, 403, 403, 200, 200, 403, 403, 403, 302),
    "access_log": (403, 403, 403, 403, 200, 200, 403, 403, 403, 302),
    "checklist": (200, 200, 200, 404, 200, 404, 200, 200, 404, 302),
    "checklist_edit": (403, 403, 403, 403, 403, 403, 200, 200, 403, 302),
}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def urls(handed_over_case, meeting):
    return {
        "notes": f"/cases/{handed_over_case.pk}/notes/",
        "consent": "/my-case/consent/",
        "access_log": "/my-case/access-log/",
        "checklist": f"/meetings/{meeting.pk}/checklist/",
        "checklist_edit": "/checklists/",
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_role_gets_the_specified_page_status(readers, urls, page, role):
    user = None if role == "anonymous" else readers[role]
    response = client_for(user).get(urls[page])
    assert response.status_code == dict(zip(ROLES, PAGES[page], strict=True))[role]


def test_a_professional_writes_a_note_through_the_form(handed_over_case, consultant):
    response = client_for(consultant).post(
        f"/cases/{handed_over_case.pk}/notes/", {"text": "Til teamet", "scope": "team"}
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.text, note.scope, note.author) == ("Til teamet", "team", consultant)


def test_the_form_refuses_a_care_managers_team_note_without_consent(handed_over_case, care_manager):
    response = client_for(care_manager).post(
        f"/cases/{handed_over_case.pk}/notes/", {"text": "helbred", "scope": "team"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "has not given consent" in response.content.decode()
    assert not Note.objects.exists()


@pytest.mark.parametrize("user", ["service_user", "former_cm", "jobcentre_manager"])
def test_only_the_current_team_may_post_a_note(readers, handed_over_case, user):
    response = client_for(readers[user]).post(
        f"/cases/{handed_over_case.pk}/notes/", {"text": "x", "scope": "private"}
    )
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_each_note_shows_its_scope_badge_and_readers_in_plain_words(handed_over_case, consultant):
    Note.objects.create(
        case=handed_over_case,
        author=consultant,
        author_role="employment_consultant",
        author_organisation=consultant.organisation,
        scope="sector",
        text="s",
    )
    html = client_for(consultant).get(
        f"/cases/{handed_over_case.pk}/notes/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'class="tag scope-sector"' in html and "Own organisation" in html
    assert "Professionals from Jobcenter Test who are or have been on this case." in html


def test_a_manager_sees_counts_not_text(handed_over_case, consultant, jobcentre_manager):
    Note.objects.create(
        case=handed_over_case,
        author=consultant,
        author_role="employment_consultant",
        author_organisation=consultant.organisation,
        scope="team",
        text="confidential words",
    )
    html = client_for(jobcentre_manager).get(
        f"/cases/{handed_over_case.pk}/notes/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "confidential words" not in html
    assert "<th scope=\"row\">Team</th><td>1</td>" in html


def test_the_notes_page_takes_the_same_queries_for_2_and_20(handed_over_case, consultant, meeting):
    # Compared with itself rather than a fixed number, so the shared navigation may change.
    client = client_for(consultant)
    client.get(f"/cases/{handed_over_case.pk}/notes/")  # warm the session

    def queries_with(rows):
        Note.objects.all().delete()
        Note.objects.bulk_create(
            Note(case=handed_over_case, author=consultant, author_role="employment_consultant",
                 author_organisation=consultant.organisation, scope="team", text=f"n{i}",
                 meeting=meeting)
            for i in range(rows)
        )
        with CaptureQueriesContext(connection) as context:
            response = client.get(f"/cases/{handed_over_case.pk}/notes/")
        assert response.content.decode().count("data-note-id=") == rows
        return len(context)

    assert queries_with(2) == queries_with(20)


def test_the_service_user_grants_and_revokes_consent_on_the_page(handed_over_case, service_user):
    client = client_for(service_user)
    page = client.get("/my-case/consent/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You have not given consent" in page
    assert "can also be read by your employment consultant" in page
    expires = timezone.localdate() + timedelta(days=90)
    assert client.post(
        "/my-case/consent/", {"action": "grant", "expires_on": expires.isoformat()}
    ).status_code == 302
    consent = Consent.objects.get()
    assert consent.is_active() and consent.expires_on == expires
    page = client.get("/my-case/consent/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"It expires on {expires.day} {expires:%B %Y}" in page

    assert client.post(
        "/my-case/consent/", {"action": "revoke", "consent": str(consent.pk)}
    ).status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    page = client.get("/my-case/consent/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Revoked" in page and "You have not given consent" in page


def test_a_past_expiry_date_is_refused_on_the_page(handed_over_case, service_user):
    response = client_for(service_user).post(
        "/my-case/consent/", {"action": "grant", "expires_on": "2020-01-01"}
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_a_service_user_cannot_revoke_another_cases_consent(handed_over_case, other_case,
                                                            other_service_user):
    consent = Consent.objects.create(case=handed_over_case, kind="share_health_with_jobcentre",
                                     granted_by=handed_over_case.service_user)
    response = client_for(other_service_user).post(
        "/my-case/consent/", {"action": "revoke", "consent": str(consent.pk)}
    )
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_the_access_log_page_lists_who_looked_newest_first(
    handed_over_case, consultant, care_manager
):
    with __import__("time_machine").travel(timezone.now() - timedelta(hours=3)):
        access_log_record(actor=care_manager, case=handed_over_case, action="case.viewed",
                          object_type="case")
    access_log_record(
        actor=consultant, case=handed_over_case, action="notes.listed", object_type="note"
    )
    html = client_for(handed_over_case.service_user).get(
        "/my-case/access-log/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert html.index(consultant.display_name) < html.index(care_manager.display_name)
    assert "Read the notes on your case" in html and "Read your case" in html
    assert "Jobcenter Test" in html and "Psykiatrien Test" in html
    assert AccessLogEntry.objects.count() == 2  # reading the log logs nothing


def test_a_professional_ticks_the_checklist_on_the_page(handed_over_case, meeting, care_manager):
    item = checklist_copy_for_meeting(meeting=meeting).items.first()
    response = client_for(care_manager).post(
        f"/meetings/{meeting.pk}/checklist/", {"item": str(item.pk), "done": "1"}
    )
    assert response.status_code == 302
    item = MeetingChecklistItem.objects.get(pk=item.pk)
    assert item.done and item.done_by == care_manager


def test_the_service_user_reads_but_cannot_tick(handed_over_case, meeting):
    client = client_for(handed_over_case.service_user)
    assert "aria-pressed" not in client.get(f"/meetings/{meeting.pk}/checklist/").content.decode()
    item = checklist_copy_for_meeting(meeting=meeting).items.first()
    assert client.post(
        f"/meetings/{meeting.pk}/checklist/", {"item": str(item.pk), "done": "1"}
    ).status_code == 403


def test_a_manager_publishes_a_new_checklist_version_on_the_page(health_manager):
    client = client_for(health_manager)
    page = client.get("/checklists/")
    assert page.status_code == 200
    form = page.context["formset"]
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0",
            "form-0-phase": "before", "form-0-text_da": "Hej", "form-0-text_en": "Hello",
            "form-1-phase": "after", "form-1-text_da": "", "form-1-text_en": ""}
    assert form.total_form_count() == 13
    assert client.post("/checklists/", data).status_code == 302
    template = ChecklistTemplate.objects.get(organisation=health_manager.organisation)
    assert [(i.phase, i.text_en) for i in template.items.all()] == [("before", "Hello")]


def test_a_half_translated_item_is_refused(health_manager):
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0",
            "form-0-phase": "before", "form-0-text_da": "Hej", "form-0-text_en": ""}
    assert client_for(health_manager).post("/checklists/", data).status_code == 400
    assert not ChecklistTemplate.objects.filter(organisation__isnull=False).exists()


def test_a_service_user_without_a_case_gets_404_on_the_consent_page(db):
    lonely = factories.ServiceUserFactory()
    assert client_for(lonely).get("/my-case/consent/").status_code == 404


def test_pages_are_danish_by_default(handed_over_case, service_user):
    html = client_for(service_user).get("/my-case/consent/").content.decode()
    assert 'lang="da"' in html


def test_a_meeting_page_for_unknown_meeting_is_404(consultant):
    assert client_for(consultant).get(
        "/meetings/00000000-0000-4000-8000-000000000000/checklist/"
    ).status_code == 404
    _ = make_meeting  # fixture helper used by the module's fixtures
