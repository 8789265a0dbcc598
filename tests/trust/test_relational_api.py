"""The relational coordination survey through the API (API.md, `relational-coordination`;
issue 21): professionals answer about colleagues of the other organisation they share cases
with, once a quarter per colleague; managers read averages per pair of organisations and
quarter, only from 3 people and in steps of 3 answers (the feedback batch rule)."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coordination.models import Notification, NotificationKind
from ibbis.accounts.models import OrganisationKind
from tests import factories
from trust.models import RelationalCoordinationAnswer, RelationalSurveyReminder
from trust.services import relational_survey_remind

pytestmark = pytest.mark.django_db

URL = "/api/relational-coordination/"
SUMMARY = "/api/relational-coordination/summary/"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
SCORES = {
    "frequent": 4, "timely": 3, "accurate": 5, "problem_solving": 4,
    "shared_goals": 2, "shared_knowledge": 3, "mutual_respect": 5,
}


def answer(api, respondent, about, **change):
    return api.as_user(respondent).post(
        URL, {"colleague": str(about.pk), **SCORES, **change}, format="json"
    )


def care_managers_sharing_with(consultant, mental_health, n):
    """`n` care managers, each on a case of their own with `consultant`."""
    people = []
    for _ in range(n):
        cm = factories.CareManagerFactory(organisation=mental_health)
        factories.CaseFactory(care_manager=cm, employment_consultant=consultant)
        people.append(cm)
    return people


def test_a_care_manager_answers_about_the_consultant_of_a_shared_case(
    api, handed_over_case, care_manager, consultant
):
    response = answer(api, care_manager, consultant)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["colleague"]["id"] == str(consultant.pk)
    assert body["mutual_respect"] == 5 and body["quarter"].count("-Q") == 1
    stored = RelationalCoordinationAnswer.objects.get()
    assert stored.respondent == care_manager and stored.colleague_organisation_id == (
        consultant.organisation_id
    )


def test_the_consultant_answers_about_the_care_manager_too(
    api, handed_over_case, care_manager, consultant
):
    assert answer(api, consultant, care_manager).status_code == 201


def test_a_former_colleague_on_the_case_may_be_answered_about(
    api, handed_over_case, care_manager, former_ec
):
    # former_ec handed the case over after care_manager had joined it: they shared it.
    assert answer(api, care_manager, former_ec).status_code == 201


def test_once_a_quarter_per_colleague_then_409_already_answered(api, handed_over_case, care_manager,
                                                              consultant):
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=COPENHAGEN)):
        assert answer(api, care_manager, consultant).status_code == 201
        second = answer(api, care_manager, consultant, frequent=1)
        assert second.status_code == 409 and second.json()["code"] == "already_answered"
    # Europe/Copenhagen: 1 January 00:30 local is still 31 December in UTC, but a new quarter.
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=COPENHAGEN)):
        next_quarter = answer(api, care_manager, consultant)
        assert next_quarter.status_code == 201 and next_quarter.json()["quarter"] == "2027-Q1"
    assert RelationalCoordinationAnswer.objects.count() == 2


def test_a_colleague_not_shared_is_400_not_a_colleague_and_so_is_a_stranger(
    api, handed_over_case, care_manager, other_case, other_professional, jobcentre
):
    unshared_consultant = other_case.employment_consultant
    for colleague in (unshared_consultant, other_professional):
        response = answer(api, care_manager, colleague)
        assert response.status_code == 400 and response.json()["code"] == "not_a_colleague"
    nobody = api.as_user(care_manager).post(
        URL, {"colleague": "00000000-0000-4000-8000-000000000000", **SCORES}, format="json"
    )
    assert nobody.status_code == 400 and nobody.json()["code"] == "not_a_colleague"
    assert not RelationalCoordinationAnswer.objects.exists()


@pytest.mark.parametrize(
    "change,field",
    [({"frequent": 0}, "frequent"), ({"timely": 6}, "timely"), ({"accurate": "x"}, "accurate"),
     ({"mutual_respect": None}, "mutual_respect"), ({"colleague": "not-a-uuid"}, "colleague")],
)
def test_bad_scores_are_400_with_the_field(
    api, handed_over_case, care_manager, consultant, change, field
):
    response = answer(api, care_manager, consultant, **change)
    assert response.status_code == 400 and field in response.json()


def test_malformed_json_is_400_never_500(api, handed_over_case, care_manager):
    response = api.as_user(care_manager).post(URL, data="{", content_type="application/json")
    assert response.status_code == 400


def test_a_professional_lists_only_their_own_answers(
    api, handed_over_case, care_manager, consultant, former_cm
):
    answer(api, care_manager, consultant)
    answer(api, consultant, care_manager)
    mine = api.as_user(care_manager).get(URL).json()
    assert mine["count"] == 1 and mine["results"][0]["colleague"]["id"] == str(consultant.pk)
    # Not the answer about them, and a colleague who answered nothing sees nothing.
    assert api.as_user(former_cm).get(URL).json()["count"] == 0


@pytest.mark.parametrize("who", ["service_user", "jobcentre_manager", "admin_user"])
def test_nobody_but_a_professional_answers_or_lists(
    api, handed_over_case, request, consultant, who
):
    user = request.getfixturevalue(who)
    assert api.as_user(user).get(URL).status_code == 403
    assert answer(api, user, consultant).status_code == 403
    assert api.as_user(user).get(URL + "colleagues/").status_code == 403


def test_anonymous_gets_401(api):
    assert api.get(URL).status_code == 401 and api.get(SUMMARY).status_code == 401


@pytest.mark.parametrize("who", ["care_manager", "consultant", "service_user", "admin_user"])
def test_only_managers_read_the_summary(api, handed_over_case, request, who):
    assert api.as_user(request.getfixturevalue(who)).get(SUMMARY).status_code == 403


def test_colleagues_lists_the_shared_ones_and_what_is_answered(api, handed_over_case, care_manager,
                                                               consultant, former_ec):
    answer(api, care_manager, consultant)
    rows = api.as_user(care_manager).get(URL + "colleagues/").json()
    assert {r["id"]: r["answered_this_quarter"] for r in rows} == {
        str(consultant.pk): True, str(former_ec.pk): False,
    }


def summary_of(api, manager):
    # One client for everyone (api.as_user swaps its token), so sign in again each time.
    return api.as_user(manager).get(SUMMARY).json()


def _pair(summary):
    (pair,) = summary["pairs"]
    (quarter,) = pair["quarters"]
    return pair, quarter


def test_averages_show_from_three_people_and_move_in_steps_of_three(
    api, consultant, mental_health, jobcentre_manager, health_manager
):
    people = care_managers_sharing_with(consultant, mental_health, 7)
    assert summary_of(api, jobcentre_manager)["pairs"] == []

    answer(api, people[0], consultant, frequent=1)
    answer(api, people[1], consultant, frequent=2)
    _pair_, quarter = _pair(summary_of(api, jobcentre_manager))
    assert quarter["responses"] == 0 and quarter["averages"] is None

    answer(api, people[2], consultant, frequent=3)
    pair, quarter = _pair(summary_of(api, jobcentre_manager))
    assert pair["mental_health"]["name"] == mental_health.name
    assert quarter["responses"] == 3 and quarter["averages"]["frequent"] == 2.0
    assert quarter["averages"]["index"] == round((2 + 3 + 5 + 4 + 2 + 3 + 5) / 7, 2)

    # A fourth and fifth answer change nothing: no single answer shows in a difference.
    answer(api, people[3], consultant, frequent=5)
    answer(api, people[4], consultant, frequent=5)
    _pair_, unchanged = _pair(summary_of(api, jobcentre_manager))
    assert unchanged == quarter
    answer(api, people[5], consultant, frequent=5)
    _pair_, moved = _pair(summary_of(api, jobcentre_manager))
    assert moved["responses"] == 6 and moved["averages"]["frequent"] == round(21 / 6, 2)
    # Per side of the pair: the care managers answered, the consultant did not.
    sides = {s["organisation"]["name"]: s for s in moved["by_organisation"]}
    assert sides[mental_health.name]["averages"] == moved["averages"]
    assert sides[consultant.organisation.name]["responses"] == 0
    assert sides[consultant.organisation.name]["averages"] is None
    # The other side's manager reads the same pair.
    assert summary_of(api, health_manager)["pairs"] == (
        summary_of(api, jobcentre_manager)["pairs"]
    )


def test_three_answers_by_fewer_than_three_people_show_no_averages(
    api, mental_health, jobcentre, jobcentre_manager
):
    cm = factories.CareManagerFactory(organisation=mental_health)
    consultants = [factories.EmploymentConsultantFactory(organisation=jobcentre)
                   for _ in range(3)]
    for ec in consultants:
        factories.CaseFactory(care_manager=cm, employment_consultant=ec)
        assert answer(api, cm, ec).status_code == 201
    _pair_, quarter = _pair(api.as_user(jobcentre_manager).get(SUMMARY).json())
    assert quarter["responses"] == 3 and quarter["averages"] is None


def test_a_manager_of_another_organisation_sees_nothing_of_the_pair(api, consultant,
                                                                    mental_health):
    people = care_managers_sharing_with(consultant, mental_health, 3)
    for cm in people:
        answer(api, cm, consultant)
    stranger_org = factories.OrganisationFactory(name="Jobcenter Fjern",
                                                 kind=OrganisationKind.JOBCENTRE)
    stranger = factories.ManagerFactory(organisation=stranger_org)
    assert api.as_user(stranger).get(SUMMARY).json()["pairs"] == []


def test_quarters_are_kept_apart_in_the_summary(api, consultant, mental_health,
                                                jobcentre_manager):
    people = care_managers_sharing_with(consultant, mental_health, 3)
    with time_machine.travel(datetime(2026, 12, 10, 9, tzinfo=COPENHAGEN)):
        for cm in people:
            answer(api, cm, consultant, shared_goals=1)
    with time_machine.travel(datetime(2027, 2, 10, 9, tzinfo=COPENHAGEN)):
        for cm in people:
            answer(api, cm, consultant, shared_goals=5)
        (pair,) = api.as_user(jobcentre_manager).get(SUMMARY).json()["pairs"]
    assert [(q["quarter"], q["averages"]["shared_goals"]) for q in pair["quarters"]] == [
        ("2026-Q4", 1.0), ("2027-Q1", 5.0),
    ]


def test_summary_and_list_take_the_same_queries_however_many_answers(
    api, consultant, mental_health, jobcentre_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(client, url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    people = care_managers_sharing_with(consultant, mental_health, 9)
    for cm in people[:3]:
        answer(api, cm, consultant)
    few = queries(api.as_user(jobcentre_manager), SUMMARY)
    for cm in people[3:]:
        answer(api, cm, consultant)
        answer(api, consultant, cm)
    assert queries(api.as_user(jobcentre_manager), SUMMARY) == few
    # The consultant's list and colleagues: one answer against six, three colleagues or nine.
    lone = factories.EmploymentConsultantFactory(organisation=consultant.organisation)
    factories.CaseFactory(care_manager=people[0], employment_consultant=lone)
    answer(api, lone, people[0])
    assert queries(api.as_user(lone), URL) == queries(api.as_user(consultant), URL)
    assert queries(api.as_user(lone), URL + "colleagues/") == queries(
        api.as_user(consultant), URL + "colleagues/"
    )


def test_the_reminder_is_sent_once_per_quarter_however_often_it_runs(handed_over_case, care_manager,
                                                                     consultant, former_cm):
    with time_machine.travel(datetime(2027, 1, 1, 7, tzinfo=COPENHAGEN)):
        first = relational_survey_remind()
        again = relational_survey_remind()
    # former_cm left the case moments ago, so counts as lately on a case.
    assert first == 4 and again == 0
    kinds = Notification.objects.filter(kind=NotificationKind.RELATIONAL_SURVEY)
    assert {n.recipient for n in kinds} == {
        care_manager, consultant, former_cm, handed_over_case.memberships.get(
            role="employment_consultant", ended_at__isnull=False).user,
    }
    with time_machine.travel(datetime(2027, 4, 1, 7, tzinfo=COPENHAGEN)):
        assert relational_survey_remind() == 2  # a new quarter: those still on the case
    assert RelationalSurveyReminder.objects.count() == 6
