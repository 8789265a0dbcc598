"""Issue 17: "a FHIR download button where the API offers one". The case page links to
GET /api/cases/{id}/fhir/ (by its URL name) for exactly the readers the API answers, and the
link, followed with the page's own session, downloads the Bundle."""
import pytest
from django.test import Client
from django.urls import reverse

from coordination.models import AbsencePeriod
from ibbis.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_with_absence(care_manager, consultant, service_user):
    from tests.factories import CaseFactory

    case = CaseFactory(care_manager=care_manager, employment_consultant=consultant,
                       service_user=service_user)
    AbsencePeriod.objects.create(case=case, start=case.first_absence_day, kind="full")
    return case


def signed_in(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.mark.parametrize("who,button", [
    ("care_manager", True), ("consultant", True), ("service_user", True),
    ("jobcentre_manager", False), ("health_manager", False),
])
def test_the_button_shows_exactly_where_the_api_answers(request, case_with_absence, who, button):
    user = request.getfixturevalue(who)
    client = signed_in(user)
    html = client.get(f"/cases/{case_with_absence.pk}/").content.decode()
    assert ('data-testid="fhir-download"' in html) is button
    api = client.get(reverse("api:case-fhir", kwargs={"case_id": case_with_absence.pk}))
    assert api.status_code == (200 if button else 404)


def test_the_button_downloads_the_bundle_and_the_read_is_logged(case_with_absence, consultant):
    client = signed_in(consultant)
    html = client.get(f"/cases/{case_with_absence.pk}/").content.decode()
    href = reverse("api:case-fhir", kwargs={"case_id": case_with_absence.pk}) + "?format=fhir"
    assert f'href="{href}"' in html and f'download="case-{case_with_absence.pk}.fhir.json"' in html
    response = client.get(href, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = response.json()
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert (
        AccessLogEntry.objects.filter(case=case_with_absence, action="fhir.exported").count() == 1
    )


def test_the_button_speaks_both_languages(case_with_absence, consultant):
    assert "Download the case as FHIR" in signed_in(consultant, "en").get(
        f"/cases/{case_with_absence.pk}/").content.decode()
    danish = signed_in(consultant, "da").get(f"/cases/{case_with_absence.pk}/").content.decode()
    assert "Download forløbet som FHIR" in danish and "adgangsloggen" in danish


def test_the_service_user_is_not_told_their_own_download_is_logged(case_with_absence, service_user):
    html = signed_in(service_user).get(f"/cases/{case_with_absence.pk}/").content.decode()
    assert "Download the case as FHIR" in html
    assert "written to the access log" not in html
