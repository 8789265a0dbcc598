"""Issue 17 bugs found in the walk-through, through the pages."""
from datetime import date

import pytest

from coordination.models import Case
from tests import factories

pytestmark = pytest.mark.django_db


def _open(client, opener, carer, **extra):
    newcomer = factories.ServiceUserFactory(username="ny.borger")
    client.force_login(opener)
    today = date.today()
    first = date(today.year, today.month, 1) if today.day > 1 else today
    response = client.post("/cases/new/", {
        "service_user": str(newcomer.pk), "care_manager": str(carer.pk),
        "first_absence_day": first.isoformat(), "referral_date": first.isoformat(),
        "diagnosis": "anxiety", "employment": "employee", **extra,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get(service_user=newcomer), first


def test_a_new_case_records_its_first_absence_day_as_an_absence(client, consultant,
                                                                 care_manager):
    case, first = _open(client, consultant, care_manager)
    absences = list(case.absences.all())
    assert [(a.start, a.end, a.kind) for a in absences] == [(first, None, "full")]
    html = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not reached" not in html.lower()


def test_a_case_a_manager_opens_gets_its_absence_too(client, jobcentre_manager, consultant,
                                                     care_manager):
    case, first = _open(client, jobcentre_manager, care_manager,
                        employment_consultant=str(consultant.pk))
    assert case.absences.filter(start=first, end=None).exists()


def test_the_mental_health_manager_sees_no_jobcentre_figures(
    client, health_manager, jobcentre_manager, consultant, care_manager
):
    from datetime import timedelta

    from django.utils import timezone

    from coordination.models import Deadline
    from tests.factories import CaseFactory

    case = CaseFactory(employment_consultant=consultant, care_manager=care_manager)
    Deadline.objects.create(case=case, kind="reassessment",
                            due=timezone.localdate() + timedelta(days=10),
                            responsible=consultant)
    client.force_login(health_manager)
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert response_ok(html)
    assert 'data-testid="total-reassessments"' not in html
    assert "Reassessments in the next 28 days" not in html
    assert care_manager.display_name in html
    client.force_login(jobcentre_manager)
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="total-reassessments">1<' in html


def response_ok(html):
    return "<h1>" in html


def test_a_form_with_errors_opens_with_an_error_summary_linking_each_field(
    client, consultant, care_manager
):
    client.force_login(consultant)
    response = client.post("/cases/new/", {
        "service_user": "not-a-uuid", "care_manager": str(care_manager.pk),
        "first_absence_day": "2026-02-30", "referral_date": "2026-04-08",
        "diagnosis": "anxiety", "employment": "employee",
    }, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 400
    summary = html.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "There is a problem" in summary
    assert 'href="#id_service_user"' in summary and 'href="#id_first_absence_day"' in summary
    # The summary comes before the form's fields, and each field says what is wrong itself.
    assert html.index('data-testid="error-summary"') < html.index('name="first_absence_day"')
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_first_absence_day_errors"' in html


def test_the_countdown_says_1_dag_and_explains_the_month_end(client, consultant, care_manager,
                                                             service_user):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import CaseFactory

    case = CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                       service_user=service_user)
    Case.objects.filter(pk=case.pk).update(
        reassessment_date=timezone.localdate() + timedelta(days=1))
    client.force_login(consultant)
    caseload = client.get("/caseload/").content.decode()
    assert "1 dag til revurderingen" in caseload and "1 dage" not in caseload
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="why-month-end"' in detail and "månedsudgang" in detail
    client.force_login(service_user)
    mine = client.get("/my-case/").content.decode()
    assert "Det er om 1 dag." in mine
    assert "sidste dag i den måned" in mine


def test_the_citizens_page_leads_with_the_next_meeting_and_whom_to_contact(
    client, consultant, care_manager, service_user
):
    from datetime import timedelta

    from django.utils import timezone

    from coordination.services.meetings import meeting_schedule
    from tests.factories import CaseFactory

    consultant.phone = "+45 89 40 12 34"
    consultant.save(update_fields=["phone"])
    case = CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                       service_user=service_user)
    from coordination.services.clock import case_recompute

    case_recompute(case=case)  # its deadlines
    start = timezone.now().replace(microsecond=0) + timedelta(days=4)
    meeting_schedule(case=case, organizer=consultant, kind="roundtable", starts_at=start,
                     ends_at=start + timedelta(hours=1), location="Jobcentret")
    client.force_login(service_user)
    html = client.get("/my-case/").content.decode()
    order = [html.index(tid) for tid in
             ("my-next-meeting", "my-contacts", "my-weeks", "deadlines-heading", "law-details")]
    assert order == sorted(order)
    assert "Jobcentret" in html.split('data-testid="my-next-meeting"')[1][:400]
    contacts = html.split('data-testid="my-contacts"')[1].split("</ul>")[0]
    assert consultant.display_name in contacts and care_manager.display_name in contacts
    assert 'href="tel:+4589401234"' in contacts and f"mailto:{consultant.email}" in contacts
    # The law's long text is folded; the deadline column says "Senest", not "Af".
    assert '<details class="details" data-testid="law-details">' in html
    deadlines = html.split('data-testid="my-deadlines"')[1].split("</thead>")[0]
    assert "Senest" in deadlines and ">Af<" not in deadlines


def test_the_data_page_shows_no_codes_and_no_machine_timestamps(
    client, consultant, care_manager, service_user
):
    import re
    from datetime import timedelta

    from django.utils import timezone

    from coordination.services.clock import case_recompute
    from coordination.services.meetings import meeting_schedule
    from coordination.services.plan import goal_add
    from tests.factories import CaseFactory

    case = CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                       service_user=service_user)
    case_recompute(case=case)
    start = timezone.now() + timedelta(days=3)  # with microseconds, as real data has
    meeting_schedule(case=case, organizer=consultant, kind="roundtable", starts_at=start,
                     ends_at=start + timedelta(hours=1))
    goal_add(case=case, actor=consultant, plan_version=0, kind="return_to_work",
             description="Tilbage på 10 timer", commitment="agreed")
    client.force_login(service_user)
    client.get("/my-case/")  # leaves nothing; the consultant's reads fill the access log
    client.force_login(consultant)
    client.get(f"/cases/{case.pk}/")
    client.force_login(service_user)
    html = client.get("/my-case/export/").content.decode()
    main = html.split("<main", 1)[1]
    assert not re.search(r"\d\d:\d\d:\d\d", main), "a machine timestamp on the page"
    assert not re.search(r"\d{4}-\d\d-\d\d(?!\")", main.replace('datetime="', "")), \
        "an ISO date on the page"
    for code in ("care_manager", "employment_consultant", "goal_added", "roundtable",
                 "scheduled", "case.viewed", ">open<", ">full<"):
        assert code not in main, code
    assert "Mødet" in main or "møde" in main.lower()


def test_the_mental_health_managers_csv_has_no_jobcentre_columns(client, health_manager,
                                                                  care_manager):
    import csv
    import io

    client.force_login(health_manager)
    body = client.get("/dashboard/caseloads.csv").content.decode("utf-8-sig")
    headings = next(csv.reader(io.StringIO(body), delimiter=";"))
    assert headings == ["Medarbejder-id", "Medarbejder", "Rolle", "Forløb"]
