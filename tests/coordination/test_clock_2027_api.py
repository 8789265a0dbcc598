"""Issue 14 through the case API: statuses and next_follow_up_due with ?as_of=, the
follow-up regime, PATCH /api/cases/{id}/ and POST /api/cases/{id}/early-follow-up/.

Sources: DOMAIN.md (The seven extension grounds; Follow-up conversations); sygedagpengeloven
§ 13 b, stk. 1-2 (LBK nr. 1179 af 21.09.2023); lov nr. 1750 af 29.12.2025; KL høringssvar
12.11.2025 (reduced rate from 2027-01-01).
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from coordination.models import Case, Deadline, EarlyFollowUpRequest, ExtensionDecision
from coordination.services.cases import absence_record
from coordination.services.sweep import deadlines_sweep
from tests import factories

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")

ROLES_403 = ["care_manager", "service_user", "jobcentre_manager", "health_manager"]
ROLES_404 = ["other_professional", "other_service_user", "admin_user"]


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=CPH)


def url(case, tail=""):
    return f"/api/cases/{case.pk}/{tail}"


@pytest.fixture
def caller(api, request):
    def as_role(role):
        if role == "anonymous":
            api.credentials()
            return api
        return api.as_user(request.getfixturevalue(role))

    return as_role


@pytest.fixture
def case_2027(time_machine, open_case, consultant, other_service_user, other_professional):
    """Issue 14's example: an employee absent from 2026-07-20, reassessment 2027-01-31."""
    time_machine.move_to(at(date(2026, 7, 21)), tick=False)
    case = open_case(first_absence_day=date(2026, 7, 20), referral_date=date(2026, 7, 21))
    absence_record(actor=consultant, case=case, start=date(2026, 7, 20), end=None, kind="full")
    open_case(service_user=other_service_user, care_manager=other_professional)
    case.refresh_from_db()
    return case


def decide_none(client, case, on):
    return client.post(url(case, "extensions/"), {
        "ground": "none", "decided_on": on, "reasoning": "Able to work part time soon."})


def test_a_none_decision_at_a_2027_reassessment_gives_the_reduced_rate(
    case_2027, api, consultant, time_machine
):
    client = api.as_user(consultant)
    time_machine.move_to(at(date(2027, 1, 20)), tick=False)
    assert decide_none(client, case_2027, "2027-01-20").status_code == 201
    body = client.get(url(case_2027), {"as_of": "2027-01-31"}).json()
    assert (body["reassessment_date"], body["status"]) == ("2027-01-31", "active")
    assert client.get(url(case_2027), {"as_of": "2027-02-01"}).json()["status"] == (
        "reduced_benefit")
    # The same case, the same consultant.
    assert body["employment_consultant"]["id"] == str(consultant.pk)


def test_the_sweep_moves_a_2027_case_to_the_reduced_rate_and_a_2026_case_to_job_clarification(
    case_2027, open_case, api, consultant, time_machine, other_service_user
):
    client = api.as_user(consultant)
    time_machine.move_to(at(date(2026, 12, 20)), tick=False)
    # A second case absent from 2026-06-19: reassessment 2026-12-31.
    old = open_case(service_user=factories.ServiceUserFactory(),
                    first_absence_day=date(2026, 6, 19), referral_date=date(2026, 6, 25))
    absence_record(actor=consultant, case=old, start=date(2026, 6, 19), end=None, kind="full")
    assert decide_none(client, old, "2026-12-20").status_code == 201
    assert decide_none(client, case_2027, "2026-12-20").status_code == 201
    time_machine.move_to(at(date(2027, 2, 1)), tick=False)
    counts = deadlines_sweep()
    assert counts["cases_to_job_clarification"] == 1
    assert counts["cases_to_reduced_benefit"] == 1
    assert Case.objects.get(pk=old.pk).status == "job_clarification"
    assert Case.objects.get(pk=case_2027.pk).status == "reduced_benefit"
    assert client.get("/api/cases/", {"status": "reduced_benefit"}).json()["count"] == 1


def test_next_follow_up_due_follows_13_b_with_as_of(case_2027, api, consultant):
    client = api.as_user(consultant)
    # § 13 b, stk. 1: week 8 = 2026-07-20 + 55 = 2026-09-13; four by 2027-01-19.
    early = client.get(url(case_2027), {"as_of": "2026-08-01"}).json()
    assert early["next_follow_up_due"] == "2026-09-13"
    assert early["follow_up_regime"] == "standard"
    rows = client.get(url(case_2027, "deadlines/"), {"as_of": "2026-09-14"}).json()
    follow_ups = [(r["due"], r["status"]) for r in rows if r["kind"] == "follow_up"]
    assert follow_ups == [("2026-09-13", "overdue"), ("2027-01-19", "open")]


