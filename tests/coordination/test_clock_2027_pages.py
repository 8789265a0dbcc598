"""Issue 14 on the pages: the follow-up form, the decision form's limits, the reduced rate on
the service user's page, the caseload and the timeline; the return check tells no manager.

Sources: DOMAIN.md (The seven extension grounds; Follow-up conversations); sygedagpengeloven
§ 13 b (LBK nr. 1179 af 21.09.2023), § 13 f (2025); KL høringssvar 12.11.2025.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from coordination.models import AbsencePeriod, Case, Deadline, ExtensionDecision, Notification
from coordination.services.clock import case_recompute
from coordination.services.sweep import deadlines_sweep
from coordination.timeline import build_timeline
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=CPH)


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def case_2027(time_machine, care_manager, consultant, service_user):
    """Absent from 2026-07-20: reassessment 2027-01-31 (issue 14's example)."""
    time_machine.move_to(at(date(2026, 12, 20)), tick=False)
    case = CaseFactory(care_manager=care_manager, employment_consultant=consultant,
                       service_user=service_user, first_absence_day=date(2026, 7, 20))
    AbsencePeriod.objects.create(case=case, start=date(2026, 7, 20), kind="full")
    return case_recompute(case=case)


def test_the_consultant_records_the_expected_return_and_the_agreed_conversation(
    client, case_2027, consultant
):
    page = as_user(client, consultant)
    html = page.get(f"/cases/{case_2027.pk}/").content.decode()
    assert 'data-testid="follow-up-form"' in html
    assert "at least four in the first six months" in html
    response = page.post(f"/cases/{case_2027.pk}/follow-up/", {
        "expected_return_date": "2027-04-01", "follow_up_agreed_on": "2027-02-15"})
    assert response.status_code == 302
    case = Case.objects.get(pk=case_2027.pk)
    assert case.expected_return_date == date(2027, 4, 1)
    assert case.follow_up_agreed_on == date(2027, 2, 15)
    assert case.follow_up_agreed_recorded_on == date(2026, 12, 20)
    assert Deadline.objects.filter(case=case, kind="follow_up", due=date(2027, 2, 15)).exists()


def test_a_past_agreed_conversation_is_refused_on_the_page_and_nothing_changes(
    client, case_2027, consultant
):
    response = as_user(client, consultant).post(
        f"/cases/{case_2027.pk}/follow-up/", {"follow_up_agreed_on": "2026-12-01"})
    assert response.status_code == 400
    assert 'id="id_follow_up_agreed_on_errors"' in response.content.decode()
    assert Case.objects.get(pk=case_2027.pk).follow_up_agreed_on is None


@pytest.mark.parametrize("who", ["care_manager", "service_user", "jobcentre_manager"])
def test_only_the_consultant_may_record_the_follow_up(client, case_2027, request, who):
    user = request.getfixturevalue(who)
    response = as_user(client, user).post(
        f"/cases/{case_2027.pk}/follow-up/", {"expected_return_date": "2027-04-01"})
    assert response.status_code == 403
    assert Case.objects.get(pk=case_2027.pk).expected_return_date is None


def test_the_decision_form_refuses_p27_2_without_an_end_date(client, case_2027, consultant):
    response = as_user(client, consultant).post(f"/cases/{case_2027.pk}/extensions/", {
        "ground": "p27_2", "decided_on": "2026-12-20", "reasoning": "Company placement."})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_valid_until_errors"' in html
    assert "give the date it is valid until (28 May 2028 at the latest)" in html
    assert not ExtensionDecision.objects.exists()


def test_the_decision_form_refuses_a_date_beyond_the_grounds_limit(
    client, case_2027, consultant
):
    response = as_user(client, consultant).post(f"/cases/{case_2027.pk}/extensions/", {
        "ground": "p27_2", "decided_on": "2026-12-20", "valid_until": "2028-05-29",
        "reasoning": "Company placement."})
    assert response.status_code == 400
    assert "until 28 May 2028 at the latest" in response.content.decode()
    assert not ExtensionDecision.objects.exists()


def test_the_reduced_rate_shows_on_the_service_users_page_caseload_and_timeline(
    client, case_2027, consultant, service_user, time_machine
):
    ExtensionDecision.objects.create(case=case_2027, ground="none",
                                     decided_on=date(2026, 12, 20), reasoning="r",
                                     decided_by=consultant)
    time_machine.move_to(at(date(2027, 2, 1)), tick=False)
    deadlines_sweep()
    case = Case.objects.get(pk=case_2027.pk)
    assert case.status == "reduced_benefit"

    html = as_user(client, service_user).get("/my-case/").content.decode()
    assert "you stay on sickness benefit at a lower rate from 1 February 2027" in html
    assert "It is the same case" in html and consultant.display_name in html
    assert "move to a job clarification programme" not in html

    caseload = as_user(Client(headers={"accept-language": "en"}), consultant).get(
        "/caseload/").content.decode()
    assert "Reduced rate since 1 February 2027" in caseload

    timeline = build_timeline(case, today=date(2027, 2, 1))
    assert [b.kind for b in timeline.bands if b.kind in (
        "reduced-benefit", "job-clarification")] == ["reduced-benefit"]
    assert timeline.reduced_benefit


def test_a_2026_reassessment_still_shows_job_clarification(
    client, care_manager, consultant, service_user, time_machine
):
    time_machine.move_to(at(date(2026, 12, 20)), tick=False)
    case = CaseFactory(care_manager=care_manager, employment_consultant=consultant,
                       service_user=service_user, first_absence_day=date(2026, 6, 19))
    AbsencePeriod.objects.create(case=case, start=date(2026, 6, 19), kind="full")
    ExtensionDecision.objects.create(case=case, ground="none", decided_on=date(2026, 12, 20),
                                     reasoning="r", decided_by=consultant)
    time_machine.move_to(at(date(2027, 1, 2)), tick=False)
    case = case_recompute(case=case)
    assert (case.reassessment_date, case.status) == (date(2026, 12, 31), "job_clarification")
    html = as_user(client, service_user).get("/my-case/").content.decode()
    assert "you move to a job clarification programme from 1 January 2027" in html


def test_an_overdue_return_check_is_not_sent_to_the_manager(
    care_manager, consultant, service_user, jobcentre_manager, time_machine
):
    # § 13 f (2025): expected back within 13 weeks of the first conversation: after it,
    # only a check on return, which is no conversation the law requires (DOMAIN.md:
    # "a manager is told when a deadline the law requires becomes overdue").
    time_machine.move_to(at(date(2025, 3, 10)), tick=False)
    case = CaseFactory(care_manager=care_manager, employment_consultant=consultant,
                       service_user=service_user, first_absence_day=date(2025, 3, 3),
                       expected_return_date=date(2025, 6, 1))
    AbsencePeriod.objects.create(case=case, start=date(2025, 3, 3), kind="full")
    case_recompute(case=case)
    assert Deadline.objects.filter(case=case, kind="return_check", due=date(2025, 6, 1)).exists()
    time_machine.move_to(at(date(2025, 6, 3)), tick=False)
    deadlines_sweep()
    check = Deadline.objects.get(case=case, kind="return_check")
    assert check.status == "overdue"
    assert not Notification.objects.filter(deadline=check, kind="overdue").exists()
    # The first conversation (week 8, 2025-04-27) was required and missed: that one is told.
    first = Deadline.objects.get(case=case, kind="follow_up")
    assert Notification.objects.filter(deadline=first, recipient=jobcentre_manager,
                                       kind="overdue").exists()
