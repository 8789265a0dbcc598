"""The meetings API (API.md, Roundtable meetings): booking rules, roles, filters, logging."""
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from coordination.models import Meeting, MeetingParticipant
from ibbis.audit.models import AccessLogEntry
from trust.models import MeetingChecklist

from .conftest import ROLES, at

pytestmark = pytest.mark.django_db


def book(client, for_case, **overrides):
    body = {
        "case": str(for_case.pk),
        "kind": "roundtable",
        "starts_at": at(3, 10).isoformat(),
        "ends_at": at(3, 11).isoformat(),
        "location": "Jobcenter Aarhus, mødelokale 2",
        "agenda": "Fælles mål og plan",
    }
    body.update(overrides)
    return client.post("/api/meetings/", body, format="json")


@pytest.fixture
def meeting(api, case, consultant):
    response = book(api.as_user(consultant), case)
    assert response.status_code == 201, response.content
    api.credentials()
    return Meeting.objects.get(pk=response.json()["id"])


# --- booking ---------------------------------------------------------------------------


def test_a_roundtable_invites_the_service_user_and_both_professionals(api, case, consultant):
    response = book(api.as_user(consultant), case)
    assert response.status_code == 201
    body = response.json()
    roles = {p["role"]: p["user"] for p in body["participants"]}
    assert roles == {
        "service_user": str(case.service_user_id),
        "care_manager": str(case.care_manager_id),
        "employment_consultant": str(case.employment_consultant_id),
    }
    assert body["status"] == "scheduled" and body["sequence"] == 0
    assert body["organizer"] == str(consultant.pk)


def test_a_new_meeting_gets_its_own_checklist_copy(api, case, consultant):
    meeting_id = book(api.as_user(consultant), case).json()["id"]
    items = api.as_user(consultant).get(f"/api/meetings/{meeting_id}/checklist/").json()
    assert items and {item["phase"] for item in items} == {"before", "during", "after"}
    assert MeetingChecklist.objects.filter(meeting_id=meeting_id).count() == 1


def test_a_follow_up_conversation_has_no_care_manager(api, case, consultant):
    response = book(api.as_user(consultant), case, kind="follow_up")
    assert response.status_code == 201
    assert {p["role"] for p in response.json()["participants"]} == {
        "service_user",
        "employment_consultant",
    }


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"ends_at": at(3, 10).isoformat()}, "ends_at"),
        ({"ends_at": at(3, 9).isoformat()}, "ends_at"),
        ({"starts_at": at(-1, 10).isoformat(), "ends_at": at(-1, 11).isoformat()}, "starts_at"),
        ({"status": "held"}, "status"),
        ({"status": "cancelled"}, "status"),
        ({"kind": "party"}, "kind"),
        ({"starts_at": "tomorrow at ten"}, "starts_at"),
        ({"case": "not-a-uuid"}, "case"),
        ({"case": "00000000-0000-4000-8000-000000000000"}, "case"),
        ({"location": "x" * 201}, "location"),
        ({"ends_at": "9999-12-31T23:59:59-05:00"}, "ends_at"),
        ({"starts_at": "0001-01-01T00:00:00+00:00"}, "starts_at"),
    ],
)
def test_bad_bookings_are_refused_with_a_field_error_and_change_nothing(
    api, case, consultant, overrides, field
):
    response = book(api.as_user(consultant), case, **overrides)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Meeting.objects.exists()


def test_malformed_json_is_a_400(api, consultant):
    response = api.as_user(consultant).post(
        "/api/meetings/", data="{nope", content_type="application/json"
    )
    assert response.status_code == 400


