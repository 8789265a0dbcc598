from datetime import timedelta

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from ibbis.accounts.models import OrganisationKind, Role
from tests import factories


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def jobcentre(db):
    return factories.OrganisationFactory(name="Jobcenter Test", kind=OrganisationKind.JOBCENTRE)


@pytest.fixture
def mental_health(db):
    return factories.OrganisationFactory(
        name="Psykiatrien Test", kind=OrganisationKind.MENTAL_HEALTH
    )


@pytest.fixture
def care_manager(mental_health):
    return factories.CareManagerFactory(username="carla.cm", organisation=mental_health)


@pytest.fixture
def consultant(jobcentre):
    return factories.EmploymentConsultantFactory(username="erik.ec", organisation=jobcentre)


@pytest.fixture
def jobcentre_manager(jobcentre):
    return factories.ManagerFactory(username="jens.manager", organisation=jobcentre)


@pytest.fixture
def health_manager(mental_health):
    return factories.ManagerFactory(username="hanne.manager", organisation=mental_health)


@pytest.fixture
def service_user(db):
    return factories.ServiceUserFactory(username="sara.borger")


@pytest.fixture
def second_admin(db):
    """Another administrator: four eyes on admins' changes to accounts need two."""
    return factories.AdminFactory(username="bo.admin")


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(username="ada.admin")


@pytest.fixture
def former_cm(mental_health):
    """A care manager who handed a case over (DOMAIN.md: sector notes reach former members)."""
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
def companion(db):
    return factories.CompanionFactory(username="karen.companion")


@pytest.fixture
def user_of_role(care_manager, consultant, jobcentre_manager, service_user, admin_user,
                 companion):
    """One account per role, for tests that walk every role."""
    return {
        Role.COMPANION: companion,
        Role.CARE_MANAGER: care_manager,
        Role.EMPLOYMENT_CONSULTANT: consultant,
        Role.MANAGER: jobcentre_manager,
        Role.SERVICE_USER: service_user,
        Role.ADMIN: admin_user,
    }


@pytest.fixture
def api():
    """An API client; `api.as_user(user)` authenticates it with that user's token."""
    client = APIClient()

    def as_user(user):
        # Many tests travel weeks in time; token expiry itself is tested through the token
        # endpoint (tests/ibbis/test_tokens.py), so these tokens last longer than any trip.
        _instance, token = AuthToken.objects.create(user=user, expiry=timedelta(days=3650))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    client.as_user = as_user
    return client
