"""Issue 17, the manager's dashboard: "overdue reassessments (missing decisions) as a figure of
their own; a case turns green once its decision is recorded". Checked against seed_demo's
cases with a count made directly in the database, through the page and the API."""
import re
from datetime import date

import pytest
import time_machine
from django.db.models import Q
from django.test import Client
from rest_framework.test import APIClient

from coordination.models import Case, ExtensionDecision
from coordination.services import cases as case_services
from ibbis.accounts.models import User
from ibbis.demo import cases as demo

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def seeded(db):
    people = demo.seed_people(seed=1, service_users=90)
    demo.seed_cases(people, count=90, seed=1)
    return people


def page(user, path="/dashboard/", language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client.get(path)


def figure(html):
    return int(re.search(r'data-testid="total-overdue-reassessments"[^>]*>(\d+)<', html).group(1))


def direct_count(manager):
    """Open cases of the manager's organisation's professionals whose reassessment date has
    passed and that have no decision at all, counted without the dashboard's code."""
    organisation = manager.organisation_id
    decided = ExtensionDecision.objects.values_list("case_id", flat=True)
    return (
        Case.objects.filter(Q(care_manager__organisation_id=organisation)
                            | Q(employment_consultant__organisation_id=organisation))
        .filter(reassessment_date__lt=TODAY, closed_on__isnull=True)
        .exclude(status="closed")
        .exclude(pk__in=decided)
        .distinct()
        .count()
    )


def test_the_figure_matches_a_direct_count_of_the_seeded_cases(seeded):
    manager = User.objects.get(username="manager.jc")
    expected = direct_count(manager)
    assert expected > 0, "the demo data should hold reassessments without a decision"
    assert figure(page(manager).content.decode()) == expected
    api = APIClient()
    api.force_authenticate(manager)
    assert api.get("/api/dashboard/").json()["overdue_reassessments"] == expected


def test_recording_the_decision_turns_the_case_green_and_lowers_the_figure(seeded):
    manager = User.objects.get(username="manager.jc")
    before = direct_count(manager)
    case = (
        Case.objects.filter(reassessment_date__lt=TODAY, decisions__isnull=True)
        .exclude(status="closed").order_by("reassessment_date", "pk").first()
    )
    drill = f"/dashboard/professionals/{case.employment_consultant_id}/"
    html = page(manager, drill).content.decode()
    row = re.search(rf'<tr data-testid="professional-case">(?:(?!</tr>).)*?/cases/{case.pk}/'
                    r'(?:(?!</tr>).)*</tr>', html, re.S).group(0)
    assert 'data-testid="decision-missing"' in row and "no decision" in row

    case_services.extension_decide(
        actor=case.employment_consultant, case=case, ground="p27_2", decided_on=TODAY,
        medical_evidence=False, valid_until=date(2027, 3, 31), reasoning="Afklaring i praktik.",
    )
    html = page(manager, drill).content.decode()
    row = re.search(rf'<tr data-testid="professional-case">(?:(?!</tr>).)*?/cases/{case.pk}/'
                    r'(?:(?!</tr>).)*</tr>', html, re.S).group(0)
    assert 'class="tag tag-done" data-testid="decision-recorded"' in row
    assert "decision missing" not in row
    assert figure(page(manager).content.decode()) == before - 1 == direct_count(manager)


def test_the_figure_and_marker_speak_danish(seeded):
    manager = User.objects.get(username="manager.jc")
    html = page(manager, language="da").content.decode()
    assert "Revurderinger passeret uden afgørelse" in html
    consultant = User.objects.get(username="ec1")
    drill = page(manager, f"/dashboard/professionals/{consultant.pk}/", "da").content.decode()
    assert "ingen afgørelse" in drill or "afgørelse registreret" in drill


def test_the_mental_health_manager_is_not_shown_the_jobcentre_figure(seeded):
    manager = User.objects.get(username="manager.mh")
    html = page(manager).content.decode()
    assert 'data-testid="total-overdue-reassessments"' not in html


@pytest.mark.parametrize("username,status", [
    ("manager.jc", 200), ("manager.mh", 200), ("ec1", 403), ("cm1", 403), ("admin", 403),
])
def test_the_figure_is_for_managers_only(seeded, username, status):
    user = User.objects.get(username=username)
    assert page(user).status_code == status
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/dashboard/").status_code == (200 if status == 200 else 403)
