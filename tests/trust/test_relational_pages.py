"""The survey page, the manager's collaboration page and the dashboard's continuity figures
(issue 21), through the pages; the continuity figures on seeded handovers are checked
against a direct count of the memberships."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Case, CaseMembership
from tests import factories
from tests.factories import hand_over
from trust.dashboard.continuity import pair_continuity, team_changes
from trust.models import DIMENSION_CODES, RelationalCoordinationAnswer

pytestmark = pytest.mark.django_db

SURVEY = "/relational-coordination/"
SUMMARY = "/relational-coordination/summary/"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def form(colleague, score=4):
    return {"colleague": str(colleague.pk), **{code: str(score) for code in DIMENSION_CODES}}


def test_a_professional_answers_on_the_page_once_a_quarter(client, handed_over_case, care_manager,
                                                           consultant):
    client.force_login(care_manager)
    page = client.get(SURVEY)
    assert page.status_code == 200 and consultant.display_name in page.content.decode()
    assert client.post(SURVEY, form(consultant)).status_code == 302
    assert RelationalCoordinationAnswer.objects.filter(respondent=care_manager).count() == 1
    # The colleague is no longer offered this quarter; posting them anyway is a form error.
    again = client.post(SURVEY, form(consultant, 1))
    assert again.status_code == 400
    assert RelationalCoordinationAnswer.objects.get().frequent == 4
    mine = client.get(SURVEY).content.decode()
    assert 'data-testid="rc-answer"' in mine


def test_a_colleague_not_shared_is_refused_on_the_page(
    client, handed_over_case, care_manager, other_case
):
    client.force_login(care_manager)
    response = client.post(SURVEY, form(other_case.employment_consultant))
    assert response.status_code == 400 and not RelationalCoordinationAnswer.objects.exists()


def test_an_incomplete_answer_is_400_with_the_fields(
    client, handed_over_case, care_manager, consultant
):
    client.force_login(care_manager)
    response = client.post(SURVEY, {"colleague": str(consultant.pk), "frequent": "9"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= set(DIMENSION_CODES)


@pytest.mark.parametrize("who", ["service_user", "jobcentre_manager", "admin_user"])
def test_the_survey_page_is_for_professionals(client, handed_over_case, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(SURVEY).status_code == 403


@pytest.mark.parametrize("who", ["care_manager", "consultant", "service_user", "admin_user"])
def test_the_collaboration_page_is_for_managers(client, handed_over_case, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(SUMMARY).status_code == 403


def _team_of_three(consultant, mental_health):
    people = []
    for _ in range(3):
        cm = factories.CareManagerFactory(organisation=mental_health)
        factories.CaseFactory(care_manager=cm, employment_consultant=consultant)
        people.append(cm)
    return people


def test_the_manager_sees_the_trend_chart_and_averages_never_an_answer(
    client, consultant, mental_health, jobcentre_manager
):
    people = _team_of_three(consultant, mental_health)
    for score, cm in zip((1, 2, 3), people, strict=True):
        client.force_login(cm)
        assert client.post(SURVEY, form(consultant, score)).status_code == 302
    client.force_login(jobcentre_manager)
    page = client.get(SUMMARY).content.decode()
    assert 'data-testid="rc-trend-0"' in page and "<svg" in page
    assert 'data-testid="rc-index">2,00<' in page or 'data-testid="rc-index">2.00<' in page
    assert "<script" not in page.split("</header>")[-1] and "style=" not in page


def test_the_pages_take_the_same_queries_however_many_answers(
    client, consultant, mental_health, jobcentre_manager
):
    def queries(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    people = _team_of_three(consultant, mental_health)
    client.force_login(people[0])
    client.post(SURVEY, form(consultant))
    few_summary = queries(jobcentre_manager, SUMMARY)
    few_survey = queries(consultant, SURVEY)
    for cm in people[1:] + _team_of_three(consultant, mental_health):
        client.force_login(cm)
        client.post(SURVEY, form(consultant))
        client.force_login(consultant)
        client.post(SURVEY, form(cm))
    assert queries(jobcentre_manager, SUMMARY) == few_summary
    assert queries(consultant, SURVEY) == few_survey
    cases = list(Case.objects.all())
    hand_over(cases[0], "care_manager", factories.CareManagerFactory(organisation=mental_health))
    dashboard_few = queries(jobcentre_manager, "/dashboard/")
    for case in cases[1:]:
        hand_over(case, "care_manager", factories.CareManagerFactory(organisation=mental_health))
    assert queries(jobcentre_manager, "/dashboard/") == dashboard_few


# --- continuity on seeded handovers, against a direct count -----------------------------------


def _at(day):
    return datetime(*day, 10, tzinfo=COPENHAGEN)


@pytest.fixture
def seeded(mental_health, jobcentre):
    """Three cases opened on 2026-03-02; handovers on known days (Europe/Copenhagen)."""
    cms = [factories.CareManagerFactory(organisation=mental_health) for _ in range(3)]
    ecs = [factories.EmploymentConsultantFactory(organisation=jobcentre) for _ in range(2)]
    with time_machine.travel(_at((2026, 3, 2))):
        cases = [
            factories.CaseFactory(care_manager=cms[0], employment_consultant=ecs[0]),
            factories.CaseFactory(care_manager=cms[0], employment_consultant=ecs[1]),
            factories.CaseFactory(care_manager=cms[1], employment_consultant=ecs[1]),
        ]
    with time_machine.travel(_at((2026, 6, 1))):  # long ago by December
        hand_over(cases[0], "employment_consultant", ecs[1])
    with time_machine.travel(_at((2026, 10, 15))):  # within 90 days of 2026-12-01
        hand_over(cases[0], "care_manager", cms[2])
    with time_machine.travel(_at((2026, 11, 20))):
        hand_over(cases[2], "employment_consultant", ecs[0])
    return {"cases": cases, "cms": cms, "ecs": ecs}


def _direct_team_changes(manager, today):
    since = today - timedelta(days=90)
    visible = Case.objects.for_user(manager)
    return {
        m.case_id for m in CaseMembership.objects.filter(case__in=visible)
        if m.ended_at and timezone.localdate(m.ended_at) >= since
    }


def test_the_dashboard_continuity_figures_match_a_direct_count(client, seeded,
                                                               jobcentre_manager):
    today = datetime(2026, 12, 1).date()
    cases = seeded["cases"]
    with time_machine.travel(_at((2026, 12, 1))):
        figures = team_changes(jobcentre_manager)
        client.force_login(jobcentre_manager)
        page = client.get("/dashboard/").content.decode()
    direct = _direct_team_changes(jobcentre_manager, today)
    assert {row["case"] for row in figures["cases"]} == direct == {cases[0].pk, cases[2].pk}
    assert figures["count"] == len(direct)
    assert page.count('data-testid="team-change"') == len(direct)
    by_case = {row["case"]: row for row in figures["cases"]}
    for case_id, row in by_case.items():
        assert row["handovers"] == CaseMembership.objects.filter(
            case_id=case_id, ended_at__isnull=False
        ).count()
    # Case A: team (cm0, ec0) 2 Mar-1 Jun = 91 days, (cm0, ec1) 1 Jun-15 Oct = 136 days,
    # (cm2, ec1) 15 Oct-1 Dec = 47 days. Case C: (cm1, ec1) 2 Mar-20 Nov = 263 days.
    assert by_case[cases[0].pk]["longest_team_days"] == 136
    assert by_case[cases[2].pk]["longest_team_days"] == 263
    assert by_case[cases[0].pk]["changed_on"].isoformat() == "2026-10-15"
    assert 'data-testid="longest-team">136<' in page


def test_pair_continuity_matches_a_direct_count(seeded, jobcentre_manager):
    cms, ecs = seeded["cms"], seeded["ecs"]
    with time_machine.travel(_at((2026, 12, 1))):
        rows = pair_continuity(jobcentre_manager)
    got = {(r["care_manager"], r["employment_consultant"]): r for r in rows}
    # cm0 with ec1: case B all along (2 Mar-1 Dec, 274 days), case A 1 Jun-15 Oct inside it.
    pair = got[(cms[0].display_name, ecs[1].display_name)]
    assert (pair["cases"], pair["days"], pair["current"]) == (2, 274, True)
    assert pair["since"].isoformat() == "2026-03-02"
    assert got[(cms[0].display_name, ecs[0].display_name)]["days"] == 91
    assert got[(cms[1].display_name, ecs[0].display_name)]["days"] == 11  # 20 Nov-1 Dec
    # Every pair the memberships give, and no other.
    direct = set()
    for case in seeded["cases"]:
        members = list(case.memberships.all())
        for a in members:
            for b in members:
                if a.role == "care_manager" and b.role == "employment_consultant":
                    ends = [e for e in (a.ended_at, b.ended_at) if e]
                    if not ends or min(ends) > max(a.started_at, b.started_at):
                        direct.add((a.user.display_name, b.user.display_name))
    assert set(got) == direct
