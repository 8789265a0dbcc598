""""Together since" (DOMAIN.md, Why trust) is one day on the Europe/Copenhagen clock, the
same in the API's `team_since` and on the case page (issue 16: the API gave the UTC day)."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from coordination.services.cases import case_hand_over
from tests import factories

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")

# 00:30 on 20 June in Copenhagen (summer time, UTC+2) is still 19 June in UTC.
JUST_AFTER_MIDNIGHT = datetime(2026, 6, 19, 22, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def opened_in_june(time_machine):
    """The case is opened (its team starts) before the handover."""
    time_machine.move_to(datetime(2026, 6, 15, 10, 0, tzinfo=UTC))


@pytest.fixture
def handed_over(worked_case, consultant, jobcentre, time_machine):
    successor = factories.EmploymentConsultantFactory(username="nina.ec", organisation=jobcentre)
    time_machine.move_to(JUST_AFTER_MIDNIGHT, tick=False)
    case_hand_over(
        actor=consultant, case=worked_case, role="employment_consultant", to_user=successor
    )
    return worked_case, successor


def test_the_api_gives_the_copenhagen_day_of_a_handover_just_after_midnight(handed_over, api):
    case, successor = handed_over
    body = api.as_user(successor).get(f"/api/cases/{case.pk}/").json()
    assert body["team_since"] == "2026-06-20"


def test_the_case_page_gives_the_same_day(handed_over):
    case, successor = handed_over
    client = Client(headers={"accept-language": "en"})
    client.force_login(successor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "working together on this case since 20 June 2026" in page
    assert "19 June 2026" not in page
