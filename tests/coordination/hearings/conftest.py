"""Fixtures for the hearing before a decision (issue 18; forvaltningsloven § 19): the case of
tests/coordination/conftest.py, a hearing sent on it, and everyone the permission tables
walk through."""
from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.services.hearings import hearing_send
from ibbis.accounts.models import OrganisationKind
from tests import factories

# Every role the tables walk, relative to `case`.
ROLES = [
    "service_user", "care_manager", "consultant", "jobcentre_manager", "admin_user",
    "foreign_professional", "other_professional", "other_service_user", "anonymous",
]


@pytest.fixture
def foreign_professional(db):
    """A consultant of another jobcentre, on no case of ours."""
    other = factories.OrganisationFactory(name="Jobcenter Fjern", kind=OrganisationKind.JOBCENTRE)
    return factories.EmploymentConsultantFactory(username="fie.fjern", organisation=other)


@pytest.fixture
def hearing(case, consultant):
    return hearing_send(
        actor=consultant, case=case, proposed_ground="none",
        basis="Lægeerklæringen af 3. november: du kan arbejde 20 timer om ugen.",
        answer_by=timezone.localdate() + timedelta(days=14),
    )


@pytest.fixture
def client_as(api, request):
    """The API client signed in as the named fixture's account (anonymous: none)."""

    def get(role):
        if role == "anonymous":
            return api
        return api.as_user(request.getfixturevalue(role))

    return get
