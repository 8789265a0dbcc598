"""Issue 18: the companions (bisiddere) a service user invited are in their GDPR export (art.
15: the name, relation and e-mail they gave, the meeting, how long the access lasted, when it
ended), on the API and on the printable page; and never in the FHIR bundle, which is the care
team's exchange of the case, not a record of who the citizen brings (docs/decisions.md)."""
import pytest
from django.test import Client

from coordination.services.companions import (
    companion_access_until,
    companion_invite,
    companion_revoke,
)

pytestmark = pytest.mark.django_db

ORIGIN = "https://ibbis.example"


@pytest.fixture
def companions(full_case, meetings, service_user):
    meeting = meetings["scheduled"]
    kept = companion_invite(meeting=meeting, actor=service_user, name="Karen Hansen",
                            relation="Min søster", email="karen@example.test", origin=ORIGIN)
    ended = companion_invite(meeting=meeting, actor=service_user, name="Ole Berg",
                             relation="Ven", email="ole@example.test", origin=ORIGIN)
    companion_revoke(grant=ended, actor=service_user)
    ended.refresh_from_db()
    return {"kept": kept, "ended": ended}


def test_the_export_lists_the_companions_they_invited(api, service_user, full_case, meetings,
                                                      companions):
    data = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/").json()
    kept, ended = companions["kept"], companions["ended"]
    meeting = meetings["scheduled"]
    assert [c["id"] for c in data["companions"]] == [str(kept.pk), str(ended.pk)]
    first, second = data["companions"]
    assert first["name"] == "Karen Hansen"
    assert first["relation"] == "Min søster"
    assert first["email"] == "karen@example.test"
    assert first["meeting"] == str(meeting.pk)
    assert first["meeting_starts_at"] is not None
    assert first["access_until"].startswith(
        companion_access_until(meeting).date().isoformat())
    assert first["revoked_at"] is None
    assert first["created_at"] is not None
    assert second["name"] == "Ole Berg" and second["revoked_at"] is not None
    # The companion's own account (made-up username, password) is theirs, not the case's.
    body = api.get(f"/api/cases/{full_case.pk}/export/").content.decode()
    assert kept.user.username not in body
    assert "password" not in body


def test_the_export_without_companions_has_an_empty_list(api, service_user, full_case):
    data = api.as_user(service_user).get(f"/api/cases/{full_case.pk}/export/").json()
    assert data["companions"] == []


def test_the_printable_page_lists_the_companions(service_user, full_case, companions):
    client = Client()
    client.force_login(service_user)
    html = client.get("/my-case/export/").content.decode()
    assert 'data-testid="export-companions"' in html
    for text in ("Karen Hansen", "Min søster", "karen@example.test", "Ole Berg"):
        assert text in html
    download = client.get("/my-case/export/?format=json").json()
    assert [c["name"] for c in download["companions"]] == ["Karen Hansen", "Ole Berg"]


@pytest.mark.parametrize("who", ["care_manager", "consultant", "service_user"])
def test_no_companion_is_in_the_fhir_bundle(api, people, full_case, companions, who):
    body = api.as_user(people[who]).get(f"/api/cases/{full_case.pk}/fhir/").content.decode()
    for grant in companions.values():
        for text in (grant.name, grant.relation, grant.user.email, grant.user.username,
                     str(grant.pk), str(grant.user.pk)):
            assert text not in body, (who, text)
