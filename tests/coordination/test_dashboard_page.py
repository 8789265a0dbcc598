"""The manager's dashboard page shows the organisation's figures, never note text."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from coordination.models import Deadline
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_reassessments_and_overdue_follow_ups(
    client, jobcentre_manager, consultant, care_manager
):
    today = timezone.localdate()
    case = CaseFactory(employment_consultant=consultant, care_manager=care_manager)
    Deadline.objects.create(
        case=case, kind="reassessment", due=today + timedelta(days=10),
        responsible=consultant,
    )
    Deadline.objects.create(
        case=case, kind="follow_up", due=today - timedelta(days=3), status="overdue",
        responsible=consultant,
    )
    client.force_login(jobcentre_manager)
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="total-reassessments">1<' in html
    assert 'data-testid="total-overdue">1<' in html
    assert consultant.display_name in html
    assert "Averages are shown from 3 responses" in html


def test_the_dashboard_is_for_managers_only(client, consultant, service_user, admin_user):
    for user in (consultant, service_user, admin_user):
        client.force_login(user)
        assert client.get("/dashboard/").status_code == 403


def test_the_dashboard_query_count_does_not_grow_with_cases(
    client, jobcentre_manager, consultant, care_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(jobcentre_manager)
    counts = []
    for total in (2, 20):
        while Deadline.objects.filter(case__employment_consultant=consultant).count() < total:
            case = CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                               first_absence_day=date(2026, 9, 1))
            Deadline.objects.create(case=case, kind="reassessment", due=date(2026, 12, 1),
                                    responsible=consultant)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dashboard/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
