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


@pytest.fixture
def held_at_ten(case, consultant):
    """Held three days ago at 10:00 Copenhagen time (08:00 or 09:00 UTC)."""
    return meeting_schedule(
        case=case, organizer=consultant, kind="roundtable", starts_at=at(-3, 10),
        ends_at=at(-3, 11), status="held",
    )


def test_meeting_times_are_copenhagen_time_on_checklist_notes_and_feedback(
    client, case, consultant, service_user, held_at_ten
):
    client.force_login(consultant)
    for path in (f"/meetings/{held_at_ten.pk}/checklist/", f"/cases/{case.pk}/notes/"):
        html = client.get(path).content.decode()
        assert "10:00" in html, path
        assert "08:00" not in html and "09:00" not in html, path
    client.force_login(service_user)
    for path in ("/my-case/feedback/", f"/meetings/{held_at_ten.pk}/feedback/"):
        html = client.get(path).content.decode()
        assert "10:00" in html, path
        assert "08:00" not in html and "09:00" not in html, path


def test_a_meeting_reads_as_a_danish_date(client, case, consultant, held_at_ten):
    from django.utils import translation

    local = at(-3, 10)
    with translation.override("da"):
        danish = str(held_at_ten)
    with translation.override("en"):
        english = str(held_at_ten)
    months_da = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                 "september", "oktober", "november", "december"]
    assert f"{local.day}. {months_da[local.month - 1]} {local.year} 10:00" in danish
    assert f"{local.day} {local.strftime('%B')} {local.year} 10:00" in english


def test_recording_a_past_meeting_does_not_say_invitations_were_sent(client, case, consultant):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(consultant)
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = client.post(f"/cases/{case.pk}/meetings/new/", {
        "meeting-kind": "roundtable", "meeting-day": day, "meeting-start_time": "10:00",
        "meeting-end_time": "11:00", "meeting-location": "Jobcentret", "meeting-agenda": "",
        "meeting-already_held": "on",
    }, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "invitations are sent" not in html
    assert "The meeting that was held is recorded." in html
    future = client.post(f"/cases/{case.pk}/meetings/new/", {
        "meeting-kind": "roundtable",
        "meeting-day": (timezone.localdate() + timedelta(days=4)).isoformat(),
        "meeting-start_time": "10:00", "meeting-end_time": "11:00",
        "meeting-location": "Jobcentret", "meeting-agenda": "",
    }, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "invitations are sent" in future.content.decode()
