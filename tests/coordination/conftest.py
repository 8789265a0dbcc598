"""Fixtures for the case clock: a case opened through the service, and people around it."""
from datetime import date

import pytest

from coordination.services.cases import absence_record, case_open
from tests import factories


@pytest.fixture
def other_professional(mental_health):
    """A care manager on another case, who must not see this one."""
    return factories.CareManagerFactory(username="olga.other", organisation=mental_health)


@pytest.fixture
def other_service_user(db):
    return factories.ServiceUserFactory(username="otto.borger")


@pytest.fixture
def open_case(consultant, care_manager, service_user):
    """Open a case through the service; keyword arguments override the defaults."""

    def make(**overrides):
        values = {
            "actor": consultant,
            "service_user": service_user,
            "care_manager": care_manager,
            "employment_consultant": consultant,
            "first_absence_day": date(2026, 1, 5),
            "referral_date": date(2026, 1, 20),
            "diagnosis": "stress",
        }
        values.update(overrides)
        return case_open(**values)

    return make


@pytest.fixture
def case(open_case, consultant, other_professional, other_service_user, care_manager):
    """DOMAIN.md's worked example: an employee continuously absent from 2026-01-05.

    A second case joins the other professional and the other service user with the same
    consultant, so "a professional on another case" really is on one.
    """
    opened = open_case()
    absence_record(
        actor=consultant, case=opened, start=date(2026, 1, 5), end=None, kind="full"
    )
    open_case(service_user=other_service_user, care_manager=other_professional)
    opened.refresh_from_db()
    return opened
