"""Trust tests start from `handed_over_case` (tests/fixtures/cases.py): its care manager and
employment consultant both took over from colleagues, so every kind of reader of DOMAIN.md's
note scopes exists."""

import pytest

from tests.factories import make_meeting


@pytest.fixture
def readers(
    care_manager, consultant, former_cm, former_ec, other_professional, service_user,
    other_service_user, jobcentre_manager, health_manager, admin_user, handed_over_case,
    other_case,
):
    """Every kind of reader, by its fixture's name (tests/fixtures/__init__.py)."""
    return {
        "care_manager": care_manager,
        "consultant": consultant,
        "former_cm": former_cm,
        "former_ec": former_ec,
        "other_professional": other_professional,
        "service_user": service_user,
        "other_service_user": other_service_user,
        "jobcentre_manager": jobcentre_manager,
        "health_manager": health_manager,
        "admin_user": admin_user,
    }


@pytest.fixture
def meeting(handed_over_case):
    return make_meeting(handed_over_case)


@pytest.fixture
def held_meeting(handed_over_case):
    return make_meeting(handed_over_case, status="held", days=-1)
