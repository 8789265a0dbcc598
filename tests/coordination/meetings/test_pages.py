"""Meeting and plan pages through Django's test client: forms, conflicts, roles, queries."""
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from coordination.models import Case, Goal, Meeting, PlanAcknowledgement, PlanComment
from coordination.services.meetings import meeting_schedule
from coordination.services.plan import goal_add, goal_change
from ibbis.audit.models import AccessLogEntry

from .conftest import ROLES, at

pytestmark = pytest.mark.django_db


def form_data(days=3, start="10:00", end="11:00", **extra):
    data = {
        "meeting-kind": "roundtable",
        "meeting-day": (timezone.localdate() + timedelta(days=days)).isoformat(),
        "meeting-start_time": start,
        "meeting-end_time": end,
        "meeting-location": "Jobcenter Aarhus",
        "meeting-agenda": "Mål og næste skridt",
    }
    data.update(extra)
    return data


@pytest.fixture
def meeting(case, consultant):
    return meeting_schedule(
        case=case, organizer=consultant, kind="roundtable", starts_at=at(3, 10),
        ends_at=at(3, 11), agenda="Fælles mål",
    )


@pytest.fixture
def goal(case, consultant):
    return goal_add(
        case=case, actor=consultant, plan_version=0, kind="return_to_work",
        description="Tilbage på 10 timer", service_user_words="Jeg vil starte langsomt",
        commitment="agreed",
    )


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- scheduling ---------------------------------------------------------------------------


