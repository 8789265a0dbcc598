"""Each side's organisation stored on the case (issue 20; coordination/case_organisations.py).

A manager's scope reads `Case.care_manager_organisation` / `employment_consultant_organisation`
instead of walking every case's people, so a stale column would show a manager another
organisation's case or hide one of their own. Every way a side changes hands is made here
(opening, handover, transfer, an account moving organisation through the four eyes), and after
each the managers see through HTTP exactly the cases whose side their organisation holds.
"""
import importlib
import io
import logging
import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from coordination import case_organisations
from coordination.models import Case
from coordination.rules import manages_case
from coordination.services.cases import case_hand_over, case_open
from coordination.services.transfers import transfer_accept, transfer_request
from ibbis.accounts import approvals
from ibbis.accounts.models import OrganisationKind, Role, User
from tests import factories

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def mid_june(time_machine):
    time_machine.move_to(datetime(2026, 6, 15, 10, 0, tzinfo=CPH))


def listed(api, manager):
    """The case ids the manager's list shows through the API, every page."""
    client = api.as_user(manager)
    ids, url = set(), "/api/cases/?page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        ids |= {row["id"] for row in response.json()["results"]}
        url = response.json()["next"]
    return ids


def expected(manager):
    """The reference scope, from the people: the cases whose care manager or consultant
    works in the manager's organisation (as for_user read it before issue 20)."""
    organisation = manager.organisation_id
    return {str(pk) for pk in Case.objects.filter(
        Q(care_manager__organisation_id=organisation)
        | Q(employment_consultant__organisation_id=organisation)
    ).values_list("pk", flat=True)}


def opened(actor, service_user, care_manager, consultant):
    return case_open(
        actor=actor, service_user=service_user, care_manager=care_manager,
        employment_consultant=consultant, first_absence_day=date(2026, 5, 4),
        referral_date=date(2026, 5, 20), diagnosis="stress",
    )


def test_opening_a_case_stores_each_sides_organisation(
    api, consultant, care_manager, service_user, jobcentre, mental_health, jobcentre_manager,
    health_manager, foreign_manager,
):
    response = api.as_user(consultant).post("/api/cases/", {
        "service_user": str(service_user.pk), "care_manager": str(care_manager.pk),
        "employment_consultant": str(consultant.pk), "first_absence_day": "2026-05-04",
        "referral_date": "2026-05-20", "diagnosis": "stress",
    })
    assert response.status_code == 201, response.json()
    case = Case.objects.get(pk=response.json()["id"])
    assert case.care_manager_organisation == mental_health
    assert case.employment_consultant_organisation == jobcentre
    assert listed(api, jobcentre_manager) == listed(api, health_manager) == {str(case.pk)}
    assert listed(api, foreign_manager) == set()
    assert not case_organisations.stale_cases().exists()


def test_a_handover_and_an_accepted_transfer_move_the_managers_scope(
    api, case, consultant, jobcentre_manager, health_manager, foreign_jobcentre,
    foreign_manager,
):
    colleague = factories.EmploymentConsultantFactory(organisation=consultant.organisation)
    case = case_hand_over(actor=consultant, case=case, role="employment_consultant",
                          to_user=colleague)
    case.refresh_from_db()
    assert case.employment_consultant_organisation_id == consultant.organisation_id
    assert listed(api, jobcentre_manager) == {str(case.pk)}

    transfer = transfer_request(actor=colleague, case=case, role="employment_consultant",
                                to_organisation=foreign_jobcentre)
    # Asked, not accepted: nothing moves.
    case.refresh_from_db()
    assert case.employment_consultant_organisation_id == consultant.organisation_id
    assert listed(api, foreign_manager) == set()
    newcomer = factories.EmploymentConsultantFactory(organisation=foreign_jobcentre)
    transfer_accept(actor=foreign_manager, transfer=transfer, to_user=newcomer)

    case.refresh_from_db()
    assert case.employment_consultant_organisation == foreign_jobcentre
    assert listed(api, foreign_manager) == {str(case.pk)}
    assert listed(api, jobcentre_manager) == set()
    assert api.as_user(jobcentre_manager).get(f"/api/cases/{case.pk}/").status_code == 404
    assert api.as_user(foreign_manager).get(f"/api/cases/{case.pk}/").status_code == 200
    # The mental-health side did not move.
    assert listed(api, health_manager) == {str(case.pk)}
    assert not case_organisations.stale_cases().exists()


