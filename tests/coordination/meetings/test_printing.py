"""Issue 17: the print views of the shared plan and of a meeting's agenda and minutes, and
their PDFs. Who may read the plan or the minutes may print them; anyone else gets 404. Every
print is a read of the case and is written to the access log."""
from datetime import date

import pytest
from django.test import Client

from coordination.pdf import pdf_available
from coordination.services.meetings import meeting_schedule
from coordination.services.plan import goal_add
from ibbis.audit.models import AccessLogEntry

from .conftest import ROLES, at

pytestmark = pytest.mark.django_db

# Status per role, in ROLES order: the case's team and its service user read the plan and
# the minutes; another case's people, the managers (counts, not content) and admins do not.
PRINT = dict(zip(ROLES, (200, 200, 404, 200, 404, 404, 404, 404, 302), strict=True))
MINUTES = "Aftalt: gradvis opstart, 10 timer om ugen."


@pytest.fixture
def goal(case, consultant):
    return goal_add(
        case=case, actor=consultant, plan_version=0, kind="return_to_work",
        description="Tilbage på 10 timer om ugen", service_user_words="I mit eget tempo",
        commitment="agreed", target_date=date(2027, 3, 1),
    )


@pytest.fixture
def held(case, consultant):
    meeting = meeting_schedule(
        case=case, organizer=consultant, kind="roundtable", starts_at=at(-2, 10),
        ends_at=at(-2, 11), agenda="Fælles mål", status="held",
    )
    meeting.minutes = MINUTES
    meeting.save(update_fields=["minutes"])
    return meeting


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_plans_print_view_or_404(actor, role, case, goal):
    response = client_for(actor(role)).get(f"/cases/{case.pk}/plan/print/")
    assert response.status_code == PRINT[role]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_minutes_print_view_or_404(actor, role, held):
    response = client_for(actor(role)).get(f"/meetings/{held.pk}/print/")
    assert response.status_code == PRINT[role]
    if response.status_code == 200:
        assert MINUTES in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_pdfs_follow_the_print_views_and_are_404_where_no_pdf_can_be_made(
    actor, role, case, goal, held
):
    for path in (f"/cases/{case.pk}/plan/plan.pdf", f"/meetings/{held.pk}/minutes.pdf"):
        response = client_for(actor(role)).get(path)
        expected = PRINT[role] if pdf_available() or PRINT[role] == 302 else 404
        assert response.status_code == expected, path
        if response.status_code == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
            assert "attachment" in response["Content-Disposition"]


def test_printing_the_plan_and_the_minutes_is_written_to_the_access_log(
    case, consultant, goal, held
):
    client = client_for(consultant)
    client.get(f"/cases/{case.pk}/plan/print/")
    client.get(f"/meetings/{held.pk}/print/")
    actions = list(
        AccessLogEntry.objects.filter(case=case, who=consultant).values_list(
            "action", "object_type"
        )
    )
    assert ("plan.printed", "plan") in actions
    assert ("meeting.minutes_printed", "meeting") in actions


def test_a_refused_print_writes_no_log_line(case, jobcentre_manager, held):
    client_for(jobcentre_manager).get(f"/meetings/{held.pk}/print/")
    client_for(jobcentre_manager).get(f"/cases/{case.pk}/plan/print/")
    assert not AccessLogEntry.objects.filter(who=jobcentre_manager).exists()


@pytest.mark.skipif(not pdf_available(), reason="WeasyPrint cannot run here (no Pango)")
def test_downloading_a_pdf_is_written_to_the_access_log(case, care_manager, goal):
    response = client_for(care_manager).get(f"/cases/{case.pk}/plan/plan.pdf")
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(
        case=case, who=care_manager, action="plan.printed", object_type="plan_pdf"
    ).exists()


def test_the_print_view_shows_the_plan_in_danish_with_its_people_and_dates(
    case, service_user, goal
):
    html = client_for(service_user).get(
        f"/cases/{case.pk}/plan/print/", HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "I mit eget tempo" in html and "Tilbage på 10 timer om ugen" in html
    assert "1. marts 2027" in html
    assert case.care_manager.display_name in html
    assert case.employment_consultant.display_name in html
    assert 'media="print"' in html and "css/print.css" in html
    assert 'data-testid="print-button"' in html
    # The PDF is offered only where it can be made.
    assert ('data-testid="pdf-link"' in html) == pdf_available()


def test_the_minutes_print_view_shows_copenhagen_time(consultant, held):
    html = client_for(consultant).get(f"/meetings/{held.pk}/print/").content.decode()
    assert "10:00" in html and "08:00" not in html and "09:00" not in html


def test_the_plan_and_meeting_pages_link_their_print_views(case, consultant, service_user, held):
    plan_page = client_for(consultant).get(f"/cases/{case.pk}/plan/").content.decode()
    assert f"/cases/{case.pk}/plan/print/" in plan_page
    own_plan = client_for(service_user).get(f"/cases/{case.pk}/plan/").content.decode()
    assert f"/cases/{case.pk}/plan/print/" in own_plan
    meeting_page = client_for(consultant).get(f"/meetings/{held.pk}/").content.decode()
    assert f"/meetings/{held.pk}/print/" in meeting_page


def test_a_manager_sees_the_meeting_but_no_print_link(jobcentre_manager, held):
    page = client_for(jobcentre_manager).get(f"/meetings/{held.pk}/")
    assert page.status_code == 200
    assert f"/meetings/{held.pk}/print/" not in page.content.decode()


def test_without_weasyprint_the_pdf_is_a_404_not_a_500(monkeypatch, case, consultant, goal):
    from coordination.views import printing

    monkeypatch.setattr(printing, "pdf_available", lambda: False)
    assert client_for(consultant).get(f"/cases/{case.pk}/plan/plan.pdf").status_code == 404
    html = client_for(consultant).get(f"/cases/{case.pk}/plan/print/").content.decode()
    assert 'data-testid="pdf-link"' not in html
