"""A case as a FHIR R4 Bundle (type "collection"), for health records and municipal systems.

API.md, Overview and exports: Patient, CareTeam, CarePlan, Goal, Appointment and Consent;
Practitioner, PractitionerRole and Organization for the professionals; and the notes the
caller may read as Communication. Resource ids are the model UUIDs (a PractitionerRole, which
has no row of its own, gets a name-based UUID from its practitioner), so a second export of
the same case names the same resources. Every reference points at an entry of the bundle.

Visibility is the caller's: the case comes from `Case.objects.for_user`, the notes from
`Note.objects.for_user` (DOMAIN.md, Note scopes) - never a note the caller may not read.
"""
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from coordination.models import Case, CaseMembership, GoalStatus, MeetingStatus, Plan
from coordination.services.meeting_voice import latest_minutes_response, minutes_response_data
from trust.models import Consent, ConsentKind, Note

ROLE_NAMESPACE = uuid.UUID("5b8f0f52-3f0e-4a63-9b0a-8f1d2c6e7a10")
IBBIS_SYSTEM = "https://ibbis.example/fhir/CodeSystem"
IBBIS_STRUCTURE = "https://ibbis.example/fhir/StructureDefinition"

GOAL_LIFECYCLE = {
    GoalStatus.OPEN: "active",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.DROPPED: "cancelled",
}
APPOINTMENT_STATUS = {
    MeetingStatus.SCHEDULED: "booked",
    MeetingStatus.HELD: "fulfilled",
    MeetingStatus.CANCELLED: "cancelled",
}
PARTICIPATION = {"attended": "accepted", "absent": "declined"}


def _instant(value):
    """A dateTime with its offset, in Copenhagen time, to the second."""
    if value is None:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    return value.astimezone(zone).replace(microsecond=0).isoformat()


def _ref(resource_type, pk):
    return {"reference": f"urn:uuid:{pk}", "type": resource_type}


def _text(text, code=None, system=IBBIS_SYSTEM):
    concept = {"text": str(text)}
    if code:
        concept["coding"] = [{"system": system, "code": code, "display": str(text)}]
    return concept


def _human_name(user):
    name = {"use": "official", "text": user.display_name}
    if user.last_name:
        name["family"] = user.last_name
    if user.first_name:
        name["given"] = [user.first_name]
    return name


def practitioner_role_id(user) -> uuid.UUID:
    return uuid.uuid5(ROLE_NAMESPACE, str(user.pk))


