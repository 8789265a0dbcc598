"""THE specification of who reads which note (DOMAIN.md, Note scopes), as one table.

Every reader x every scope x every consent state x every read path. A read path is a
function returning the set of note ids the reader saw; add exports and FHIR to READ_PATHS
when they exist and the whole table runs through them too.
"""
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from trust.models import Consent, Note

pytestmark = pytest.mark.django_db

SCOPES = ("private", "sector", "team", "shared")
AUTHORS = (
    "care_manager",
    "consultant",
    "former_cm",
)  # former_cm wrote before handing the case over

# (author, scope) -> who reads it. "consultant?" = the employment consultant, only while the service
# user's consent share_health_with_jobcentre is active (a care manager's team/shared note).
WHO_READS = {
    ("care_manager", "private"): {"care_manager"},
    ("care_manager", "sector"): {"care_manager", "former_cm"},
    ("care_manager", "team"): {"care_manager", "consultant?"},
    ("care_manager", "shared"): {"care_manager", "consultant?", "service_user"},
    ("consultant", "private"): {"consultant"},
    ("consultant", "sector"): {"consultant", "former_ec"},
    ("consultant", "team"): {"consultant", "care_manager"},
    ("consultant", "shared"): {"consultant", "care_manager", "service_user"},
    ("former_cm", "private"): {"former_cm"},
    ("former_cm", "sector"): {"former_cm", "care_manager"},
    ("former_cm", "team"): {"former_cm", "care_manager", "consultant?"},
    ("former_cm", "shared"): {"former_cm", "care_manager", "consultant?", "service_user"},
}
READERS = (
    "care_manager", "consultant", "former_cm", "former_ec", "other_professional", "service_user",
    "other_service_user", "jobcentre_manager", "health_manager", "admin_user",
)
CONSENT_STATES = ("none", "active", "revoked", "expired")


def set_consent(case, state):
    if state == "none":
        return
    today = timezone.localdate()
    Consent.objects.create(
        case=case,
        kind="share_health_with_jobcentre",
        granted_by=case.service_user,
        granted_at=timezone.now() - timedelta(days=30),
        expires_on=today - timedelta(days=1) if state == "expired" else None,
        revoked_at=timezone.now() if state == "revoked" else None,
    )


def expected_readers(author, scope, consent_state):
    readers = set()
    for reader in WHO_READS[(author, scope)]:
        if reader.endswith("?"):
            if consent_state == "active":
                readers.add(reader[:-1])
        else:
            readers.add(reader)
    return readers


# --- read paths: (user, case, notes) -> ids of the notes the user saw --------------------


def via_api_list(user, case, notes):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/cases/{case.pk}/notes/?page_size=200")
    if response.status_code == 404:
        return set()
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    by_id = {str(n.pk): n for n in notes}
    for row in results:
        assert row["text"] == by_id[row["id"]].text
    return {row["id"] for row in results}


def via_api_detail(user, case, notes):
    api = APIClient()
    api.force_authenticate(user)
    seen = set()
    for note in notes:
        response = api.get(f"/api/notes/{note.pk}/")
        assert response.status_code in (200, 404), (note.scope, response.status_code)
        if response.status_code == 200:
            assert response.json()["text"] == note.text
            seen.add(str(note.pk))
        else:
            assert note.text not in response.content.decode()
    return seen


def via_notes_page(user, case, notes):
    client = Client()
    client.force_login(user)
    response = client.get(f"/cases/{case.pk}/notes/")
    if response.status_code == 404:
        return set()
    assert response.status_code == 200
    html = response.content.decode()
    seen = set(re.findall(r'data-note-id="([0-9a-f-]{36})"', html))
    for note in notes:
        # No text leaks outside its own rendered note either.
        assert (note.text in html) == (str(note.pk) in seen), note.scope
    return seen


def via_fhir(user, case, notes):
    """The FHIR bundle: notes travel as Communication resources, nowhere else."""
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/cases/{case.pk}/fhir/")
    if response.status_code == 404:
        return set()
    assert response.status_code == 200, response.content
    body = response.content.decode()
    seen = {
        entry["resource"]["id"]
        for entry in response.json()["entry"]
        if entry["resource"]["resourceType"] == "Communication"
    }
    for note in notes:
        assert (note.text in body) == (str(note.pk) in seen), note.scope
    return seen


def via_export_api(user, case, notes):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/cases/{case.pk}/export/")
    if response.status_code == 404:
        return set()
    assert response.status_code == 200, response.content
    body = response.content.decode()
    seen = {row["id"] for row in response.json()["notes"]}
    for note in notes:
        assert (note.text in body) == (str(note.pk) in seen), note.scope
    return seen


def via_export_page(user, case, notes):
    client = Client()
    client.force_login(user)
    response = client.get("/my-case/export/")
    if response.status_code in (403, 404):
        return set()
    assert response.status_code == 200
    html = response.content.decode()
    seen = set(re.findall(r'data-note-id="([0-9a-f-]{36})"', html))
    for note in notes:
        assert (note.text in html) == (str(note.pk) in seen), note.scope
    return seen


READ_PATHS = {
    "api_list": via_api_list,
    "api_detail": via_api_detail,
    "notes_page": via_notes_page,
    "fhir": via_fhir,
    "export_api": via_export_api,
    "export_page": via_export_page,
}
# The GDPR export is the service user's own: for every other reader it shows nothing at all.
SERVICE_USER_ONLY_PATHS = {"export_api", "export_page"}


@pytest.fixture
def notes(handed_over_case, readers):
    created = []
    for author in AUTHORS:
        user = readers[author]
        for scope in SCOPES:
            created.append(
                Note.objects.create(
                    case=handed_over_case,
                    author=user,
                    author_role=user.role,
                    author_organisation=user.organisation,
                    scope=scope,
                    text=f"secret-{author}-{scope}-text",
                )
            )
    return created


@pytest.mark.parametrize("path", list(READ_PATHS))
@pytest.mark.parametrize("consent_state", CONSENT_STATES)
@pytest.mark.parametrize("reader", READERS)
def test_who_reads_which_note(readers, handed_over_case, notes, reader, consent_state, path):
    set_consent(handed_over_case, consent_state)
    author_of = {note.pk: name for name in AUTHORS for note in notes
                 if note.author_id == readers[name].pk}
    expected = {
        str(note.pk)
        for note in notes
        if reader in expected_readers(author_of[note.pk], note.scope, consent_state)
    }
    if path in SERVICE_USER_ONLY_PATHS and readers[reader].role != "service_user":
        expected = set()
    seen = READ_PATHS[path](readers[reader], handed_over_case, notes)
    assert seen == expected, {
        "missing": sorted(n.text for n in notes if str(n.pk) in expected - seen),
        "extra": sorted(n.text for n in notes if str(n.pk) in seen - expected),
    }


def test_the_visibility_is_one_sql_query(
    readers, handed_over_case, notes, django_assert_num_queries
):
    set_consent(handed_over_case, "active")
    with django_assert_num_queries(1):
        list(Note.objects.for_user(readers["consultant"]))


def test_an_inactive_account_reads_nothing(readers, handed_over_case, notes):
    cm = readers["care_manager"]
    cm.is_active = False
    cm.save()
    assert not Note.objects.for_user(cm).exists()


def test_managers_count_notes_on_their_cases_but_read_none(readers, handed_over_case, notes):
    for name in ("jobcentre_manager", "health_manager"):
        assert Note.objects.for_counts(readers[name]).count() == len(notes)
        assert Note.objects.for_user(readers[name]).count() == 0
    assert Note.objects.for_counts(readers["admin_user"]).count() == 0