def test_a_past_meeting_can_be_documented_as_held(api, case, consultant):
    response = book(
        api.as_user(consultant),
        case,
        starts_at=at(-2, 10).isoformat(),
        ends_at=at(-2, 11).isoformat(),
        status="held",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "held"


def test_a_participant_in_an_overlapping_meeting_is_double_booked(
    api, case, other_case, meeting
):
    # The same care manager now also works on the other case.
    other_case.care_manager = case.care_manager
    other_case.save()
    response = book(
        api.as_user(other_case.employment_consultant),
        other_case,
        starts_at=at(3, 10, 30).isoformat(),
        ends_at=at(3, 12).isoformat(),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "double_booked"
    assert case.care_manager.display_name in body["detail"]
    # The clashing meeting is of a case this consultant cannot see: its time is not named
    # (API.md: a conflict tells nothing about objects the caller may not see).
    local = timezone.localtime(meeting.starts_at)
    assert local.strftime("%H:%M") not in body["detail"]
    assert local.strftime("%Y-%m-%d") not in body["detail"]
    assert Meeting.objects.count() == 1


def test_a_clash_with_a_meeting_the_caller_sees_names_its_times(api, case, consultant, meeting):
    response = book(
        api.as_user(consultant), case, starts_at=at(3, 10, 30).isoformat(),
        ends_at=at(3, 12).isoformat(),
    )
    assert response.status_code == 409 and response.json()["code"] == "double_booked"
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") in (
        response.json()["detail"]
    )


def test_back_to_back_meetings_do_not_clash(api, case, consultant, meeting):
    response = book(
        api.as_user(consultant), case, starts_at=at(3, 11).isoformat(),
        ends_at=at(3, 12).isoformat(),
    )
    assert response.status_code == 201


# --- reschedule, cancel, hold ---------------------------------------------------------


def test_rescheduling_moves_everyone_and_raises_the_sequence(api, consultant, meeting):
    response = api.as_user(consultant).patch(
        f"/api/meetings/{meeting.pk}/",
        {"starts_at": at(4, 13).isoformat(), "ends_at": at(4, 14).isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["sequence"] == 1
    assert set(MeetingParticipant.objects.values_list("starts_at", flat=True)) == {at(4, 13)}


def test_rescheduling_into_a_clash_is_refused_and_changes_nothing(
    api, case, consultant, meeting
):
    other = book(
        api.as_user(consultant), case, starts_at=at(5, 9).isoformat(),
        ends_at=at(5, 10).isoformat(),
    ).json()
    response = api.as_user(consultant).patch(
        f"/api/meetings/{other['id']}/",
        {"starts_at": at(3, 10, 15).isoformat(), "ends_at": at(3, 10, 45).isoformat()},
        format="json",
    )
    assert response.status_code == 409 and response.json()["code"] == "double_booked"
    unchanged = Meeting.objects.get(pk=other["id"])
    assert unchanged.starts_at == at(5, 9) and unchanged.sequence == 0


def test_rescheduling_into_the_past_or_backwards_is_a_400(api, consultant, meeting):
    client = api.as_user(consultant)
    past = client.patch(
        f"/api/meetings/{meeting.pk}/",
        {"starts_at": at(-1, 10).isoformat(), "ends_at": at(-1, 11).isoformat()},
        format="json",
    )
    backwards = client.patch(
        f"/api/meetings/{meeting.pk}/", {"ends_at": at(3, 9).isoformat()}, format="json"
    )
    assert past.status_code == 400 and "starts_at" in past.json()
    assert backwards.status_code == 400 and "ends_at" in backwards.json()
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and meeting.starts_at == at(3, 10)


def test_cancelling_frees_the_participants_and_marks_the_calendar(
    api, case, consultant, meeting
):
    client = api.as_user(consultant)
    response = client.patch(f"/api/meetings/{meeting.pk}/", {"status": "cancelled"},
                            format="json")
    assert response.status_code == 200
    assert response.json()["sequence"] == 1
    assert set(meeting.participants.values_list("cancelled", flat=True)) == {True}
    # The slot is free again.
    assert book(client, case).status_code == 201
    # A cancelled meeting stays cancelled.
    again = client.patch(f"/api/meetings/{meeting.pk}/", {"status": "scheduled"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "meeting_cancelled"


def test_attendance_and_minutes_wait_until_the_meeting_is_held(api, consultant, meeting):
    response = api.as_user(consultant).patch(
        f"/api/meetings/{meeting.pk}/", {"minutes": "Vi talte om..."}, format="json"
    )
    assert response.status_code == 400 and "minutes" in response.json()


def test_a_meeting_cannot_be_held_before_it_starts(api, consultant, meeting):
    response = api.as_user(consultant).patch(
        f"/api/meetings/{meeting.pk}/", {"status": "held"}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()


def test_marking_held_records_attendance_and_minutes(api, case, consultant, meeting):
    with time_machine.travel(meeting.ends_at + timedelta(minutes=5), tick=False):
        response = api.as_user(consultant).patch(
            f"/api/meetings/{meeting.pk}/",
            {
                "status": "held",
                "minutes": "Aftalt: gradvis tilbagevenden.",
                "attendance": {
                    str(case.service_user_id): "attended",
                    str(case.care_manager_id): "absent",
                },
            },
            format="json",
        )
    assert response.status_code == 200, response.content
    body = response.json()
    attendance = {p["role"]: p["attendance"] for p in body["participants"]}
    assert attendance == {
        "service_user": "attended",
        "care_manager": "absent",
        "employment_consultant": "unknown",
    }
    assert body["minutes"] == "Aftalt: gradvis tilbagevenden."
    assert body["sequence"] == 0  # holding a meeting changes nothing in the calendar


@pytest.mark.parametrize(
    "attendance",
    [{"00000000-0000-4000-8000-000000000000": "attended"}, {"x": "attended"}, {"a": "maybe"}],
)
def test_attendance_for_strangers_or_unknown_values_is_a_400(
    api, case, consultant, meeting, attendance
):
    with time_machine.travel(meeting.ends_at, tick=False):
        response = api.as_user(consultant).patch(
            f"/api/meetings/{meeting.pk}/", {"status": "held", "attendance": attendance},
            format="json",
        )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_a_held_meeting_cannot_be_rescheduled_or_cancelled(api, consultant, meeting):
    client = api.as_user(consultant)
    with time_machine.travel(meeting.ends_at, tick=False):
        client.patch(f"/api/meetings/{meeting.pk}/", {"status": "held"}, format="json")
        moved = client.patch(
            f"/api/meetings/{meeting.pk}/",
            {"starts_at": at(9, 10).isoformat(), "ends_at": at(9, 11).isoformat()},
            format="json",
        )
        cancelled = client.patch(
            f"/api/meetings/{meeting.pk}/", {"status": "cancelled"}, format="json"
        )
    assert moved.status_code == 409 and moved.json()["code"] == "meeting_held"
    assert cancelled.status_code == 409 and cancelled.json()["code"] == "meeting_held"


# --- the follow-up clock (DOMAIN.md, Follow-up conversations) ---------------------------


@time_machine.travel(datetime(2026, 10, 1, 14, 0, tzinfo=timezone.get_fixed_timezone(120)),
                     tick=False)
def test_a_held_roundtable_meets_week_8_and_the_next_is_the_six_month_minimum(
    api, case, consultant
):
    # First absence day 2026-09-07: the first follow-up is due 2026-11-01 (week 8).
    client = api.as_user(consultant)
    response = book(
        client, case,
        starts_at="2026-10-02T10:00:00+02:00", ends_at="2026-10-02T11:00:00+02:00",
    )
    meeting_id = response.json()["id"]
    case.refresh_from_db()
    assert case.next_follow_up_due in (None, date(2026, 11, 1))
    with time_machine.travel(datetime(2026, 10, 2, 11, 30, tzinfo=timezone.get_fixed_timezone(
            120)), tick=False):
        held = client.patch(f"/api/meetings/{meeting_id}/", {"status": "held"}, format="json")
    assert held.status_code == 200
    case.refresh_from_db()
    # § 13 b, stk. 1: week 8 is met; four conversations are due by the end of the first six
    # months (2026-09-07 + 6 months - 1 day), no longer "28 days after the last".
    assert case.next_follow_up_due == date(2027, 3, 6)
    assert case.deadlines.filter(kind="follow_up", due=date(2026, 11, 1), status="met").exists()
    assert case.deadlines.filter(kind="follow_up", due=date(2027, 3, 6), status="open").exists()


@time_machine.travel(datetime(2026, 10, 1, 14, 0, tzinfo=timezone.get_fixed_timezone(120)),
                     tick=False)
def test_a_follow_up_without_the_employment_consultant_does_not_count(api, case, consultant):
    client = api.as_user(consultant)
    response = book(
        client, case, kind="follow_up", status="held",
        starts_at="2026-09-30T10:00:00+02:00", ends_at="2026-09-30T11:00:00+02:00",
    )
    assert response.status_code == 201
    case.refresh_from_db()
    assert case.next_follow_up_due == date(2027, 3, 6)  # week 8 met; four by six months
    absent = client.patch(
        f"/api/meetings/{response.json()['id']}/",
        {"attendance": {str(consultant.pk): "absent"}},
        format="json",
    )
    assert absent.status_code == 200
    case.refresh_from_db()
    assert case.next_follow_up_due == date(2026, 11, 1)  # back to week 8


# --- reading ------------------------------------------------------------------------------


def test_the_list_filters_by_case_and_dates(api, case, other_case, consultant, meeting):
    client = api.as_user(consultant)
    book(client, case, starts_at=at(10, 10).isoformat(), ends_at=at(10, 11).isoformat())
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert client.get(f"/api/meetings/?case={case.pk}").json()["count"] == 2
    assert client.get(f"/api/meetings/?case={other_case.pk}").json()["count"] == 0
    only = client.get(f"/api/meetings/?from={day}&to={day}").json()
    assert only["count"] == 1 and only["results"][0]["id"] == str(meeting.pk)
    later = (timezone.localdate() + timedelta(days=4)).isoformat()
    assert client.get(f"/api/meetings/?from={later}").json()["count"] == 1


def test_extreme_filter_dates_are_clamped_not_a_crash(api, consultant, meeting):
    client = api.as_user(consultant)
    response = client.get("/api/meetings/?from=0001-01-01&to=9999-12-31")
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.parametrize("query", ["case=nope", "from=2026-13-01", "to=yesterday"])
def test_malformed_filters_are_a_400(api, consultant, query):
    response = api.as_user(consultant).get(f"/api/meetings/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_a_manager_reading_meetings_is_logged_and_the_service_user_is_not(
    api, case, jobcentre_manager, service_user, meeting
):
    api.as_user(jobcentre_manager).get(f"/api/meetings/{meeting.pk}/")
    api.as_user(jobcentre_manager).get("/api/meetings/")
    api.as_user(service_user).get(f"/api/meetings/{meeting.pk}/")
    log = list(AccessLogEntry.objects.filter(
        case=case, who__in=[jobcentre_manager, service_user]
    ).values_list("action", "who"))
    assert sorted(log) == [
        ("meeting.viewed", jobcentre_manager.pk),
        ("meetings.listed", jobcentre_manager.pk),
    ]


def test_managers_see_that_a_meeting_was_held_but_not_its_minutes(
    api, case, consultant, jobcentre_manager, service_user
):
    client = api.as_user(consultant)
    held = book(client, case, starts_at=at(-2, 10).isoformat(), ends_at=at(-2, 11).isoformat(),
                status="held").json()
    client.patch(f"/api/meetings/{held['id']}/", {"minutes": "Helbred drøftet."},
                 format="json")
    assert api.as_user(service_user).get(f"/api/meetings/{held['id']}/").json()["minutes"] == (
        "Helbred drøftet."
    )
    seen = api.as_user(jobcentre_manager).get(f"/api/meetings/{held['id']}/").json()
    assert seen["status"] == "held" and seen["minutes"] is None
    listed = api.as_user(jobcentre_manager).get("/api/meetings/").json()["results"]
    assert [m["minutes"] for m in listed] == [None]


# --- who may do what ----------------------------------------------------------------------

CREATE = {
    "care_manager": 201, "consultant": 201, "other_professional": 400, "service_user": 403,
    "other_service_user": 400, "jobcentre_manager": 403, "health_manager": 403,
    "admin_user": 400, "anonymous": 401,
}
READ = {
    "care_manager": 200, "consultant": 200, "other_professional": 404, "service_user": 200,
    "other_service_user": 404, "jobcentre_manager": 200, "health_manager": 200,
    "admin_user": 404, "anonymous": 401,
}
CHANGE = READ | {"service_user": 403, "jobcentre_manager": 403, "health_manager": 403}
LISTED = {
    "care_manager": 1, "consultant": 1, "other_professional": 0, "service_user": 1,
    "other_service_user": 0, "jobcentre_manager": 1, "health_manager": 1, "admin_user": 0,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_book_a_meeting(client_as, case, other_case, role):
    response = book(client_as(role), case)
    assert response.status_code == CREATE[role]
    assert Meeting.objects.exists() == (CREATE[role] == 201)


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_meeting(client_as, other_case, meeting, role):
    response = client_as(role).get(f"/api/meetings/{meeting.pk}/")
    assert response.status_code == READ[role]
    ics = client_as(role).get(f"/api/meetings/{meeting.pk}/ics")
    assert ics.status_code == READ[role]


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_meetings_in_the_list(client_as, other_case, meeting, role):
    response = client_as(role).get("/api/meetings/")
    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.json()["count"] == LISTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_meeting(client_as, other_case, meeting, role):
    response = client_as(role).patch(
        f"/api/meetings/{meeting.pk}/", {"location": "Psykiatrien, lokale 4"}, format="json"
    )
    assert response.status_code == CHANGE[role]
    meeting.refresh_from_db()
    assert (meeting.location == "Psykiatrien, lokale 4") == (CHANGE[role] == 200)


def test_put_and_delete_are_not_offered(api, consultant, meeting):
    client = api.as_user(consultant)
    assert client.put(f"/api/meetings/{meeting.pk}/", {}, format="json").status_code == 405
    assert client.delete(f"/api/meetings/{meeting.pk}/").status_code == 405


# --- constant queries ---------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 20])
def test_the_meeting_list_takes_the_same_queries_for_2_and_20_rows(
    api, case, consultant, django_assert_num_queries, rows
):
    for n in range(rows):
        book(api.as_user(consultant), case, starts_at=at(3 + n, 10).isoformat(),
             ends_at=at(3 + n, 11).isoformat())
    client = api.as_user(consultant)
    # token with user and organisation, count, page, participants, their users, one log
    # INSERT, the replies and the minutes responses (issue 18; their people only when there
    # are any)
    with django_assert_num_queries(8):
        response = client.get("/api/meetings/")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_a_managers_list_over_many_cases_takes_the_same_queries(
    api, jobcentre_manager, consultant, django_assert_num_queries, rows
):
    from tests.factories import CaseFactory

    for n in range(rows):
        case = CaseFactory(employment_consultant=consultant)
        book(api.as_user(consultant), case, starts_at=at(3 + n, 10).isoformat(),
             ends_at=at(3 + n, 11).isoformat())
    client = api.as_user(jobcentre_manager)
    with django_assert_num_queries(8):
        response = client.get("/api/meetings/")
    assert response.json()["count"] == rows
    assert AccessLogEntry.objects.filter(action="meetings.listed").count() == rows
