"""GET /api/cases/{id}/fhir/ (API.md, Overview and exports): a FHIR R4 Bundle, validated with
fhir.resources' R4B models, every reference resolving inside the bundle, and never a note the
caller may not read (DOMAIN.md, Note scopes)."""
import uuid

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from rest_framework.test import APIClient

from ibbis.audit.models import AccessLogEntry
from trust.models import Note

pytestmark = pytest.mark.django_db


def fhir_of(api, user, case):
    return api.as_user(user).get(f"/api/cases/{case.pk}/fhir/")


def references(value):
    """Every Reference.reference string anywhere in a resource."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def by_type(bundle, resource_type):
    return [e["resource"] for e in bundle["entry"]
            if e["resource"]["resourceType"] == resource_type]


@pytest.mark.parametrize(
    "who, status",
    [
        ("care_manager", 200), ("consultant", 200), ("former_cm", 200), ("service_user", 200),
        ("other_professional", 404), ("other_service_user", 404),
        ("jobcentre_manager", 404), ("health_manager", 404), ("admin_user", 404),
    ],
)
def test_who_gets_the_bundle(api, people, full_case, who, status):
    response = fhir_of(api, people[who], full_case)
    assert response.status_code == status
    if status == 404:
        assert "secret" not in response.content.decode()
        assert response.json()["code"] == "not_found"


def test_anonymous_gets_401(full_case):
    assert APIClient().get(f"/api/cases/{full_case.pk}/fhir/").status_code == 401


def test_malformed_and_unknown_ids_are_404(api, care_manager):
    api.as_user(care_manager)
    assert api.get(f"/api/cases/{uuid.uuid4()}/fhir/").status_code == 404
    assert api.get("/api/cases/not-a-uuid/fhir/").status_code == 404


def test_bundle_validates_as_fhir_r4_and_every_reference_resolves(api, care_manager, full_case):
    bundle = fhir_of(api, care_manager, full_case).json()

    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
    assert bundle["type"] == "collection"

    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls)), "one entry per resource"
    dangling = {ref for ref in references(bundle["entry"]) if ref not in set(full_urls)}
    assert dangling == set()
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Practitioner", "PractitionerRole", "Organization", "CareTeam",
            "CarePlan", "Goal", "Appointment", "Consent", "Communication"} <= kinds


def test_resources_carry_the_case_and_stable_ids(
    api, care_manager, former_cm, service_user, full_case, plan, meetings, consent
):
    first = fhir_of(api, care_manager, full_case).json()
    second = fhir_of(api, care_manager, full_case).json()
    ids = lambda b: sorted(f"{e['resource']['resourceType']}/{e['resource']['id']}"  # noqa: E731
                           for e in b["entry"])
    assert ids(first) == ids(second)

    (patient,) = by_type(first, "Patient")
    assert patient["id"] == str(service_user.pk)

    (team,) = by_type(first, "CareTeam")
    members = {p["member"]["reference"]: p for p in team["participant"]}
    assert members[f"urn:uuid:{former_cm.pk}"]["period"]["end"]
    assert "end" not in members[f"urn:uuid:{care_manager.pk}"]["period"]
    assert members[f"urn:uuid:{care_manager.pk}"]["onBehalfOf"]["reference"] == (
        f"urn:uuid:{care_manager.organisation_id}"
    )

    (care_plan,) = by_type(first, "CarePlan")
    assert care_plan["id"] == str(plan.pk)
    assert {g["reference"] for g in care_plan["goal"]} == {
        f"urn:uuid:{g.pk}" for g in plan.goals.all()
    }
    assert {a["reference"]["reference"] for a in care_plan["activity"]} == {
        f"urn:uuid:{m.pk}" for m in meetings.values()
    }

    goals = {g["description"]["text"]: g for g in by_type(first, "Goal")}
    assert goals["Samtaleterapi"]["lifecycleStatus"] == "active"
    assert goals["Samtaleterapi"]["target"] == [{"dueDate": "2027-01-31"}]
    assert goals["Samtaleterapi"]["note"][0]["text"] == "Jeg vil sove bedre"
    assert goals["Samtaleterapi"]["note"][0]["authorReference"]["reference"] == (
        f"urn:uuid:{service_user.pk}"
    )
    assert goals["Delvis raskmelding"]["lifecycleStatus"] == "completed"
    assert goals["Gå ture"]["lifecycleStatus"] == "cancelled"

    appointments = {a["id"]: a for a in by_type(first, "Appointment")}
    assert appointments[str(meetings["scheduled"].pk)]["status"] == "booked"
    assert appointments[str(meetings["held"].pk)]["status"] == "fulfilled"
    assert appointments[str(meetings["cancelled"].pk)]["status"] == "cancelled"
    start = appointments[str(meetings["scheduled"].pk)]["start"]
    assert start[-6:] in ("+01:00", "+02:00")

    (fhir_consent,) = by_type(first, "Consent")
    assert fhir_consent["id"] == str(consent.pk)
    assert fhir_consent["status"] == "active"
    assert "end" not in fhir_consent["provision"]["period"]


def test_a_revoked_consent_is_inactive_with_its_end(api, care_manager, full_case, consent):
    from django.utils import timezone

    consent.revoked_at = timezone.now()
    consent.save()
    (fhir_consent,) = by_type(fhir_of(api, care_manager, full_case).json(), "Consent")
    assert fhir_consent["status"] == "inactive"
    assert fhir_consent["provision"]["period"]["end"]


@pytest.mark.parametrize("who", ["care_manager", "consultant", "former_cm", "service_user"])
def test_only_notes_the_caller_may_read(api, people, full_case, notes, who):
    reader = people[who]
    response = fhir_of(api, reader, full_case)
    body = response.content.decode()
    visible = Note.objects.for_user(reader).filter(case=full_case)
    may_read = set(visible.values_list("pk", flat=True))
    assert may_read, "every reader here reads some note"
    communications = {c["id"] for c in by_type(response.json(), "Communication")}
    assert communications == {str(pk) for pk in may_read}
    for note in notes.values():
        assert (note.text in body) == (note.pk in may_read), (who, note.scope)


def test_a_professional_read_is_logged_the_service_users_is_not(
    api, care_manager, service_user, full_case
):
    fhir_of(api, care_manager, full_case)
    fhir_of(api, service_user, full_case)
    entries = AccessLogEntry.objects.filter(case=full_case, action="fhir.exported")
    assert [(e.who_id, e.object_type) for e in entries] == [(care_manager.pk, "case")]


def test_refused_reads_are_not_logged(api, people, full_case):
    for who in ("jobcentre_manager", "admin_user", "other_professional"):
        fhir_of(api, people[who], full_case)
    assert not AccessLogEntry.objects.filter(action="fhir.exported").exists()


def test_a_case_without_plan_or_meetings_is_still_valid(api, care_manager, exported_case):
    bundle = fhir_of(api, care_manager, exported_case).json()
    Bundle.model_validate(bundle)
    assert not by_type(bundle, "CarePlan")
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    assert set(references(bundle["entry"])) <= full_urls


def test_the_care_plan_carries_the_reduced_benefit_status_and_stays_valid(
    api, people, full_case
):
    # Issue 14: a `none` decision at a reassessment from 2027-01-01 gives reduced_benefit;
    # FHIR follows the case's status (a coded extension on the CarePlan).
    type(full_case).objects.filter(pk=full_case.pk).update(status="reduced_benefit")
    bundle = fhir_of(api, people["service_user"], full_case).json()
    Bundle.model_validate(bundle)
    (care_plan,) = by_type(bundle, "CarePlan")
    get_fhir_model_class("CarePlan").model_validate(care_plan)
    assert care_plan["extension"] == [{
        "url": "https://ibbis.example/fhir/StructureDefinition/benefit-status",
        "valueCode": "reduced_benefit",
    }]
