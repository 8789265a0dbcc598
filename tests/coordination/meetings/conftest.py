"""Fixtures for meetings and the shared plan: one case with its team, and every kind of
outsider the permission tables walk through."""
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests import factories

# Every role the permission tables walk: who they are relative to `case`.
ROLES = [
    "care_manager",
    "consultant",
    "other_professional",
    "service_user",
    "other_service_user",
    "jobcentre_manager",
    "health_manager",
    "admin_user",
    "anonymous",
]


@pytest.fixture
def case(service_user, care_manager, consultant):
    return factories.CaseFactory(
        service_user=service_user, care_manager=care_manager, employment_consultant=consultant
    )


@pytest.fixture
def other_case(db):
    """A case of other people (same organisations' names, so the managers see it too)."""
    return factories.CaseFactory(
        service_user=factories.ServiceUserFactory(username="olga.borger"),
        care_manager=factories.CareManagerFactory(username="otto.cm"),
        employment_consultant=factories.EmploymentConsultantFactory(username="oskar.ec"),
    )


@pytest.fixture
def other_professional(other_case):
    return other_case.care_manager


@pytest.fixture
def other_service_user(other_case):
    return other_case.service_user


@pytest.fixture
def actor(request):
    """The account named by the test's `role` parameter (None for anonymous)."""

    def get(role):
        return None if role == "anonymous" else request.getfixturevalue(role)

    return get


@pytest.fixture
def client_as(api, actor):
    def as_role(role):
        user = actor(role)
        if user is None:
            api.credentials()
            return api
        return api.as_user(user)

    return as_role


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware Copenhagen datetime `days` from today at `hour`:`minute`."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
