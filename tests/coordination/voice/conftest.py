"""Fixtures for the service user's voice before a meeting (issue 18): a case opened through
the services (so it has its deadlines), a meeting booked three days ahead."""
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from coordination.services.cases import absence_record, case_open
from coordination.services.meetings import meeting_schedule


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware Copenhagen datetime `days` from today at `hour`:`minute`."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def case(consultant, care_manager, service_user):
    opened = case_open(
        actor=consultant, service_user=service_user, care_manager=care_manager,
        employment_consultant=consultant, first_absence_day=date(2026, 6, 1),
        referral_date=date(2026, 6, 10), diagnosis="depression",
    )
    absence_record(actor=consultant, case=opened, start=date(2026, 6, 1), end=None, kind="full")
    opened.refresh_from_db()
    return opened


@pytest.fixture
def meeting(case, consultant):
    return meeting_schedule(
        case=case, organizer=consultant, kind="roundtable", starts_at=at(3, 10),
        ends_at=at(3, 11), location="Jobcenter, lokale 2", agenda="Plan",
    )
