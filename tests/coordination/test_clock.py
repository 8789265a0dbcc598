"""case_recompute: the stored projections and Deadline rows follow DOMAIN.md."""
from datetime import date

import pytest

from coordination.models import AbsencePeriod, Deadline, ExtensionDecision
from coordination.services.clock import case_recompute
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def deadlines(case):
    return sorted(Deadline.objects.filter(case=case).values_list("kind", "due", "status"))


def test_the_worked_example_stores_week_22_and_the_first_follow_up():
    case = CaseFactory(first_absence_day=date(2026, 1, 5))
    AbsencePeriod.objects.create(case=case, start=date(2026, 1, 5), kind="full")
    case = case_recompute(case=case, today=date(2026, 3, 1))
    assert case.reassessment_date == date(2026, 7, 31)
    assert case.next_follow_up_due == date(2026, 3, 1)  # 2026-01-05 + 55 days
    assert case.status == "active"
    # § 13 b, stk. 1: the first by the end of week 8, four by the end of six months.
    assert deadlines(case) == [
        ("follow_up", date(2026, 3, 1), "open"),
        ("follow_up", date(2026, 7, 4), "open"),
        ("reassessment", date(2026, 7, 31), "open"),
    ]


def test_recomputing_twice_changes_nothing():
    case = CaseFactory(first_absence_day=date(2026, 1, 5))
    AbsencePeriod.objects.create(case=case, start=date(2026, 1, 5), kind="full")
    case_recompute(case=case, today=date(2026, 8, 2))
    first = deadlines(case)
    case_recompute(case=case, today=date(2026, 8, 2))
    assert deadlines(case) == first
    assert ("reassessment", date(2026, 7, 31), "overdue") in first


def test_a_decision_in_time_meets_the_reassessment_and_none_leads_to_job_clarification():
    case = CaseFactory(first_absence_day=date(2026, 1, 5))
    AbsencePeriod.objects.create(case=case, start=date(2026, 1, 5), kind="full")
    ExtensionDecision.objects.create(
        case=case, ground="none", decided_on=date(2026, 7, 20), reasoning="r",
        decided_by=case.employment_consultant,
    )
    case = case_recompute(case=case, today=date(2026, 8, 1))
    assert ("reassessment", date(2026, 7, 31), "met") in deadlines(case)
    assert case.status == "job_clarification"


def test_an_extension_with_valid_until_creates_a_review_deadline():
    case = CaseFactory(first_absence_day=date(2026, 1, 5))
    AbsencePeriod.objects.create(case=case, start=date(2026, 1, 5), kind="full")
    ExtensionDecision.objects.create(
        case=case, ground="p27_2", decided_on=date(2026, 7, 20), valid_until=date(2026, 12, 31),
        reasoning="r", decided_by=case.employment_consultant,
    )
    case = case_recompute(case=case, today=date(2026, 8, 1))
    assert ("extension_review", date(2026, 12, 31), "open") in deadlines(case)
    assert case.status == "extended"