def test_the_consultant_sets_the_expected_return_date_and_the_case_becomes_exempt(
    case_2027, api, consultant, time_machine
):
    # lov nr. 1750/2025: employed, expected back within 26 weeks (by 2027-01-18): exempt.
    time_machine.move_to(at(date(2026, 8, 1)), tick=False)
    client = api.as_user(consultant)
    response = client.patch(url(case_2027), {"expected_return_date": "2026-10-01"},
                            format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["expected_return_date"] == "2026-10-01"
    assert body["follow_up_regime"] == "exempt"
    assert body["next_follow_up_due"] is None
    assert not Deadline.objects.filter(case=case_2027, kind="follow_up").exists()
    # Cleared again: the standard conversations are back.
    body = client.patch(url(case_2027), {"expected_return_date": None}, format="json").json()
    assert (body["follow_up_regime"], body["next_follow_up_due"]) == ("standard", "2026-09-13")


def test_an_exempt_case_tells_no_manager_of_an_overdue_conversation(
    case_2027, api, consultant, time_machine, jobcentre_manager
):
    time_machine.move_to(at(date(2026, 8, 1)), tick=False)
    api.as_user(consultant).patch(url(case_2027), {"expected_return_date": "2026-12-01"},
                                  format="json")
    time_machine.move_to(at(date(2026, 9, 20)), tick=False)
    deadlines_sweep()
    assert not jobcentre_manager.notifications.filter(kind="overdue", case=case_2027).exists()
    # Without the exemption, the overdue week-8 conversation reaches the manager.
    api.as_user(consultant).patch(url(case_2027), {"expected_return_date": None}, format="json")
    deadlines_sweep()
    assert jobcentre_manager.notifications.filter(kind="overdue", case=case_2027).exists()


def test_after_six_months_the_agreed_conversation_is_the_next_follow_up(
    case_2027, api, consultant, time_machine
):
    time_machine.move_to(at(date(2027, 1, 25)), tick=False)
    client = api.as_user(consultant)
    body = client.patch(url(case_2027), {"follow_up_agreed_on": "2027-03-01"},
                        format="json").json()
    assert body["follow_up_agreed_on"] == "2027-03-01"
    assert body["next_follow_up_due"] == "2026-09-13"  # week 8 still overdue: none held
    assert Deadline.objects.filter(case=case_2027, kind="follow_up",
                                   due=date(2027, 3, 1), status="open").exists()


def test_an_early_follow_up_request_makes_the_first_conversation_due_within_14_days(
    case_2027, api, consultant, time_machine
):
    # § 13 b, stk. 2: "senest 2 uger efter" the request.
    time_machine.move_to(at(date(2026, 7, 28)), tick=False)
    client = api.as_user(consultant)
    response = client.post(url(case_2027, "early-follow-up/"),
                           {"requested_on": "2026-07-27", "requested_by": "employer"},
                           format="json")
    assert response.status_code == 201
    assert response.json()["requested_by"] == "employer"
    body = client.get(url(case_2027)).json()
    assert body["next_follow_up_due"] == "2026-08-10"


@pytest.mark.parametrize("payload,field", [
    ({"requested_on": "2026-07-27", "requested_by": "neighbour"}, "requested_by"),
    ({"requested_on": "yesterday", "requested_by": "employer"}, "requested_on"),
    ({"requested_on": "2026-08-27", "requested_by": "employer"}, "requested_on"),  # future
    ({"requested_on": "2026-07-01", "requested_by": "employee"}, "requested_on"),  # too early
    ({"requested_by": "employee"}, "requested_on"),
])
def test_a_bad_early_follow_up_request_is_a_field_error_and_nothing_is_stored(
    case_2027, api, consultant, time_machine, payload, field
):
    time_machine.move_to(at(date(2026, 7, 28)), tick=False)
    response = api.as_user(consultant).post(url(case_2027, "early-follow-up/"), payload,
                                            format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not EarlyFollowUpRequest.objects.exists()


@pytest.mark.parametrize("payload,field", [
    ({"expected_return_date": "2026-13-01"}, "expected_return_date"),
    ({"expected_return_date": "2026-07-01"}, "expected_return_date"),  # before day one
    ({"follow_up_agreed_on": "2026-07-01"}, "follow_up_agreed_on"),  # in the past
    ({"follow_up_agreed_on": "9999-01-01"}, "follow_up_agreed_on"),
    ({"status": "closed"}, "status"),
    ({}, "non_field_errors"),
])
def test_a_bad_patch_is_a_field_error_and_nothing_changes(
    case_2027, api, consultant, payload, field
):
    response = api.as_user(consultant).patch(url(case_2027), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    case = Case.objects.get(pk=case_2027.pk)
    assert (case.expected_return_date, case.follow_up_agreed_on, case.status) == (
        None, None, "active")


@pytest.mark.parametrize("role", ROLES_403)
def test_only_the_consultant_sets_follow_up_others_who_see_the_case_get_403(
    case_2027, caller, role
):
    client = caller(role)
    assert client.patch(url(case_2027), {"expected_return_date": "2026-10-01"},
                        format="json").status_code == 403
    assert client.post(url(case_2027, "early-follow-up/"),
                       {"requested_on": "2026-07-21", "requested_by": "employer"},
                       format="json").status_code == 403
    assert Case.objects.get(pk=case_2027.pk).expected_return_date is None
    assert not EarlyFollowUpRequest.objects.exists()


@pytest.mark.parametrize("role", ROLES_404)
def test_those_who_may_not_see_the_case_get_404(case_2027, caller, role):
    client = caller(role)
    assert client.patch(url(case_2027), {"expected_return_date": "2026-10-01"},
                        format="json").status_code == 404
    assert client.post(url(case_2027, "early-follow-up/"),
                       {"requested_on": "2026-07-21", "requested_by": "employer"},
                       format="json").status_code == 404


def test_anonymous_gets_401(case_2027, caller):
    client = caller("anonymous")
    assert client.patch(url(case_2027), {}, format="json").status_code == 401
    assert client.post(url(case_2027, "early-follow-up/"), {}).status_code == 401


@pytest.mark.parametrize("ground", ["p27_2", "p27_3"])
def test_a_capped_ground_without_valid_until_is_refused_with_a_clear_code(
    case_2027, api, consultant, time_machine, ground
):
    time_machine.move_to(at(date(2027, 1, 20)), tick=False)
    response = api.as_user(consultant).post(url(case_2027, "extensions/"), {
        "ground": ground, "decided_on": "2027-01-20", "medical_evidence": True,
        "reasoning": "r"})
    assert response.status_code == 400
    assert response.json()["code"] == "valid_until_required"
    assert not ExtensionDecision.objects.exists()


def test_a_decision_beyond_the_grounds_limit_is_refused(case_2027, api, consultant,
                                                        time_machine):
    # p27_2: 69 weeks (483 days) from 2027-01-31 = 2028-05-28.
    time_machine.move_to(at(date(2027, 1, 20)), tick=False)
    client = api.as_user(consultant)
    response = client.post(url(case_2027, "extensions/"), {
        "ground": "p27_2", "decided_on": "2027-01-20", "valid_until": "2028-05-29",
        "reasoning": "r"})
    assert response.status_code == 400
    assert response.json()["code"] == "extension_too_long"
    assert client.post(url(case_2027, "extensions/"), {
        "ground": "p27_2", "decided_on": "2027-01-20", "valid_until": "2028-05-28",
        "reasoning": "r"}).status_code == 201


def test_a_none_decision_at_a_2026_reassessment_gives_job_clarification_with_as_of(
    open_case, api, consultant, time_machine, other_service_user
):
    # Absent from 2026-06-19: reassessment 2026-12-31, before the 2027 switch date.
    time_machine.move_to(at(date(2026, 12, 20)), tick=False)
    case = open_case(service_user=other_service_user, first_absence_day=date(2026, 6, 19),
                     referral_date=date(2026, 6, 25))
    absence_record(actor=consultant, case=case, start=date(2026, 6, 19), end=None, kind="full")
    client = api.as_user(consultant)
    assert decide_none(client, case, "2026-12-20").status_code == 201
    statuses = {
        day: client.get(url(case), {"as_of": day}).json()["status"]
        for day in ("2026-12-19", "2026-12-31", "2027-01-01", "2027-06-01")
    }
    assert statuses == {"2026-12-19": "active", "2026-12-31": "active",
                        "2027-01-01": "job_clarification", "2027-06-01": "job_clarification"}
    # Touching periods keep one employer period: partial leave from 2026-12-21 changes
    # nothing about the reassessment date.
    absence = case.absences.get()
    absence.end = date(2026, 12, 20)
    absence.save()
    client.post(url(case, "absences/"), {"start": "2026-12-21", "end": None, "kind": "partial"},
                format="json")
    assert client.get(url(case)).json()["reassessment_date"] == "2026-12-31"
