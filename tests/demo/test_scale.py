"""seed_demo at scale (issue 9): the bulk path stores exactly what case_recompute would."""
import io

import pytest
from django.core.management import call_command

from coordination.models import Case, Deadline, Goal, Meeting, MeetingCompanion
from coordination.services.clock import case_recompute
from ibbis.demo.management.commands import seed_demo

TOTAL = 130


@pytest.fixture
def seeded_at_scale(monkeypatch):
    # The bulk path starts at SCALE_FROM cases; a lower threshold keeps the test small.
    monkeypatch.setattr(seed_demo, "SCALE_FROM", 100)
    out = io.StringIO()
    call_command("seed_demo", "--cases", str(TOTAL), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _stored(case):
    case.refresh_from_db()
    return (
        case.status, case.reassessment_date, case.next_follow_up_due, case.next_deadline_due,
        sorted((d.kind, d.due, d.status, d.responsible_id) for d in case.deadlines.all()),
    )


@pytest.mark.django_db
def test_bulk_seed_stores_what_case_recompute_would_and_a_rerun_adds_nothing(
    seeded_at_scale, monkeypatch
):
    """One test, since seeding is the slow part: the bulk cases' projections and deadlines
    are what case_recompute stores; each has a service user of its own, a plan with goals;
    some have a coming roundtable; a second run adds nothing."""
    bulk = list(Case.objects.filter(service_user__username__gt="borger090").order_by("pk"))
    assert len(bulk) == TOTAL - 90
    statuses = set()
    for case in bulk:
        before = _stored(case)
        case_recompute(case=case)
        assert _stored(case) == before, case.service_user.username
        statuses.add(before[0])
    assert {"active", "extended", "job_clarification"} <= statuses

    assert Case.objects.count() == TOTAL
    assert Case.objects.values("service_user").distinct().count() == TOTAL
    assert Goal.objects.filter(plan__case__in=bulk).values("plan").distinct().count() == len(bulk)
    assert Meeting.objects.filter(case__in=bulk, kind="roundtable").exists()
    assert "login: manager manager.jc" in seeded_at_scale
    # One companion in all, however many cases (ibbis/demo/companion.py).
    assert "login: companion ledsager-demo" in seeded_at_scale
    assert MeetingCompanion.objects.count() == 1
    # The small demo's cases and the bulk ones store each side's organisation (issue 20).
    from coordination.case_organisations import stale_cases

    assert not stale_cases().exists()

    counts = (Case.objects.count(), Deadline.objects.count(), Meeting.objects.count())
    call_command("seed_demo", "--cases", str(TOTAL), stdout=io.StringIO(), stderr=io.StringIO())
    assert (Case.objects.count(), Deadline.objects.count(), Meeting.objects.count()) == counts
    assert MeetingCompanion.objects.count() == 1


@pytest.mark.django_db
def test_bulk_seed_spreads_cases_over_organisation_pairs(monkeypatch):
    """At scale no organisation holds more than ORGANISATION_CASES cases (here lowered to
    100, so 230 cases make three pairs): each professional's cases, current and former,
    are in their own organisation, and the demo managers' organisations are the first
    pair's, of at most that many cases. A rerun creates nothing."""
    from ibbis.accounts.models import Organisation, Role, User
    from ibbis.demo import scale

    monkeypatch.setattr(seed_demo, "SCALE_FROM", 100)
    monkeypatch.setattr(scale, "ORGANISATION_CASES", 100)
    call_command("seed_demo", "--cases", "230", stdout=io.StringIO(), stderr=io.StringIO())

    assert Case.objects.count() == 230
    assert Organisation.objects.filter(kind="jobcentre").count() == 3
    assert Organisation.objects.filter(kind="mental_health").count() == 3
    per_organisation = {}
    for case in Case.objects.select_related(
        "care_manager", "employment_consultant", "service_user"
    ):
        jobcentre = case.employment_consultant.organisation_id
        unit = case.care_manager.organisation_id
        per_organisation.setdefault(jobcentre, set()).add(case.pk)
        per_organisation.setdefault(unit, set()).add(case.pk)
        number = int(case.service_user.username.removeprefix("borger")) - 1
        # Cases 0-99 in the first pair, 100-199 in the second, 200-229 in the third.
        assert (jobcentre, unit) == pairs_by_index(number // 100), case.service_user.username
        for membership in case.memberships.select_related("user"):
            assert membership.user.organisation_id in (jobcentre, unit)
    assert max(len(cases) for cases in per_organisation.values()) <= 100
    # The bulk path writes each side's organisation on the case, as Case.save would
    # (issue 20): the managers' scope reads it.
    from coordination.case_organisations import stale_cases

    assert not stale_cases().exists()
    assert not Case.objects.filter(care_manager_organisation__isnull=True).exists()
    assert not Case.objects.filter(employment_consultant_organisation__isnull=True).exists()
    assert sorted(len(cases) for cases in per_organisation.values()) == [30, 30, 100, 100, 100, 100]

    manager_jc = User.objects.get(username="manager.jc")
    manager_mh = User.objects.get(username="manager.mh")
    assert manager_jc.organisation.name == "Jobcenter Aarhus"
    assert len(per_organisation[manager_jc.organisation_id]) == 100
    assert len(per_organisation[manager_mh.organisation_id]) == 100
    assert Case.objects.for_user(manager_jc).count() == 100
    assert Case.objects.for_user(manager_mh).count() == 100
    # One manager in every further organisation; the demo's professionals stay in the first.
    assert User.objects.filter(role=Role.MANAGER).values("organisation").distinct().count() == 6
    assert User.objects.get(username="ec1").organisation_id == manager_jc.organisation_id
    assert User.objects.get(username="cm1").organisation_id == manager_mh.organisation_id

    counts = (Case.objects.count(), Organisation.objects.count(), User.objects.count())
    call_command("seed_demo", "--cases", "230", stdout=io.StringIO(), stderr=io.StringIO())
    assert (Case.objects.count(), Organisation.objects.count(), User.objects.count()) == counts


def pairs_by_index(number):
    from ibbis.accounts.models import Organisation

    if number == 0:
        names = ("Jobcenter Aarhus", "Psykiatrien Region Midtjylland")
    else:
        names = (f"Jobcenter {number + 1:03d} (demo)",
                 f"Psykiatrien Region {('Hovedstaden', 'Sjælland')[number - 1]}, "
                 f"enhed {number + 1:03d} (demo)")
    by_name = Organisation.objects.in_bulk(names, field_name="name")
    return tuple(by_name[name].pk for name in names)
