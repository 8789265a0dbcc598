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

    counts = (Case.objects.count(), Deadline.objects.count(), Meeting.objects.count())
    call_command("seed_demo", "--cases", str(TOTAL), stdout=io.StringIO(), stderr=io.StringIO())
    assert (Case.objects.count(), Deadline.objects.count(), Meeting.objects.count()) == counts
    assert MeetingCompanion.objects.count() == 1
