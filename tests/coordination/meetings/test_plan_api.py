"""The shared plan API (API.md, Shared plan): versions, stale edits, history, roles."""
import pytest

from coordination.models import Goal, Plan, PlanAcknowledgement, PlanChange, PlanComment
from ibbis.audit.models import AccessLogEntry

from .conftest import ROLES

pytestmark = pytest.mark.django_db


def goal_body(version=0, **overrides):
    body = {
        "kind": "return_to_work",
        "description": "Gradvis tilbagevenden, 10 timer om ugen fra november",
        "service_user_words": "Jeg vil gerne tilbage, men i mit eget tempo",
        "target_date": "2026-12-01",
        "commitment": "agreed",
        "plan_version": version,
    }
    body.update(overrides)
    return body


def plan_url(case, tail=""):
    return f"/api/cases/{case.pk}/plan/{tail}"


@pytest.fixture
def goal(api, case, consultant):
    response = api.as_user(consultant).post(plan_url(case, "goals/"), goal_body(), format="json")
    assert response.status_code == 201, response.content
    api.credentials()
    return Goal.objects.get(pk=response.json()["id"])


def test_an_empty_plan_reads_as_version_0_without_goals(api, case, consultant):
    body = api.as_user(consultant).get(plan_url(case)).json()
    assert body["version"] == 0 and body["goals"] == []
    assert body["acknowledged_version"] is None and body["acknowledged_at"] is None


def test_adding_a_goal_makes_version_1_with_a_history_entry(api, case, consultant):
    client = api.as_user(consultant)
    response = client.post(
        plan_url(case, "goals/"), goal_body(owner=str(case.service_user_id)), format="json"
    )
    assert response.status_code == 201
    assert response.json()["plan_version"] == 1
    plan = client.get(plan_url(case)).json()
    assert plan["version"] == 1
    (goal,) = plan["goals"]
    assert goal["service_user_words"] == "Jeg vil gerne tilbage, men i mit eget tempo"
    assert goal["commitment"] == "agreed" and goal["status"] == "open"
    assert goal["owner"] == str(case.service_user_id)
    (entry,) = client.get(plan_url(case, "history/")).json()["results"]
    assert entry["version"] == 1 and entry["action"] == "goal_added"
    assert entry["changed_by"]["id"] == str(consultant.pk)
    assert entry["before"] is None and entry["after"]["description"].startswith("Gradvis")


