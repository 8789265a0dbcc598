"""Anonymous feedback after held meetings, and the manager's dashboard (API.md, Overview)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.models import Deadline
from tests import factories
from tests.factories import make_meeting
from trust.models import MeetingFeedback
from trust.selectors import feedback_summary

pytestmark = pytest.mark.django_db

ANSWER = {"felt_safe": 4, "felt_heard": 5, "understood_next_steps": 3, "comment": "Godt møde"}


def give(api, meeting, body=ANSWER):
    return api.as_user(meeting.case.service_user).post(
        f"/api/meetings/{meeting.pk}/feedback/", body, format="json"
    )


def test_feedback_is_given_once_per_held_meeting(api, held_meeting):
    assert give(api, held_meeting).status_code == 201
    second = give(api, held_meeting)
    assert second.status_code == 409 and second.json()["code"] == "already_given"
    assert MeetingFeedback.objects.count() == 1


@pytest.mark.parametrize("status", ["scheduled", "cancelled"])
def test_feedback_on_a_meeting_not_held_is_refused(api, handed_over_case, status):
    meeting = make_meeting(handed_over_case, status=status)
    response = give(api, meeting)
    assert response.status_code == 409 and response.json()["code"] == "meeting_not_held"
    assert not MeetingFeedback.objects.exists()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"felt_safe": 0}, "felt_safe"),
        ({"felt_heard": 6}, "felt_heard"),
        ({"understood_next_steps": "five"}, "understood_next_steps"),
        ({"felt_safe": None}, "felt_safe"),
        ({"felt_heard": 2.5}, "felt_heard"),
    ],
)
def test_out_of_range_or_malformed_scores_are_400(api, held_meeting, change, field):
    response = give(api, held_meeting, {**ANSWER, **change})
    assert response.status_code == 400 and field in response.json()
    assert not MeetingFeedback.objects.exists()


def test_missing_scores_are_400(api, held_meeting):
    response = give(api, held_meeting, {"comment": "only words"})
    assert response.status_code == 400
    assert {"felt_safe", "felt_heard", "understood_next_steps"} <= set(response.json())


def test_the_comment_is_optional(api, held_meeting):
    body = {k: v for k, v in ANSWER.items() if k != "comment"}
    assert give(api, held_meeting, body).status_code == 201


def test_feedback_stores_no_author_and_echoes_no_answer(api, held_meeting):
    response = give(api, held_meeting)
    assert "felt_safe" not in response.json()
    user_fields = [
        f.name for f in MeetingFeedback._meta.get_fields()
        if getattr(f, "related_model", None) is not None
        and f.related_model._meta.label == "accounts.User"
    ]
    assert user_fields == []


def _held_meetings_with_feedback(case, answers):
    for days, (safe, heard, understood) in enumerate(answers, start=1):
        meeting = make_meeting(case, status="held", days=-days)
        MeetingFeedback.objects.create(
            meeting=meeting, felt_safe=safe, felt_heard=heard, understood_next_steps=understood
        )


def test_averages_stay_hidden_below_three_responses(handed_over_case, jobcentre, mental_health):
    _held_meetings_with_feedback(handed_over_case, [(5, 4, 3), (1, 2, 3)])
    # The published count moves in steps of three too (API.md, dashboard row).
    assert feedback_summary(jobcentre) == {
        "responses": 0, "felt_safe_avg": None, "felt_heard_avg": None,
        "understood_next_steps_avg": None,
    }


def test_averages_show_from_three_responses(handed_over_case, jobcentre, mental_health, other_case):
    _held_meetings_with_feedback(handed_over_case, [(5, 4, 3), (1, 2, 3), (3, 3, 4)])
    summary = feedback_summary(mental_health)
    assert summary == {
        "responses": 3, "felt_safe_avg": 3.0, "felt_heard_avg": 3.0,
        "understood_next_steps_avg": 3.33,
    }
    other_org = factories.OrganisationFactory(name="Jobcenter Andetsteds")
    assert feedback_summary(other_org)["responses"] == 0


def test_no_professional_endpoint_shows_a_single_answer(api, held_meeting, care_manager,
                                                        consultant):
    give(api, held_meeting)
    for user in (care_manager, consultant):
        client = api.as_user(user)
        for url in (f"/api/meetings/{held_meeting.pk}/feedback/", "/api/dashboard/"):
            response = client.get(url)
            assert response.status_code in (403, 405)
            assert "Godt møde" not in response.content.decode()


# --- dashboard ---------------------------------------------------------------------------


def _deadline(case, kind, days, status="open"):
    return Deadline.objects.create(
        case=case, kind=kind, due=timezone.localdate() + timedelta(days=days), status=status,
        responsible=case.employment_consultant,
    )


def test_the_dashboard_counts_over_the_managers_organisation(
    api, handed_over_case, other_case, consultant, former_ec, jobcentre_manager
):
    _deadline(handed_over_case, "reassessment", 10)            # counts
    _deadline(handed_over_case, "reassessment", 28)            # counts (the 28th day)
    _deadline(handed_over_case, "reassessment", 40)            # too far
    _deadline(handed_over_case, "follow_up", -3, "overdue")     # counts
    _deadline(handed_over_case, "follow_up", -1)               # open and past: counts
    _deadline(handed_over_case, "follow_up", 1)                # not yet due
    _deadline(other_case, "follow_up", -5, "met")  # met
    _deadline(other_case, "reassessment", 3, "met")
    elsewhere = factories.CaseFactory(
        employment_consultant=factories.EmploymentConsultantFactory(
            organisation=factories.OrganisationFactory(name="Jobcenter Andetsteds")
        ),
    )
    _deadline(elsewhere, "reassessment", 5)        # another jobcentre's case

    body = api.as_user(jobcentre_manager).get("/api/dashboard/").json()
    assert body["reassessments_next_28_days"] == 2
    assert body["overdue_follow_ups"] == 2
    rows = {row["professional"]: row for row in body["caseloads"]}
    assert rows[str(consultant.pk)] | {"name": None} == {
        "professional": str(consultant.pk), "name": None, "role": "employment_consultant",
        "cases": 1, "reassessments_next_28_days": 2, "overdue_follow_ups": 2,
    }
    assert rows[str(former_ec.pk)]["cases"] == 0
    assert str(elsewhere.employment_consultant.pk) not in rows
    assert all(r["role"] != "care_manager" for r in body["caseloads"])
    assert body["feedback"] == {"responses": 0, "felt_safe_avg": None, "felt_heard_avg": None,
                                "understood_next_steps_avg": None}


@pytest.mark.parametrize("rows", [2, 20])
def test_the_dashboard_takes_the_same_queries_for_2_and_20(
    api, jobcentre, jobcentre_manager, rows, django_assert_num_queries
):
    for _ in range(rows):
        case = factories.CaseFactory(
            employment_consultant=factories.EmploymentConsultantFactory(organisation=jobcentre)
        )
        _deadline(case, "reassessment", 5)
        _deadline(case, "follow_up", -5, "overdue")
    client = api.as_user(jobcentre_manager)
    # token with user and organisation, caseloads, totals, feedback, the reassessments
    # passed without a decision (issue 17), and the open emergency accesses (issue 19)
    with django_assert_num_queries(6):
        body = client.get("/api/dashboard/").json()
    assert len(body["caseloads"]) == rows
    assert body["reassessments_next_28_days"] == rows
