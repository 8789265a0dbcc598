"""A case with everything the exports carry: `exported_case` (tests/fixtures/cases.py, a
handed-over team) with meetings (one cancelled, one held), a plan with goals and history, a
consent, and notes of every scope by every author: `full_case`."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from coordination.models import (
    Goal,
    Plan,
    PlanChange,
)
from tests import factories
from trust.models import Consent, Note

SCOPES = ("private", "sector", "team", "shared")


def make_meeting(case, *, days, **kwargs):
    kwargs.setdefault("location", "Jobcenter, lokale 2")
    kwargs.setdefault("agenda", "Agenda: plan og mål")
    return factories.make_meeting(case, days=days, **kwargs)


@pytest.fixture
def other_meeting(other_case):
    """A meeting on other people's case, which no export of ours may carry."""
    return make_meeting(other_case, days=3)


@pytest.fixture
def meetings(exported_case):
    return {
        "scheduled": make_meeting(exported_case, days=2),
        "held": make_meeting(exported_case, days=-5, status="held"),
        "cancelled": make_meeting(exported_case, days=4, status="cancelled", kind="follow_up"),
    }


@pytest.fixture
def plan(exported_case, consultant, service_user):
    plan = Plan.objects.create(case=exported_case, version=3)
    goals = [
        Goal.objects.create(plan=plan, kind="treatment", description="Samtaleterapi",
                            service_user_words="Jeg vil sove bedre", status="open",
                            target_date=date(2027, 1, 31), owner=exported_case.care_manager),
        Goal.objects.create(plan=plan, kind="return_to_work", description="Delvis raskmelding",
                            status="achieved", owner=service_user),
        Goal.objects.create(plan=plan, kind="personal", description="Gå ture", status="dropped"),
    ]
    for version, goal in enumerate(goals, start=1):
        PlanChange.objects.create(plan=plan, version=version, goal=goal, action="goal_added",
                                  changed_by=consultant, after={"description": goal.description})
    return plan


@pytest.fixture
def consent(exported_case, service_user):
    return Consent.objects.create(
        case=exported_case, kind="share_health_with_jobcentre", granted_by=service_user,
        granted_at=timezone.now() - timedelta(days=10),
    )


@pytest.fixture
def notes(exported_case, care_manager, consultant, former_cm, meetings):
    created = {}
    for name, author in (("cm", care_manager), ("ec", consultant), ("former_cm", former_cm)):
        for scope in SCOPES:
            created[(name, scope)] = Note.objects.create(
                case=exported_case, author=author, author_role=author.role,
                author_organisation=author.organisation, scope=scope,
                text=f"secret-{name}-{scope}-text",
                meeting=meetings["held"] if scope == "shared" else None,
            )
    return created


@pytest.fixture
def full_case(exported_case, meetings, plan, consent, notes):
    return exported_case


@pytest.fixture
def people(care_manager, consultant, former_cm, other_professional, service_user,
           other_service_user, jobcentre_manager, health_manager, admin_user, other_meeting):
    """Every kind of reader, by its fixture's name (tests/fixtures/__init__.py)."""
    return {
        "care_manager": care_manager,
        "consultant": consultant,
        "former_cm": former_cm,
        "other_professional": other_professional,
        "service_user": service_user,
        "other_service_user": other_service_user,
        "jobcentre_manager": jobcentre_manager,
        "health_manager": health_manager,
        "admin_user": admin_user,
    }
