"""Issue 17: in Danish the date fields open with the stored date (an <input type=date> only
takes an ISO value; a localised 01.12.2026 left them empty and saving wiped the date)."""
from datetime import date

import pytest

from coordination.services.meetings import meeting_schedule
from coordination.services.plan import goal_add

from .conftest import at

pytestmark = pytest.mark.django_db


def test_the_goal_form_in_danish_keeps_the_target_date(client, case, consultant):
    goal = goal_add(
        case=case, actor=consultant, plan_version=0, kind="return_to_work",
        description="Tilbage på 10 timer", commitment="agreed", target_date=date(2027, 3, 1),
    )
    client.force_login(consultant)
    html = client.get(f"/cases/{case.pk}/plan/goals/{goal.pk}/",
                      HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert 'lang="da"' in html
    assert 'value="2027-03-01"' in html
    assert "01.03.2027" not in html.split("<main", 1)[1].split('type="date"')[0][-200:]


def test_the_move_meeting_form_in_danish_opens_on_the_meetings_day(client, case, consultant):
    meeting = meeting_schedule(
        case=case, organizer=consultant, kind="roundtable", starts_at=at(3, 10),
        ends_at=at(3, 11),
    )
    client.force_login(consultant)
    html = client.get(f"/meetings/{meeting.pk}/reschedule/",
                      HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert f'value="{at(3, 10).date().isoformat()}"' in html
