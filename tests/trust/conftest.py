"""A case with a history: its care manager and employment consultant both took over from
colleagues (handover), so every kind of reader of DOMAIN.md's note scopes exists."""
from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.models import CaseMembership, Meeting, MeetingParticipant
from tests import factories


def hand_over(case, role, new_user):
    """End the current membership in `role` and start `new_user`'s, as the handover does."""
    now = timezone.now()
    CaseMembership.objects.filter(case=case, role=role, ended_at__isnull=True).update(
        ended_at=now
    )
    CaseMembership.objects.create(case=case, user=new_user, role=role, started_at=now)
    setattr(case, role, new_user)
    case.save(update_fields=[role])
    return case


def make_meeting(case, *, status="scheduled", kind="roundtable", days=1, organizer=None):
    starts = timezone.now() + timedelta(days=days)
    meeting = Meeting.objects.create(
        case=case,
        kind=kind,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        status=status,
        organizer=organizer or case.employment_consultant,
    )
    people = [
        ("service_user", case.service_user),
        ("employment_consultant", case.employment_consultant),
    ]
    if kind == "roundtable":
        people.append(("care_manager", case.care_manager))
    for role, user in people:
        MeetingParticipant.objects.create(
            meeting=meeting, user=user, role=role, starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
        )
    return meeting


@pytest.fixture
def former_cm(mental_health):
    return factories.CareManagerFactory(username="freja.formercm", organisation=mental_health)


@pytest.fixture
def former_ec(jobcentre):
    return factories.EmploymentConsultantFactory(username="frank.formerec", organisation=jobcentre)


@pytest.fixture
def other_professional(mental_health):
    """A care manager of the same organisation, on another case only."""
    return factories.CareManagerFactory(username="olga.othercm", organisation=mental_health)


@pytest.fixture
def other_service_user(db):
    return factories.ServiceUserFactory(username="ole.borger")


@pytest.fixture
def case(service_user, care_manager, consultant, former_cm, former_ec):
    case = factories.CaseFactory(
        service_user=service_user, care_manager=former_cm, employment_consultant=former_ec
    )
    hand_over(case, "care_manager", care_manager)
    hand_over(case, "employment_consultant", consultant)
    return case


@pytest.fixture
def other_case(other_service_user, other_professional, jobcentre):
    return factories.CaseFactory(
        service_user=other_service_user,
        care_manager=other_professional,
        employment_consultant=factories.EmploymentConsultantFactory(organisation=jobcentre),
    )


@pytest.fixture
def readers(
    care_manager, consultant, former_cm, former_ec, other_professional, service_user,
    other_service_user, jobcentre_manager, health_manager, admin_user, case, other_case,
):
    """Every kind of reader, by the name the specification tables use."""
    return {
        "cm": care_manager,
        "ec": consultant,
        "former_cm": former_cm,
        "former_ec": former_ec,
        "other_professional": other_professional,
        "service_user": service_user,
        "other_service_user": other_service_user,
        "jobcentre_manager": jobcentre_manager,
        "health_manager": health_manager,
        "admin": admin_user,
    }


@pytest.fixture
def meeting(case):
    return make_meeting(case)


@pytest.fixture
def held_meeting(case):
    return make_meeting(case, status="held", days=-1)
