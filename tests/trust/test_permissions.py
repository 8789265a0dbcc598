"""Every role x every trust endpoint: the status each gets (STYLE.md: a table, like pretix).

404 for what the caller may not see; 403 for a visible object the caller may not change;
401 for anonymous callers."""
import pytest
from rest_framework.test import APIClient

from tests.factories import make_meeting
from trust.models import Consent, MeetingChecklistItem, Note
from trust.services import checklist_copy_for_meeting

pytestmark = pytest.mark.django_db

ROLES = (
    "care_manager", "consultant", "former_cm", "other_professional", "service_user",
    "other_service_user", "jobcentre_manager", "health_manager", "admin_user", "anonymous",
)


def _row(cm, ec, former_cm, other_professional, service_user, other_service_user,
         jobcentre_manager, health_manager, admin, anonymous=401):
    return dict(zip(ROLES, (cm, ec, former_cm, other_professional, service_user,
                            other_service_user, jobcentre_manager, health_manager, admin,
                            anonymous), strict=True))


# endpoint -> expected status per role
EXPECTED = {
    "write_note": _row(201, 201, 403, 404, 403, 404, 403, 403, 404),
    "list_notes": _row(200, 200, 200, 404, 200, 404, 200, 200, 404),
    "read_team_note": _row(200, 200, 404, 404, 404, 404, 404, 404, 404),
    "grant_consent": _row(403, 403, 403, 404, 201, 404, 403, 403, 404),
    "list_consents": _row(200, 200, 200, 404, 200, 404, 200, 200, 404),
    "revoke_consent": _row(403, 403, 403, 404, 200, 404, 403, 403, 404),
    "read_access_log": _row(200, 200, 200, 404, 200, 404, 404, 404, 404),
    "read_checklist": _row(200, 200, 200, 404, 200, 404, 200, 200, 404),
    "tick_checklist": _row(200, 200, 403, 404, 403, 404, 403, 403, 404),
    "give_feedback": _row(403, 403, 403, 404, 201, 404, 403, 403, 404),
    "dashboard": _row(403, 403, 403, 403, 403, 403, 200, 200, 403),
    "list_templates": _row(403, 403, 403, 403, 403, 403, 200, 200, 403),
    "publish_template": _row(403, 403, 403, 403, 403, 403, 201, 201, 403),
}

TEMPLATE = {"items": [{"phase": "before", "text_da": "Forbered", "text_en": "Prepare"}]}


@pytest.fixture
def world(handed_over_case, readers):
    ec_team_note = Note.objects.create(
        case=handed_over_case, author=readers["consultant"], author_role="employment_consultant",
        author_organisation=readers["consultant"].organisation, scope="team", text="ec team",
    )
    consent = Consent.objects.create(
        case=handed_over_case,
        kind="share_health_with_jobcentre",
        granted_by=handed_over_case.service_user,
    )
    meeting = make_meeting(handed_over_case, status="held", days=-1)
    item = checklist_copy_for_meeting(meeting=meeting).items.first()
    return {"case": handed_over_case, "note": ec_team_note, "consent": consent, "meeting": meeting,
            "item": item}


def call(client, endpoint, w):
    case, meeting = w["case"].pk, w["meeting"].pk
    requests = {
        "write_note": ("post", f"/api/cases/{case}/notes/", {"text": "x", "scope": "sector"}),
        "list_notes": ("get", f"/api/cases/{case}/notes/", None),
        "read_team_note": ("get", f"/api/notes/{w['note'].pk}/", None),
        "grant_consent": (
            "post", f"/api/cases/{case}/consents/", {"kind": "share_health_with_jobcentre"},
        ),
        "list_consents": ("get", f"/api/cases/{case}/consents/", None),
        "revoke_consent": ("post", f"/api/consents/{w['consent'].pk}/revoke/", None),
        "read_access_log": ("get", f"/api/cases/{case}/access-log/", None),
        "read_checklist": ("get", f"/api/meetings/{meeting}/checklist/", None),
        "tick_checklist": (
            "patch", f"/api/meetings/{meeting}/checklist/{w['item'].pk}/", {"done": True},
        ),
        "give_feedback": (
            "post", f"/api/meetings/{meeting}/feedback/",
            {"felt_safe": 4, "felt_heard": 5, "understood_next_steps": 3},
        ),
        "dashboard": ("get", "/api/dashboard/", None),
        "list_templates": ("get", "/api/checklist-templates/", None),
        "publish_template": ("post", "/api/checklist-templates/", TEMPLATE),
    }
    method, url, body = requests[endpoint]
    return getattr(client, method)(url, body, format="json") if body else getattr(
        client, method
    )(url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(EXPECTED))
def test_each_role_gets_the_specified_status(world, readers, endpoint, role):
    if endpoint == "grant_consent":
        world["consent"].delete()  # granting is refused while a consent is active
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(readers[role])
    response = call(client, endpoint, world)
    assert response.status_code == EXPECTED[endpoint][role], response.content
    if response.status_code in (403, 404, 401):
        assert "code" in response.json()


def test_a_refused_tick_changes_nothing(world, readers):
    client = APIClient()
    client.force_authenticate(readers["service_user"])
    call(client, "tick_checklist", world)
    assert not MeetingChecklistItem.objects.get(pk=world["item"].pk).done
