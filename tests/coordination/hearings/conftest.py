"""Fixtures for the hearing before a decision (issue 18; forvaltningsloven § 19): `worked_case`
(tests/fixtures/cases.py), a hearing sent on it, and everyone the permission tables
walk through."""
from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.services.hearings import hearing_send

# Every role the tables walk, relative to `case`.
ROLES = [
    "service_user", "care_manager", "consultant", "jobcentre_manager", "admin_user",
    "foreign_consultant", "other_professional", "other_service_user", "anonymous",
]


@pytest.fixture
def hearing(worked_case, consultant):
    return hearing_send(
        actor=consultant, case=worked_case, proposed_ground="none",
        basis="Lægeerklæringen af 3. november: du kan arbejde 20 timer om ugen.",
        answer_by=timezone.localdate() + timedelta(days=14),
    )