class _BundleBuilder:
    def __init__(self, case: Case):
        self.case = case
        self.entries: dict[str, dict] = {}
        self.patient_ref = _ref("Patient", case.service_user_id)

    def add(self, resource: dict):
        key = f"{resource['resourceType']}/{resource['id']}"
        self.entries.setdefault(key, resource)

    def person_ref(self, user):
        """The reference to a person in the bundle, adding them (and their organisation and
        role) if this is the first mention."""
        if user.pk == self.case.service_user_id:
            return self.patient_ref
        self.add_practitioner(user)
        return _ref("Practitioner", user.pk)

    def add_practitioner(self, user):
        if f"Practitioner/{user.pk}" in self.entries:
            return
        self.add(
            {
                "resourceType": "Practitioner",
                "id": str(user.pk),
                "active": user.is_active,
                "name": [_human_name(user)],
                **(
                    {"telecom": [{"system": "email", "value": user.email}]}
                    if user.email
                    else {}
                ),
            }
        )
        role = {
            "resourceType": "PractitionerRole",
            "id": str(practitioner_role_id(user)),
            "active": user.is_active,
            "practitioner": _ref("Practitioner", user.pk),
            "code": [_text(user.get_role_display(), user.role)],
        }
        if user.organisation_id:
            organisation = user.organisation
            self.add(
                {
                    "resourceType": "Organization",
                    "id": str(organisation.pk),
                    "active": True,
                    "name": organisation.name,
                    "type": [_text(organisation.get_kind_display(), organisation.kind)],
                }
            )
            role["organization"] = _ref("Organization", organisation.pk)
        self.add(role)

    def bundle(self) -> dict:
        return {
            "resourceType": "Bundle",
            "id": str(uuid.uuid4()),
            "type": "collection",
            "timestamp": _instant(timezone.now()),
            "entry": [
                {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
                for resource in self.entries.values()
            ],
        }


def _patient(user) -> dict:
    patient = {
        "resourceType": "Patient",
        "id": str(user.pk),
        "active": user.is_active,
        "name": [_human_name(user)],
    }
    if user.email:
        patient["telecom"] = [{"system": "email", "value": user.email}]
    return patient


def _care_team(builder, case, memberships) -> dict:
    participants = [
        {
            "role": [_text("Service user", "service_user")],
            "member": builder.patient_ref,
        }
    ]
    for membership in memberships:
        participant = {
            "role": [_text(membership.get_role_display(), membership.role)],
            "member": builder.person_ref(membership.user),
            "period": {"start": _instant(membership.started_at)},
        }
        if membership.ended_at:
            participant["period"]["end"] = _instant(membership.ended_at)
        if membership.user.organisation_id:
            participant["onBehalfOf"] = _ref("Organization", membership.user.organisation_id)
        participants.append(participant)
    return {
        "resourceType": "CareTeam",
        "id": str(case.pk),
        "status": "inactive" if case.closed_on else "active",
        "name": "IBBIS",
        "subject": builder.patient_ref,
        "period": {"start": _instant(case.created_at)},
        "participant": participants,
    }


def _appointment(builder, meeting) -> dict:
    participants = [
        {
            "actor": builder.person_ref(participant.user),
            "required": "required",
            "status": PARTICIPATION.get(participant.attendance, "needs-action"),
        }
        for participant in meeting.participants.all()
    ]
    appointment = {
        "resourceType": "Appointment",
        "id": str(meeting.pk),
        "status": APPOINTMENT_STATUS[meeting.status],
        "appointmentType": _text(meeting.get_kind_display(), meeting.kind),
        "start": _instant(meeting.starts_at),
        "end": _instant(meeting.ends_at),
        "created": _instant(meeting.created_at),
        "participant": participants
        or [{"actor": builder.patient_ref, "required": "required", "status": "needs-action"}],
    }
    response = minutes_response_data(latest_minutes_response(meeting))
    if response:
        # Issue 18: the service user's response to the minutes, beside the meeting.
        appointment["extension"] = [_minutes_response_extension(response)]
    if meeting.agenda:
        appointment["description"] = meeting.agenda
    if meeting.location:
        appointment["comment"] = meeting.location
    return appointment


def _minutes_response_extension(response: dict) -> dict:
    return {
        "url": f"{IBBIS_STRUCTURE}/minutes-response",
        "extension": [
            {"url": "response", "valueCode": response["response"]},
            *([{"url": "text", "valueString": response["text"]}] if response["text"] else []),
            {"url": "minutesVersion", "valuePositiveInt": response["minutes_version"]},
            {"url": "current", "valueBoolean": response["current"]},
            {"url": "given", "valueDateTime": response["created_at"]},
        ],
    }


def _goal(builder, goal) -> dict:
    resource = {
        "resourceType": "Goal",
        "id": str(goal.pk),
        "lifecycleStatus": GOAL_LIFECYCLE[goal.status],
        "category": [_text(goal.get_kind_display(), goal.kind)],
        "description": {"text": goal.description},
        "subject": builder.patient_ref,
        "startDate": timezone.localdate(goal.created_at).isoformat(),
    }
    if goal.status == GoalStatus.ACHIEVED:
        resource["achievementStatus"] = _text(
            "Achieved", "achieved", "http://terminology.hl7.org/CodeSystem/goal-achievement"
        )
    if goal.target_date:
        resource["target"] = [{"dueDate": goal.target_date.isoformat()}]
    if goal.owner_id:
        resource["expressedBy"] = builder.person_ref(goal.owner)
    if goal.service_user_words:
        # The service user's own words, attributed to them (DOMAIN.md, "two against one").
        resource["note"] = [
            {"authorReference": builder.patient_ref, "text": goal.service_user_words}
        ]
    return resource


def _care_plan(builder, case, plan, goals, meetings) -> dict:
    return {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "status": "completed" if case.closed_on else "active",
        "intent": "plan",
        "title": "IBBIS",
        "subject": builder.patient_ref,
        "period": {"start": _instant(case.created_at)},
        "created": _instant(case.created_at),
        "careTeam": [_ref("CareTeam", case.pk)],
        "goal": [_ref("Goal", goal.pk) for goal in goals],
        "activity": [{"reference": _ref("Appointment", meeting.pk)} for meeting in meetings],
        "identifier": [{"system": f"{IBBIS_SYSTEM}/plan-version", "value": str(plan.version)}],
        # The case's benefit status (API.md: active, extended, job_clarification,
        # reduced_benefit from a 2027 reassessment, closed), as a coded extension.
        "extension": [{
            "url": "https://ibbis.example/fhir/StructureDefinition/benefit-status",
            "valueCode": case.status,
        }],
    }


def _consent(builder, consent) -> dict:
    period = {"start": _instant(consent.granted_at)}
    if consent.revoked_at:
        period["end"] = _instant(consent.revoked_at)
    elif consent.expires_on:
        period["end"] = consent.expires_on.isoformat()
    return {
        "resourceType": "Consent",
        "id": str(consent.pk),
        "status": "active" if consent.is_active() else "inactive",
        "scope": _text(
            "Privacy Consent", "patient-privacy",
            "http://terminology.hl7.org/CodeSystem/consentscope",
        ),
        "category": [_text(consent.get_kind_display(), consent.kind)],
        "patient": builder.patient_ref,
        "dateTime": _instant(consent.granted_at),
        "policyRule": _text("Opt-in", "OPTIN", "http://terminology.hl7.org/CodeSystem/v3-ActCode"),
        "provision": {"type": "permit", "period": period},
    }


def _communication(builder, note) -> dict:
    resource = {
        "resourceType": "Communication",
        "id": str(note.pk),
        "status": "completed",
        "category": [_text(note.get_scope_display(), note.scope)],
        "subject": builder.patient_ref,
        "sent": _instant(note.created_at),
        "sender": builder.person_ref(note.author),
        "payload": [{"contentString": note.text}],
    }
    if note.meeting_id:
        resource["about"] = [_ref("Appointment", note.meeting_id)]
    return resource


def case_fhir_bundle(*, case: Case, reader) -> dict:
    """The case as `reader` may see it, as a FHIR R4 Bundle of type collection."""
    case = (
        Case.objects.select_related("service_user")
        .get(pk=case.pk)
    )
    builder = _BundleBuilder(case)
    builder.add(_patient(case.service_user))

    memberships = list(
        CaseMembership.objects.filter(case=case)
        .select_related("user__organisation")
        .order_by("started_at", "role")
    )
    meetings = list(
        case.meetings.prefetch_related("participants__user__organisation", "minutes_responses")
        .order_by("starts_at")
    )
    plan = Plan.objects.filter(case=case).first()
    goals = list(plan.goals.select_related("owner__organisation")) if plan else []
    consents = list(
        Consent.objects.filter(case=case, kind=ConsentKind.SHARE_HEALTH_WITH_JOBCENTRE)
        .order_by("granted_at")
    )
    notes = list(
        Note.objects.for_user(reader)
        .filter(case=case)
        .select_related("author__organisation")
        .order_by("created_at")
    )

    builder.add(_care_team(builder, case, memberships))
    appointments = [_appointment(builder, meeting) for meeting in meetings]
    goal_resources = [_goal(builder, goal) for goal in goals]
    if plan is not None:
        builder.add(_care_plan(builder, case, plan, goals, meetings))
    for resource in (*goal_resources, *appointments):
        builder.add(resource)
    for consent in consents:
        builder.add(_consent(builder, consent))
    for note in notes:
        builder.add(_communication(builder, note))
    return builder.bundle()
