"""The case services: roles, validation, history and the clock kept in step."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coordination.benefit_rules import ExtensionRefused
from coordination.models import (
    AbsencePeriod,
    Case,
    CaseMembership,
    Deadline,
    ExtensionDecision,
    Plan,
)
from coordination.services.cases import (
    absence_record,
    case_hand_over,
    extension_decide,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_opening_a_case_writes_the_team_history_the_plan_and_the_first_follow_up(open_case):
    case = open_case()
    assert sorted(case.memberships.values_list("role", flat=True)) == [
        "care_manager", "employment_consultant"
    ]
    assert all(m.ended_at is None for m in case.memberships.all())
    assert Plan.objects.filter(case=case).exists()
    # No absence yet: no reassessment, but the week-8 follow-up is due from day one.
    assert case.reassessment_date is None
    assert case.next_follow_up_due == date(2026, 3, 1)
    # § 13 b, stk. 1: by week 8, and four conversations by the end of six months.
    assert sorted(Deadline.objects.filter(case=case, kind="follow_up").values_list(
        "due", flat=True)) == [date(2026, 3, 1), date(2026, 7, 4)]


@pytest.mark.parametrize(
    "field", ["service_user", "care_manager", "employment_consultant"]
)
def test_an_account_of_the_wrong_role_is_a_field_error_and_nothing_is_created(
    open_case, field, jobcentre_manager
):
    with pytest.raises(ValidationError) as error:
        open_case(**{field: jobcentre_manager})
    assert field in error.value.message_dict
    assert Case.objects.count() == 0


def test_a_consultant_from_another_jobcentre_is_refused(open_case):
    elsewhere = factories.EmploymentConsultantFactory(
        organisation=factories.OrganisationFactory(name="Jobcenter Andet", kind="jobcentre")
    )
    with pytest.raises(ValidationError) as error:
        open_case(employment_consultant=elsewhere)
    assert "employment_consultant" in error.value.message_dict


@pytest.mark.parametrize("actor", ["care_manager", "health_manager", "service_user"])
def test_only_consultants_and_jobcentre_managers_open_cases(open_case, actor, request):
    with pytest.raises(PermissionDenied):
        open_case(actor=request.getfixturevalue(actor))


def test_a_jobcentre_manager_opens_a_case(open_case, jobcentre_manager):
    assert open_case(actor=jobcentre_manager).created_by == jobcentre_manager


def test_the_worked_example_reaches_week_22_on_2026_07_31(worked_case):
    assert worked_case.reassessment_date == date(2026, 7, 31)


@pytest.mark.parametrize(
    "start,end,field",
    [
        (date(2026, 3, 1), date(2026, 2, 1), "end"),  # reversed
        (date(2026, 3, 1), None, "start"),  # inside the ongoing period
        (date(2025, 12, 1), date(2025, 12, 5), "start"),  # before the first absence day
    ],
)
def test_bad_absences_are_refused_and_change_nothing(worked_case, consultant, start, end, field):
    before = AbsencePeriod.objects.count()
    with pytest.raises(ValidationError) as error:
        absence_record(actor=consultant, case=worked_case, start=start, end=end, kind="full")
    assert field in error.value.message_dict
    assert AbsencePeriod.objects.count() == before


def test_periods_touching_but_not_overlapping_are_accepted(open_case, care_manager):
    case = open_case()
    absence_record(
        actor=care_manager, case=case, start=date(2026, 1, 5), end=date(2026, 2, 1), kind="full"
    )
    absence_record(
        actor=care_manager, case=case, start=date(2026, 2, 2), end=None, kind="partial"
    )
    with pytest.raises(ValidationError):
        absence_record(
            actor=care_manager, case=case, start=date(2026, 1, 10), end=date(2026, 1, 12),
            kind="full",
        )
    assert case.absences.count() == 2


def test_managers_do_not_record_absences(worked_case, jobcentre_manager):
    with pytest.raises(PermissionDenied):
        absence_record(
            actor=jobcentre_manager, case=worked_case, start=date(2026, 9, 1), end=None, kind="full"
        )


def test_a_ground_needing_evidence_without_it_is_refused(worked_case, consultant):
    with pytest.raises(ExtensionRefused) as refused:
        extension_decide(
            actor=consultant, case=worked_case, ground="p27_3", decided_on=date(2026, 7, 20),
            medical_evidence=False, reasoning="Treatment",
        )
    assert refused.value.code == "medical_evidence_required"
    assert ExtensionDecision.objects.count() == 0


def test_an_extension_beyond_69_weeks_is_too_long(worked_case, consultant):
    with pytest.raises(ExtensionRefused) as refused:
        extension_decide(
            actor=consultant, case=worked_case, ground="p27_2", decided_on=date(2026, 7, 20),
            medical_evidence=False, valid_until=date(2027, 11, 27), reasoning="Placement",
        )
    assert refused.value.code == "extension_too_long"


def test_an_extension_meets_the_reassessment_and_adds_a_review(worked_case, consultant):
    extension_decide(
        actor=consultant, case=worked_case, ground="p27_2", decided_on=date(2026, 7, 20),
        medical_evidence=False, valid_until=date(2027, 11, 26), reasoning="Placement",
    )
    rows = set(worked_case.deadlines.values_list("kind", "due", "status"))
    assert ("reassessment", date(2026, 7, 31), "met") in rows
    assert ("extension_review", date(2027, 11, 26), "open") in rows
    worked_case.refresh_from_db()
    assert worked_case.status == "extended"


def test_the_care_manager_cannot_decide_an_extension(worked_case, care_manager):
    with pytest.raises(PermissionDenied):
        extension_decide(
            actor=care_manager, case=worked_case, ground="none", decided_on=date(2026, 7, 20),
            medical_evidence=False, reasoning="r",
        )


def test_handover_keeps_the_history_and_moves_the_deadlines(worked_case, consultant, jobcentre):
    successor = factories.EmploymentConsultantFactory(organisation=jobcentre)
    case_hand_over(
        actor=consultant, case=worked_case, role="employment_consultant", to_user=successor
    )
    worked_case.refresh_from_db()
    assert worked_case.employment_consultant == successor
    history = list(
        CaseMembership.objects.filter(case=worked_case, role="employment_consultant")
        .order_by("started_at")
        .values_list("user_id", "ended_at")
    )
    assert history[0][0] == consultant.pk and history[0][1] is not None
    assert history[1] == (successor.pk, None)
    assert set(worked_case.deadlines.values_list("responsible_id", flat=True)) == {successor.pk}


def test_handover_to_a_consultant_as_care_manager_is_refused(
    worked_case, consultant, care_manager, jobcentre
):
    successor = factories.EmploymentConsultantFactory(organisation=jobcentre)
    with pytest.raises(ValidationError) as error:
        case_hand_over(actor=care_manager, case=worked_case, role="care_manager", to_user=successor)
    assert "to" in error.value.message_dict
    assert CaseMembership.objects.filter(case=worked_case).count() == 2