def test_an_account_moving_organisation_takes_its_cases_along(
    api, case, consultant, admin_user, second_admin, jobcentre_manager, foreign_jobcentre,
    foreign_manager,
):
    """The four-eyes change of an account's organisation (ibbis/accounts/approvals.py):
    held, nothing moves; approved, the consultant's cases are the new jobcentre's."""
    change = approvals.change_request(actor=admin_user, account=consultant,
                                      changes={"organisation": foreign_jobcentre})
    assert listed(api, jobcentre_manager) == {str(case.pk)}
    assert listed(api, foreign_manager) == set()

    approvals.change_approve(actor=second_admin, change=change)

    case.refresh_from_db()
    assert case.employment_consultant_organisation == foreign_jobcentre
    assert listed(api, jobcentre_manager) == set()
    assert listed(api, foreign_manager) == {str(case.pk)}
    assert not case_organisations.stale_cases().exists()


def test_saving_an_account_without_its_organisation_touches_no_case(case, consultant):
    """Signing in saves `last_login` only: no UPDATE of any case."""
    with CaptureQueriesContext(connection) as queries:
        consultant.save(update_fields=["last_login"])
        consultant.save()  # a full save, the organisation unchanged: no row changes
    writes = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and
              "coordination_case" in q["sql"]]
    assert len(writes) <= 2  # the full save's two conditional UPDATEs, matching no row
    case.refresh_from_db()
    assert case.employment_consultant_organisation_id == consultant.organisation_id


def test_a_column_written_past_the_orm_is_found_and_the_sweep_mends_it(
    api, case, jobcentre_manager, foreign_manager, caplog,
):
    """Why it matters: a stale column is a scoping bug. Written past the ORM, the case shows
    in another jobcentre's list; the daily sweep sets it right and logs an error."""
    Case.objects.filter(pk=case.pk).update(
        employment_consultant_organisation=foreign_manager.organisation)
    assert listed(api, foreign_manager) == {str(case.pk)}
    assert list(case_organisations.stale_cases()) == [case]

    out = io.StringIO()
    with caplog.at_level(logging.ERROR, logger="coordination.case_organisations"):
        call_command("sweep_deadlines", "--no-deliver", stdout=out)
    assert "case_organisations_mended: 1" in out.getvalue()
    assert "stale on 1 case" in caplog.text
    assert listed(api, foreign_manager) == set()
    assert listed(api, jobcentre_manager) == {str(case.pk)}
    assert not case_organisations.stale_cases().exists()

    out = io.StringIO()
    call_command("sweep_deadlines", "--no-deliver", stdout=out)
    assert "case_organisations_mended: 0" in out.getvalue()


@pytest.mark.parametrize("stale", ["other", "none"])
def test_stale_cases_sees_a_wrong_and_a_missing_organisation(case, foreign_manager, stale):
    value = foreign_manager.organisation if stale == "other" else None
    Case.objects.filter(pk=case.pk).update(care_manager_organisation=value)
    assert list(case_organisations.stale_cases()) == [case]
    assert case_organisations.repair() == 1
    assert not case_organisations.stale_cases().exists()


def test_the_migrations_fill_sets_every_case_from_its_people(case, other_case):
    migration = importlib.import_module("coordination.migrations.0020_case_side_organisations")
    Case.objects.update(care_manager_organisation=None, employment_consultant_organisation=None)
    assert case_organisations.stale_cases().count() == 2
    migration.fill(apps, None)
    assert not case_organisations.stale_cases().exists()
    assert Case.objects.filter(care_manager_organisation__isnull=True).count() == 0


