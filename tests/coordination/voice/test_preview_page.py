"""The service user's preview page before a meeting (issue 18): the same lists as the API,
in plain words, with the reason the jobcentre does or does not see the health notes."""
import pytest
from django.test import Client
from django.utils import translation

from trust.models import ConsentKind
from trust.services import consent_grant, consent_revoke, note_create

pytestmark = pytest.mark.django_db


def _page(user, meeting, language="en"):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(f"/meetings/{meeting.pk}/preview/", HTTP_ACCEPT_LANGUAGE=language)


def test_without_consent_the_page_says_why_the_jobcentre_sees_no_health_notes(
    service_user, booked_meeting
):
    response = _page(service_user, booked_meeting)
    assert response.status_code == 200
    body = response.content.decode()
    assert ("The jobcentre will not see your health notes, because you have not given "
            "consent.") in body
    assert 'href="/my-case/consent/"' in body


def test_consent_given_then_revoked_changes_the_words(
    service_user, care_manager, case_opened_in_june, booked_meeting
):
    consent = consent_grant(actor=service_user, case=case_opened_in_june,
                            kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE)
    note_create(actor=care_manager, case=case_opened_in_june, text="Sleeps badly", scope="team")
    body = _page(service_user, booked_meeting).content.decode()
    assert "because you have given consent" in body
    consent_revoke(actor=service_user, consent=consent)
    body = _page(service_user, booked_meeting).content.decode()
    assert "because you have revoked your consent" in body
    assert "1 note by your care manager is kept from your employment consultant." in body
    # The team note is not the service user's to read: only that it exists.
    assert "Sleeps badly" not in body
    assert "A note you cannot read" in body


def test_the_page_is_in_danish(service_user, booked_meeting):
    body = _page(service_user, booked_meeting, "da").content.decode()
    with translation.override("da"):
        expected = translation.gettext(
            "The jobcentre will not see your health notes, because you have not given consent.")
    assert expected != "The jobcentre will not see your health notes, because you have not " \
        "given consent."
    assert expected in body


@pytest.mark.parametrize(("role", "status"), [
    ("care_manager", 403), ("consultant", 403), ("jobcentre_manager", 403),
    ("health_manager", 403), ("admin_user", 404), ("other_professional", 404),
    ("other_service_user", 404), ("service_user", 200),
])
def test_only_the_service_user_opens_the_page(request, booked_meeting, role, status):
    assert _page(request.getfixturevalue(role), booked_meeting).status_code == status


def test_the_meeting_page_links_to_the_preview(service_user, booked_meeting):
    client = Client()
    client.force_login(service_user)
    body = client.get(f"/meetings/{booked_meeting.pk}/").content.decode()
    assert f'href="/meetings/{booked_meeting.pk}/preview/"' in body