def test_a_professional_books_a_meeting_from_the_case(client, case, consultant):
    response = login(client, consultant).post(
        f"/cases/{case.pk}/meetings/new/", form_data()
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.starts_at == at(3, 10) and meeting.organizer == consultant
    assert meeting.participants.count() == 3


def test_a_double_booking_is_explained_at_the_form(client, case, other_case, meeting):
    # One open case per person (issue 13): the person's first case closes on the day of
    # its last meeting, and the new one is booked over that meeting.
    Case.objects.filter(pk=case.pk).update(closed_on=timezone.localdate(meeting.starts_at))
    other_case.service_user = case.service_user
    other_case.save()
    response = login(client, other_case.employment_consultant).post(
        f"/cases/{other_case.pk}/meetings/new/", form_data(start="10:30", end="11:30")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="form-error"' in html
    assert case.service_user.display_name in html
    # The other meeting is of a case this consultant cannot see: not its time (API.md).
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") not in html
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"meeting-end_time": "09:00"}, "end_time"),
        ({"meeting-day": "2020-01-01"}, "start_time"),
        ({"meeting-day": "not a day"}, "day"),
        ({"meeting-day": "0001-01-01"}, "day"),
        ({"meeting-day": "9999-12-31"}, "day"),
        ({"meeting-kind": "party"}, "kind"),
    ],
)
def test_bad_bookings_show_the_error_at_the_field(client, case, consultant, changes, field):
    response = login(client, consultant).post(
        f"/cases/{case.pk}/meetings/new/", form_data(**changes)
    )
    assert response.status_code == 400
    assert f'id="id_meeting-{field}_errors"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_rescheduling_through_the_page(client, consultant, meeting):
    response = login(client, consultant).post(
        f"/meetings/{meeting.pk}/reschedule/", form_data(days=5, start="13:00", end="14:00")
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == at(5, 13) and meeting.sequence == 1


def test_the_reschedule_form_starts_from_the_current_time(client, consultant, meeting):
    html = login(client, consultant).get(f"/meetings/{meeting.pk}/reschedule/").content.decode()
    assert 'value="10:00"' in html and 'value="11:00"' in html


def test_cancelling_through_the_page(client, consultant, meeting):
    login(client, consultant)
    assert client.get(f"/meetings/{meeting.pk}/cancel/").status_code == 200
    assert client.post(f"/meetings/{meeting.pk}/cancel/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    again = client.post(f"/meetings/{meeting.pk}/cancel/")
    assert again.status_code == 409 and 'data-testid="form-error"' in again.content.decode()


def test_recording_a_meeting_as_held_with_attendance_and_minutes(
    client, case, consultant, meeting
):
    login(client, consultant)
    with time_machine.travel(meeting.ends_at, tick=False):
        page = client.get(f"/meetings/{meeting.pk}/").content.decode()
        assert 'data-testid="held-form"' in page
        response = client.post(
            f"/meetings/{meeting.pk}/held/",
            {
                f"held-attendance_{case.service_user_id}": "attended",
                f"held-attendance_{case.care_manager_id}": "absent",
                f"held-attendance_{consultant.pk}": "attended",
                "held-minutes": "Aftalt gradvis opstart.",
            },
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.minutes == "Aftalt gradvis opstart."
    assert meeting.participants.get(role="care_manager").attendance == "absent"


def test_a_future_meeting_offers_no_held_form_and_refuses_one(client, case, consultant,
                                                              meeting):
    login(client, consultant)
    assert 'data-testid="held-form"' not in client.get(f"/meetings/{meeting.pk}/").content.decode()
    response = client.post(
        f"/meetings/{meeting.pk}/held/",
        {f"held-attendance_{p.user_id}": "attended" for p in meeting.participants.all()},
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_the_meeting_page_shows_the_checklist_and_offers_feedback_once_held(
    client, case, consultant, service_user
):
    held = meeting_schedule(case=case, organizer=consultant, kind="roundtable",
                            starts_at=at(-3, 10), ends_at=at(-3, 11), status="held")
    html = login(client, consultant).get(f"/meetings/{held.pk}/").content.decode()
    assert 'data-testid="meeting-checklist"' in html
    assert 'data-testid="feedback-link"' not in html
    client.logout()
    html = login(client, service_user).get(f"/meetings/{held.pk}/").content.decode()
    assert f'href="/meetings/{held.pk}/feedback/"' in html


def test_the_meeting_page_shows_agenda_participants_and_the_calendar_link(
    client, service_user, meeting
):
    html = login(client, service_user).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Fælles mål" in html
    assert f"/meetings/{meeting.pk}/calendar.ics" in html
    assert 'data-testid="reschedule-link"' not in html
    response = client.get(f"/meetings/{meeting.pk}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")


# --- who may see and do what on the meeting pages ------------------------------------------

MEETING_READ = {
    "care_manager": 200, "consultant": 200, "other_professional": 404, "service_user": 200,
    "other_service_user": 404, "jobcentre_manager": 200, "health_manager": 200,
    "admin_user": 404, "anonymous": 302,
}
MEETING_CHANGE = MEETING_READ | {
    "service_user": 403, "jobcentre_manager": 403, "health_manager": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_meeting_pages(client, actor, other_case, meeting, role):
    login(client, actor(role))
    for path in (f"/meetings/{meeting.pk}/", f"/cases/{meeting.case_id}/meetings/",
                 f"/meetings/{meeting.pk}/calendar.ics"):
        assert client.get(path).status_code == MEETING_READ[role], path


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_forms_that_change_meetings(client, actor, other_case, meeting, role):
    login(client, actor(role))
    for path in (f"/cases/{meeting.case_id}/meetings/new/",
                 f"/meetings/{meeting.pk}/reschedule/", f"/meetings/{meeting.pk}/cancel/"):
        assert client.get(path).status_code == MEETING_CHANGE[role], path
    client.post(f"/meetings/{meeting.pk}/cancel/")
    meeting.refresh_from_db()
    assert (meeting.status == "cancelled") == (MEETING_CHANGE[role] == 200)


def test_a_manager_opening_a_meeting_page_is_logged_and_sees_no_minutes(
    client, jobcentre_manager, meeting
):
    Meeting.objects.filter(pk=meeting.pk).update(minutes="Helbred drøftet.")
    html = login(client, jobcentre_manager).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Helbred drøftet." not in html
    assert AccessLogEntry.objects.filter(
        who=jobcentre_manager, action="meeting.viewed", object_type="meeting"
    ).exists()


# --- the plan pages -----------------------------------------------------------------------


def goal_form(version, **extra):
    data = {
        "goal-service_user_words": "Jeg vil sove bedre",
        "goal-description": "Søvnhygiejne med care manager",
        "goal-kind": "treatment",
        "goal-commitment": "voluntary",
        "goal-target_date": "",
        "goal-owner": "",
        "goal-plan_version": str(version),
    }
    data.update(extra)
    return data


def test_a_professional_adds_a_goal_through_the_page(client, case, care_manager):
    response = login(client, care_manager).post(f"/cases/{case.pk}/plan/goals/new/",
                                                goal_form(0, **{"goal-owner": str(
                                                    case.service_user_id)}))
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.owner == case.service_user and goal.plan.version == 1


@pytest.mark.parametrize("version", ["-1", "x", str(10**20)])
def test_a_goal_form_with_a_broken_version_is_a_400(client, case, care_manager, version):
    response = login(client, care_manager).post(f"/cases/{case.pk}/plan/goals/new/",
                                                goal_form(version))
    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_a_stale_edit_shows_what_changed_and_overwrites_nothing(
    client, case, consultant, care_manager, goal
):
    goal_change(goal=goal, actor=care_manager, plan_version=1, description="Tilbage på 15 timer")
    form = goal_form(1, **{"goal-description": "Tilbage på 5 timer", "goal-status": "open",
                           "goal-kind": "return_to_work", "goal-commitment": "agreed"})
    response = login(client, consultant).post(f"/cases/{case.pk}/plan/goals/{goal.pk}/", form)
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="stale-plan"' in html
    assert "Tilbage på 10 timer" in html and "Tilbage på 15 timer" in html
    assert care_manager.display_name in html
    goal.refresh_from_db()
    assert goal.description == "Tilbage på 15 timer"
    # Having seen it, the consultant saves again on top of version 2.
    assert 'name="goal-plan_version" value="2"' in html
    form["goal-plan_version"] = "2"
    assert client.post(f"/cases/{case.pk}/plan/goals/{goal.pk}/", form).status_code == 302
    goal.refresh_from_db()
    assert goal.description == "Tilbage på 5 timer" and goal.plan.version == 3


def test_the_professionals_page_shows_goals_comments_and_acknowledgement(
    client, case, care_manager, service_user, goal
):
    PlanAcknowledgement.objects.create(plan=goal.plan, user=service_user, version=1)
    PlanComment.objects.create(plan=goal.plan, author=service_user, text="Godt tempo", version=1)
    response = login(client, care_manager).get(f"/cases/{case.pk}/plan/")
    html = response.content.decode()
    assert "Jeg vil starte langsomt" in html and "Godt tempo" in html
    assert response.context["acknowledged_current"] is True
    assert response.context["acknowledgement"].version == 1
    assert AccessLogEntry.objects.filter(action="plan.viewed", who=care_manager).exists()


def test_the_service_user_reads_their_own_words_first_and_the_commitment_plainly(
    client, case, service_user, consultant, goal
):
    meeting_schedule(case=case, organizer=consultant, kind="roundtable",
                     starts_at=at(2, 9), ends_at=at(2, 10))
    html = login(client, service_user).get("/my-plan/", follow=True).content.decode()
    assert html.index("Jeg vil starte langsomt") < html.index("Tilbage på 10 timer")
    assert 'data-testid="goal-commitment"' in html
    assert 'data-testid="next-meeting-ics"' in html
    assert 'data-testid="acknowledge"' in html
    assert not AccessLogEntry.objects.exists()  # the service user's own reading is not logged


def test_the_service_user_acknowledges_and_comments_through_the_page(
    client, case, service_user, goal
):
    login(client, service_user)
    assert client.post(f"/cases/{case.pk}/plan/acknowledge/", {"version": "1"}).status_code == 302
    assert PlanAcknowledgement.objects.filter(user=service_user, version=1).exists()
    html = client.get(f"/cases/{case.pk}/plan/").content.decode()
    assert 'data-testid="acknowledged"' in html
    response = client.post(f"/cases/{case.pk}/plan/comments/", {"comment-text": "Tak"})
    assert response.status_code == 302
    assert PlanComment.objects.get().text == "Tak"
    empty = client.post(f"/cases/{case.pk}/plan/comments/", {"comment-text": ""})
    assert empty.status_code == 400 and PlanComment.objects.count() == 1


def test_acknowledging_a_version_that_changed_meanwhile_asks_to_read_again(
    client, case, service_user, consultant, goal
):
    goal_change(goal=goal, actor=consultant, plan_version=1, status="achieved")
    response = login(client, service_user).post(
        f"/cases/{case.pk}/plan/acknowledge/", {"version": "1"}, follow=True
    )
    assert not PlanAcknowledgement.objects.exists()
    assert 'data-testid="acknowledge"' in response.content.decode()


def test_my_plan_without_a_case_says_so(client, other_service_user, db):
    from tests.factories import ServiceUserFactory

    lonely = ServiceUserFactory(username="ny.borger")
    response = login(client, lonely).get("/my-plan/")
    assert response.status_code == 200


PLAN_READ = {
    "care_manager": 200, "consultant": 200, "other_professional": 404, "service_user": 200,
    "other_service_user": 404, "jobcentre_manager": 404, "health_manager": 404,
    "admin_user": 404, "anonymous": 302,
}
PLAN_EDIT = PLAN_READ | {"service_user": 403}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_plan_pages(client, actor, case, other_case, goal, role):
    login(client, actor(role))
    for path in (f"/cases/{case.pk}/plan/", f"/cases/{case.pk}/plan/history/"):
        assert client.get(path).status_code == PLAN_READ[role], path
    for path in (f"/cases/{case.pk}/plan/goals/new/", f"/cases/{case.pk}/plan/goals/{goal.pk}/"):
        assert client.get(path).status_code == PLAN_EDIT[role], path


@pytest.mark.parametrize("role", ROLES)
def test_only_the_service_user_acknowledges_and_comments_on_the_page(
    client, actor, case, other_case, goal, role
):
    login(client, actor(role))
    acknowledged = client.post(f"/cases/{case.pk}/plan/acknowledge/", {"version": "1"})
    commented = client.post(f"/cases/{case.pk}/plan/comments/", {"comment-text": "Hej"})
    expected = {**PLAN_READ, "care_manager": 403, "consultant": 403, "service_user": 302}
    assert acknowledged.status_code == expected[role]
    assert commented.status_code == expected[role]
    assert PlanComment.objects.exists() == (role == "service_user")


@pytest.mark.parametrize("role", ["care_manager", "jobcentre_manager", "admin_user"])
def test_my_plan_is_the_service_users_page(client, actor, role):
    assert login(client, actor(role)).get("/my-plan/").status_code == 403


def test_the_nav_links_the_service_user_to_their_plan(client, service_user, consultant):
    assert 'href="/my-plan/"' in login(client, service_user).get("/my-case/").content.decode()
    client.logout()
    assert 'href="/my-plan/"' not in login(client, consultant).get(
        "/caseload/").content.decode()


# --- constant queries ---------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 20])
def test_the_case_meetings_page_takes_the_same_queries_for_2_and_20(
    client, case, consultant, django_assert_num_queries, rows
):
    for n in range(rows):
        meeting_schedule(case=case, organizer=consultant, kind="roundtable",
                         starts_at=at(3 + n, 10), ends_at=at(3 + n, 11))
    login(client, consultant)
    client.get(f"/cases/{case.pk}/meetings/")  # warm the session and translation caches
    with django_assert_num_queries(QUERIES_MEETINGS_PAGE):
        response = client.get(f"/cases/{case.pk}/meetings/")
    assert response.content.decode().count("/meetings/") >= rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_plan_page_takes_the_same_queries_for_2_and_20_goals(
    client, case, consultant, django_assert_num_queries, rows
):
    for version in range(rows):
        goal_add(case=case, actor=consultant, plan_version=version, kind="personal",
                 description=f"Mål {version}", owner=consultant)
    login(client, consultant)
    client.get(f"/cases/{case.pk}/plan/")
    with django_assert_num_queries(QUERIES_PLAN_PAGE):
        response = client.get(f"/cases/{case.pk}/plan/")
    assert response.content.decode().count("Mål ") == rows


QUERIES_MEETINGS_PAGE = 10
QUERIES_PLAN_PAGE = 11