def test_a_manager_without_an_organisation_sees_no_case(case):
    """The database refuses a saved manager without one; an unsaved one sees nothing."""
    manager = User(username="orphan.manager", role=Role.MANAGER, is_active=True)
    assert not Case.objects.for_user(manager).exists()
    assert not manages_case(manager, case)


def test_every_way_a_side_moves_keeps_the_scope_exact(api, admin_user, second_admin):
    """A random walk over openings, handovers, transfers and account moves, in three
    jobcentres and three units: after every step each manager's list through the API is the
    reference scope from the people, and the object rule agrees with the list."""
    rng = random.Random(20)
    jobcentres = [factories.OrganisationFactory(kind=OrganisationKind.JOBCENTRE)
                  for _ in range(3)]
    units = [factories.OrganisationFactory(kind=OrganisationKind.MENTAL_HEALTH)
             for _ in range(3)]
    managers = [factories.ManagerFactory(organisation=o) for o in (*jobcentres, *units)]
    consultants = {o.pk: [factories.EmploymentConsultantFactory(organisation=o)
                          for _ in range(2)] for o in jobcentres}
    carers = {o.pk: [factories.CareManagerFactory(organisation=o) for _ in range(2)]
              for o in units}

    def staff(role):
        return User.objects.filter(role=role, is_active=True).order_by("username")

    for step in range(24):
        move = rng.choice(["open", "open", "hand_over", "transfer", "account"])
        cases = list(Case.objects.order_by("created_at"))
        if move == "open" or not cases:
            ec = rng.choice(staff(Role.EMPLOYMENT_CONSULTANT))
            opened(ec, factories.ServiceUserFactory(), rng.choice(staff(Role.CARE_MANAGER)), ec)
        elif move == "hand_over":
            case = rng.choice(cases)
            role = rng.choice(["care_manager", "employment_consultant"])
            holder = getattr(case, role)
            colleagues = [u for u in staff(holder.role).filter(
                organisation=holder.organisation) if u != holder]
            if colleagues:
                case_hand_over(actor=holder, case=case, role=role, to_user=colleagues[0])
        elif move == "transfer":
            case = rng.choice(cases)
            role = rng.choice(["care_manager", "employment_consultant"])
            holder = getattr(case, role)
            pool = jobcentres if role == "employment_consultant" else units
            target = rng.choice([o for o in pool if o.pk != holder.organisation_id])
            transfer = transfer_request(actor=holder, case=case, role=role,
                                        to_organisation=target)
            manager = next(m for m in managers if m.organisation_id == target.pk)
            transfer_accept(actor=manager, transfer=transfer,
                            to_user=staff(holder.role).filter(organisation=target).first())
        else:
            account = rng.choice([*sum(consultants.values(), []), *sum(carers.values(), [])])
            account.refresh_from_db()
            pool = jobcentres if account.role == Role.EMPLOYMENT_CONSULTANT else units
            target = rng.choice([o for o in pool if o.pk != account.organisation_id])
            change = approvals.change_request(actor=admin_user, account=account,
                                              changes={"organisation": target})
            approvals.change_approve(actor=second_admin, change=change)
        assert not case_organisations.stale_cases().exists(), (step, move)
        for manager in managers:
            manager = User.objects.get(pk=manager.pk)
            assert listed(api, manager) == expected(manager), (step, move, manager)
            for case in Case.objects.all():
                assert manages_case(manager, case) == (str(case.pk) in expected(manager))
    assert Case.objects.count() >= 5


def test_a_holder_and_a_side_both_without_an_organisation_are_not_stale(case, care_manager):
    """A holder whose account lost its organisation (made a service user, say): the side is
    empty too, which is right, and the sweep does not 'mend' it every day."""
    User.objects.filter(pk=care_manager.pk).update(role=Role.SERVICE_USER, organisation=None)
    Case.objects.filter(pk=case.pk).update(care_manager_organisation=None)
    assert not case_organisations.stale_cases().exists()
    assert case_organisations.repair() == 0
