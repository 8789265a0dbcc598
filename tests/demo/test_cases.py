"""seed_demo's cases: every state of the clock, realistic caseloads, idempotent, deterministic."""
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from coordination.models import (
    AbsencePeriod,
    Case,
    CaseMembership,
    Deadline,
    ExtensionDecision,
    Meeting,
)
from ibbis.accounts.models import Role, User

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue().splitlines()


def seed_cases(count=90, seed=1):
    """The case part of seed_demo alone (the command also seeds meetings, plans and notes,
    which have their own tests and take most of its time)."""
    from ibbis.demo import cases as demo

    people = demo.seed_people(seed=seed, service_users=max(30, count))
    demo.seed_cases(people, count=count, seed=seed)


def snapshot():
    return sorted(
        (
            case.service_user.username,
            case.care_manager.username,
            case.employment_consultant.username,
            case.first_absence_day,
            case.employment,
            case.status,
            case.reassessment_date,
            tuple(case.absences.values_list("start", "end", "kind")),
            tuple(case.decisions.values_list("ground", "decided_on", "valid_until")),
        )
        for case in Case.objects.select_related(
            "service_user", "care_manager", "employment_consultant"
        )
    )


def test_the_default_gives_each_professional_a_realistic_caseload():
    seed()
    assert Case.objects.count() == 90
    for role in (Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT):
        for professional in User.objects.filter(role=role):
            assert 25 <= Case.objects.current_for_professional(professional).count() <= 40


def test_cases_are_in_every_state_relative_to_today():
    seed_cases()
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"active", "extended", "job_clarification"} <= statuses
    # early: a few weeks in, far from week 22
    assert Case.objects.filter(first_absence_day__gte=TODAY - timedelta(weeks=6)).exists()
    # near week 22: the reassessment falls in the next 28 days
    assert Case.objects.filter(
        reassessment_date__gte=TODAY, reassessment_date__lte=TODAY + timedelta(days=28)
    ).exists()
    # extended on several grounds, p27_3 and p27_5 with their medical evidence
    grounds = set(ExtensionDecision.objects.values_list("ground", flat=True))
    assert {"p27_2", "p27_3", "p27_5", "none"} <= grounds
    assert not ExtensionDecision.objects.filter(
        ground__in=["p27_3", "p27_5"], medical_evidence=False
    ).exists()
    # overdue follow-up, and the reassessment missed without a decision
    assert Deadline.objects.filter(kind="follow_up", status="overdue").exists()
    assert Deadline.objects.filter(kind="reassessment", status="overdue").exists()
    assert Deadline.objects.filter(kind="extension_review", status="open").exists()
    # absences: partial leave, several spells, and people back at work
    assert AbsencePeriod.objects.filter(kind="partial").exists()
    several = Case.objects.annotate(n=Count("absences")).filter(n__gte=3)
    assert several.exists()
    assert Case.objects.filter(reassessment_date__isnull=True).exists()
    # handovers keep a former consultant in the history
    assert CaseMembership.objects.filter(ended_at__isnull=False).exists()


def test_the_stored_clock_matches_a_fresh_recompute():
    from coordination.services.clock import case_recompute

    seed_cases(24)
    before = snapshot()
    for case in Case.objects.all():
        case_recompute(case=case)
    assert snapshot() == before


def test_most_follow_ups_are_met_by_held_conversations():
    seed_cases()
    assert Meeting.objects.filter(status="held", kind="follow_up").count() > 90
    overdue = Deadline.objects.filter(kind="follow_up", status="overdue").count()
    assert 0 < overdue < 20


def test_the_demo_service_user_has_a_case_near_week_22():
    seed_cases()
    case = Case.objects.get(service_user__username="borger001")
    assert case.status == "active" and case.reassessment_date > TODAY


def test_cases_option_controls_the_number():
    seed("--cases", "12")
    assert Case.objects.count() == 12
    seed("--cases", "40")
    assert Case.objects.count() == 40
    assert User.objects.filter(role=Role.SERVICE_USER).count() == 40


def test_a_second_run_creates_nothing_and_keeps_the_logins():
    first_output = seed()
    first = snapshot()
    counts = (AbsencePeriod.objects.count(), Meeting.objects.count(), Deadline.objects.count())
    assert seed() == first_output
    assert snapshot() == first
    assert (
        AbsencePeriod.objects.count(), Meeting.objects.count(), Deadline.objects.count()
    ) == counts


def seeded_and_rolled_back(*args):
    """What a seed run writes, then undone (cases cannot be deleted: the access log that
    hangs off them is append-only on PostgreSQL)."""
    with transaction.atomic():
        seed_cases(*args)
        result = snapshot()
        transaction.set_rollback(True)
    return result


def test_the_same_seed_gives_the_same_cases_and_another_seed_others():
    first = seeded_and_rolled_back(30, 7)
    assert len(first) == 30
    assert seeded_and_rolled_back(30, 7) == first
    assert seeded_and_rolled_back(30, 8) != first


def test_a_negative_number_of_cases_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        seed("--cases", "-1")


def test_every_professional_has_cases_in_every_state():
    seed_cases()
    for professional in User.objects.filter(
        role__in=[Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT]
    ):
        cases = Case.objects.current_for_professional(professional)
        assert set(cases.values_list("status", flat=True)) == {
            "active", "extended", "job_clarification"
        }, professional.username
        assert Deadline.objects.filter(
            case__in=cases, kind="follow_up", status="overdue"
        ).exists(), professional.username
