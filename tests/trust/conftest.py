"""A case with a history: its care manager and employment consultant both took over from
colleagues (handover), so every kind of reader of DOMAIN.md's note scopes exists."""

import pytest

from tests import factories
from tests.factories import hand_over, make_meeting


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