def test_changing_a_goal_records_before_and_after(api, case, care_manager, goal):
    client = api.as_user(care_manager)
    response = client.patch(
        plan_url(case, f"goals/{goal.pk}/"),
        {"status": "achieved", "plan_version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "achieved" and response.json()["plan_version"] == 2
    history = client.get(plan_url(case, "history/")).json()["results"]
    assert [h["version"] for h in history] == [2, 1]
    assert history[0]["before"]["status"] == "open"
    assert history[0]["after"]["status"] == "achieved"
    assert history[0]["changed_by"]["id"] == str(care_manager.pk)


def test_a_change_that_changes_nothing_makes_no_version(api, case, consultant, goal):
    response = api.as_user(consultant).patch(
        plan_url(case, f"goals/{goal.pk}/"), {"commitment": "agreed", "plan_version": 1},
        format="json",
    )
    assert response.status_code == 200 and response.json()["plan_version"] == 1
    assert PlanChange.objects.count() == 1


def test_a_stale_edit_is_refused_and_points_to_the_logged_history(api, case, consultant,
                                                                  care_manager, goal):
    api.as_user(care_manager).patch(
        plan_url(case, f"goals/{goal.pk}/"),
        {"description": "Tilbage 15 timer om ugen", "plan_version": 1},
        format="json",
    )
    # The consultant still has version 1 on screen.
    response = api.as_user(consultant).patch(
        plan_url(case, f"goals/{goal.pk}/"), {"status": "dropped", "plan_version": 1},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale_plan" and body["current_version"] == 2
    # The 409 shows nothing of the plan (its reading would go unlogged): what changed is
    # read where the read is logged, the history the body points to.
    assert "changes" not in body and "Tilbage 15 timer" not in response.content.decode()
    logged = AccessLogEntry.objects.filter(case=case, who=consultant).count()
    history = api.as_user(consultant).get(body["history"])
    assert history.status_code == 200
    assert history.json()["results"][0]["after"]["description"] == "Tilbage 15 timer om ugen"
    assert AccessLogEntry.objects.filter(case=case, who=consultant).count() == logged + 1
    goal.refresh_from_db()
    assert goal.status == "open" and goal.description == "Tilbage 15 timer om ugen"


def test_a_stale_new_goal_is_refused_too(api, case, consultant, goal):
    response = api.as_user(consultant).post(plan_url(case, "goals/"), goal_body(version=0),
                                            format="json")
    assert response.status_code == 409 and response.json()["code"] == "stale_plan"
    assert Goal.objects.count() == 1


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"kind": "holiday"}, "kind"),
        ({"description": ""}, "description"),
        ({"target_date": "01-12-2026"}, "target_date"),
        ({"commitment": "maybe"}, "commitment"),
        ({"owner": "not-a-uuid"}, "owner"),
        ({"owner": "00000000-0000-4000-8000-000000000000"}, "owner"),
        ({"plan_version": "latest"}, "plan_version"),
        ({"plan_version": -1}, "plan_version"),
        ({"plan_version": 10**20}, "plan_version"),
        ({"status": "achieved"}, "status"),
    ],
)
def test_bad_goals_are_a_400_and_change_nothing(api, case, consultant, overrides, field):
    response = api.as_user(consultant).post(
        plan_url(case, "goals/"), goal_body(**overrides), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Goal.objects.exists() and not PlanChange.objects.exists()


def test_an_owner_from_outside_the_case_is_a_400(api, case, other_case, consultant):
    response = api.as_user(consultant).post(
        plan_url(case, "goals/"), goal_body(owner=str(other_case.service_user_id)),
        format="json",
    )
    assert response.status_code == 400 and "owner" in response.json()


def test_a_goal_change_needs_the_plan_version(api, case, consultant, goal):
    response = api.as_user(consultant).patch(
        plan_url(case, f"goals/{goal.pk}/"), {"status": "achieved"}, format="json"
    )
    assert response.status_code == 400 and "plan_version" in response.json()


def test_a_goal_of_another_case_is_not_found(api, case, other_case, consultant, goal):
    response = api.as_user(other_case.employment_consultant).patch(
        plan_url(other_case, f"goals/{goal.pk}/"), {"status": "achieved", "plan_version": 1},
        format="json",
    )
    assert response.status_code == 404


# --- acknowledgement and comments -------------------------------------------------------


def test_the_service_user_acknowledges_the_current_version(api, case, service_user, goal):
    client = api.as_user(service_user)
    response = client.post(plan_url(case, "acknowledge/"), {"version": 1}, format="json")
    assert response.status_code == 201
    again = client.post(plan_url(case, "acknowledge/"), {"version": 1}, format="json")
    assert again.status_code == 200
    plan = client.get(plan_url(case)).json()
    assert plan["acknowledged_version"] == 1 and plan["acknowledged_at"]
    assert PlanAcknowledgement.objects.count() == 1


def test_acknowledging_an_old_version_is_stale(api, case, service_user, consultant, goal):
    api.as_user(consultant).patch(
        plan_url(case, f"goals/{goal.pk}/"), {"status": "achieved", "plan_version": 1},
        format="json",
    )
    response = api.as_user(service_user).post(plan_url(case, "acknowledge/"), {"version": 1},
                                              format="json")
    assert response.status_code == 409 and response.json()["code"] == "stale_plan"
    assert not PlanAcknowledgement.objects.exists()


@pytest.mark.parametrize("body", [{}, {"version": "one"}, {"version": 0}, {"version": 10**20}])
def test_acknowledging_nothing_is_a_400(api, case, service_user, body):
    response = api.as_user(service_user).post(plan_url(case, "acknowledge/"), body,
                                              format="json")
    assert response.status_code == 400


def test_the_service_users_comment_reaches_the_professionals(
    api, case, service_user, care_manager, goal
):
    response = api.as_user(service_user).post(
        plan_url(case, "comments/"), {"text": "Jeg er bekymret for tempoet."}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["version"] == 1
    (comment,) = api.as_user(care_manager).get(plan_url(case, "comments/")).json()["results"]
    assert comment["text"] == "Jeg er bekymret for tempoet."
    assert comment["author"]["id"] == str(service_user.pk)


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "   "}])
def test_an_empty_comment_is_a_400(api, case, service_user, body):
    response = api.as_user(service_user).post(plan_url(case, "comments/"), body, format="json")
    assert response.status_code == 400
    assert not PlanComment.objects.exists()


def test_professionals_reading_the_plan_are_logged(api, case, care_manager, service_user,
                                                   goal):
    api.as_user(care_manager).get(plan_url(case))
    api.as_user(care_manager).get(plan_url(case, "history/"))
    api.as_user(service_user).get(plan_url(case))
    log = list(AccessLogEntry.objects.filter(who__in=[care_manager, service_user])
               .values_list("action", "object_type", "who"))
    assert sorted(log) == [
        ("plan.history_viewed", "plan", care_manager.pk),
        ("plan.viewed", "plan", care_manager.pk),
    ]


def test_a_case_without_a_plan_row_gets_one(api, case, consultant):
    Plan.objects.filter(case=case).delete()
    assert api.as_user(consultant).get(plan_url(case)).status_code == 200
    assert Plan.objects.filter(case=case).count() == 1


# --- who may do what ----------------------------------------------------------------------

PROFESSIONALS_AND_USER = {
    "care_manager": 200, "consultant": 200, "other_professional": 404, "service_user": 200,
    "other_service_user": 404, "jobcentre_manager": 404, "health_manager": 404,
    "admin_user": 404, "anonymous": 401,
}
EDIT = PROFESSIONALS_AND_USER | {"care_manager": 201, "consultant": 201, "service_user": 403}
USER_WRITES = PROFESSIONALS_AND_USER | {
    "care_manager": 403, "consultant": 403, "service_user": 201,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tail", ["", "history/", "comments/"])
def test_who_reads_the_plan(client_as, case, other_case, goal, role, tail):
    assert client_as(role).get(plan_url(case, tail)).status_code == PROFESSIONALS_AND_USER[role]


@pytest.mark.parametrize("role", ROLES)
def test_who_adds_goals(client_as, case, other_case, role):
    response = client_as(role).post(plan_url(case, "goals/"), goal_body(), format="json")
    assert response.status_code == EDIT[role]
    assert Goal.objects.exists() == (EDIT[role] == 201)


@pytest.mark.parametrize("role", ROLES)
def test_who_changes_goals(client_as, case, other_case, goal, role):
    response = client_as(role).patch(
        plan_url(case, f"goals/{goal.pk}/"), {"status": "achieved", "plan_version": 1},
        format="json",
    )
    expected = 200 if EDIT[role] == 201 else EDIT[role]
    assert response.status_code == expected
    goal.refresh_from_db()
    assert (goal.status == "achieved") == (expected == 200)


@pytest.mark.parametrize("role", ROLES)
def test_who_acknowledges(client_as, case, other_case, goal, role):
    response = client_as(role).post(plan_url(case, "acknowledge/"), {"version": 1},
                                    format="json")
    assert response.status_code == USER_WRITES[role]


@pytest.mark.parametrize("role", ROLES)
def test_who_comments(client_as, case, other_case, role):
    response = client_as(role).post(plan_url(case, "comments/"), {"text": "Hej"},
                                    format="json")
    assert response.status_code == USER_WRITES[role]


def test_malformed_ids_in_plan_urls_are_404(api, consultant):
    client = api.as_user(consultant)
    assert client.get("/api/cases/nope/plan/").status_code == 404
    assert client.get("/api/cases/00000000-0000-4000-8000-000000000000/plan/").status_code == 404


# --- constant queries ---------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 20])
def test_the_plan_takes_the_same_queries_for_2_and_20_goals(
    api, case, consultant, django_assert_num_queries, rows
):
    client = api.as_user(consultant)
    for version in range(rows):
        client.post(
            plan_url(case, "goals/"),
            goal_body(version=version, owner=str(consultant.pk)),
            format="json",
        )
    with django_assert_num_queries(QUERIES_FOR_PLAN):
        body = client.get(plan_url(case)).json()
    assert len(body["goals"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_history_takes_the_same_queries_for_2_and_20_versions(
    api, case, consultant, django_assert_num_queries, rows
):
    client = api.as_user(consultant)
    for version in range(rows):
        client.post(plan_url(case, "goals/"), goal_body(version=version), format="json")
    with django_assert_num_queries(QUERIES_FOR_HISTORY):
        body = client.get(plan_url(case, "history/")).json()
    assert body["count"] == rows


# The token's query reads the account and its organisation (issue 20).
QUERIES_FOR_PLAN = 6
QUERIES_FOR_HISTORY = 5
