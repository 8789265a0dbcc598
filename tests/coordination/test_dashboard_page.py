"""The manager's dashboard page shows the organisation's figures, never note text."""
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from coordination.models import Deadline
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_reassessments_and_overdue_follow_ups(
    client, jobcentre_manager, consultant, care_manager
):
    today = timezone.localdate()
    case = CaseFactory(employment_consultant=consultant, care_manager=care_manager)
    Deadline.objects.create(
        case=case, kind="reassessment", due=today + timedelta(days=10),
        responsible=consultant,
    )
    Deadline.objects.create(
        case=case, kind="follow_up", due=today - timedelta(days=3), status="overdue",
        responsible=consultant,
    )
    client.force_login(jobcentre_manager)
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="total-reassessments">1<' in html
    assert 'data-testid="total-overdue">1<' in html
    assert consultant.display_name in html
    assert "Averages are shown from 3 responses" in html


def test_the_dashboard_is_for_managers_only(client, consultant, service_user, admin_user):
    for user in (consultant, service_user, admin_user):
        client.force_login(user)
        assert client.get("/dashboard/").status_code == 403


def test_the_dashboard_query_count_does_not_grow_with_cases(
    client, jobcentre_manager, consultant, care_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(jobcentre_manager)
    counts = []
    for total in (2, 20):
        while Deadline.objects.filter(case__employment_consultant=consultant).count() < total:
            case = CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                               first_absence_day=date(2026, 9, 1))
            Deadline.objects.create(case=case, kind="reassessment", due=date(2026, 12, 1),
                                    responsible=consultant)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dashboard/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- filters, drill-down, CSV, charts (issue 6) -----------------------------------------

import csv  # noqa: E402
import io  # noqa: E402
import uuid  # noqa: E402

import time_machine  # noqa: E402

from coordination.models import Meeting  # noqa: E402
from tests import factories  # noqa: E402
from trust.models import MeetingFeedback  # noqa: E402
from trust.services import note_create  # noqa: E402


@pytest.fixture
def org_cases(consultant, care_manager):
    """Two cases of the jobcentre's consultant: one due in 5 days, one overdue."""
    today = timezone.localdate()
    soon = CaseFactory(employment_consultant=consultant, care_manager=care_manager)
    late = CaseFactory(employment_consultant=consultant, care_manager=care_manager)
    Case = type(soon)
    Case.objects.filter(pk=soon.pk).update(next_deadline_due=today + timedelta(days=5))
    Case.objects.filter(pk=late.pk).update(
        next_deadline_due=today - timedelta(days=2), status="job_clarification"
    )
    return soon, late


def _rows(html):
    return html.count('data-testid="caseload-row"')


@pytest.mark.parametrize(
    "params, expected_cases",
    [("", 2), ("?due=7", 1), ("?due=overdue", 1), ("?due=28&status=job_clarification", 0),
     ("?status=job_clarification", 1)],
)
def test_dashboard_filters_narrow_the_caseload_counts(
    client, jobcentre_manager, consultant, org_cases, params, expected_cases
):
    client.force_login(jobcentre_manager)
    response = client.get(f"/dashboard/{params}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["professional"] == consultant)
    assert row["cases"] == expected_cases


def test_dashboard_filter_by_professional_keeps_one_row(
    client, jobcentre_manager, consultant, org_cases
):
    other = factories.EmploymentConsultantFactory(organisation=consultant.organisation)
    client.force_login(jobcentre_manager)
    assert _rows(client.get("/dashboard/").content.decode()) == 2
    html = client.get(f"/dashboard/?professional={consultant.pk}").content.decode()
    assert _rows(html) == 1
    assert consultant.display_name in html and other.display_name not in html.split("<table")[1]


@pytest.mark.parametrize(
    "params",
    # A fixed unknown id, not uuid4(): parallel test workers must collect the same ids.
    ["?due=3", "?status=nonsense", "?professional=0b9d2a64-5f0e-4c1e-9d7a-3f2b8c6e1a00",
     "?professional=x"],
)
def test_dashboard_rejects_unknown_filter_values_with_400(client, jobcentre_manager, params):
    client.force_login(jobcentre_manager)
    assert client.get(f"/dashboard/{params}").status_code == 400
    assert client.get(f"/dashboard/caseloads.csv{params}").status_code == 400


def test_the_caseload_chart_is_an_svg_with_a_text_alternative(
    client, jobcentre_manager, org_cases
):
    client.force_login(jobcentre_manager)
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<svg class="chart" role="img"' in html
    assert '<title id="caseload-chart-title">Cases per professional</title>' in html
    # Only the design system's files (issue 17); no inline or chart script.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/dkfds/js/dkfds.min.js" defer>',
        '<script src="/static/js/site.js" defer>',
    ]


def _held_meeting(case, when):
    return Meeting.objects.create(
        case=case, kind="roundtable", starts_at=when, ends_at=when + timedelta(hours=1),
        status="held",
    )


def test_feedback_months_below_three_responses_are_not_shown(
    client, jobcentre_manager, consultant, care_manager
):
    case = CaseFactory(employment_consultant=consultant, care_manager=care_manager)
    now = timezone.now()
    last_month = now - timedelta(days=35)
    for when, count, score in ((last_month, 3, 4), (now, 2, 1)):
        for _ in range(count):
            feedback = MeetingFeedback.objects.create(
                meeting=_held_meeting(case, when), felt_safe=score, felt_heard=score,
                understood_next_steps=score,
            )
            MeetingFeedback.objects.filter(pk=feedback.pk).update(created_at=when)
    client.force_login(jobcentre_manager)
    response = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    months = response.context["months"]
    assert [m["responses"] for m in months] == [3]
    assert months[0]["felt_safe_avg"] == 4.0
    html = response.content.decode()
    assert html.count('data-testid="feedback-month"') == 1
    assert 'data-testid="feedback-chart"' in html
    # Numbers and month names follow the language.
    danish = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert ">4,0<" in danish and ">4.0<" in html
    month = months[0]["month"]
    from django.utils import formats, translation

    with translation.override("da"):
        assert formats.date_format(month, "F Y") in danish


ROLES = [
    "care_manager", "consultant", "other_professional", "service_user", "other_service_user",
    "jobcentre_manager", "health_manager", "admin_user",
]


@pytest.fixture
def actors(care_manager, consultant, service_user, jobcentre_manager, health_manager,
           admin_user):
    return {
        "care_manager": care_manager,
        "consultant": consultant,
        "other_professional": factories.EmploymentConsultantFactory(username="olga.ec"),
        "service_user": service_user,
        "other_service_user": factories.ServiceUserFactory(username="ole.borger"),
        "jobcentre_manager": jobcentre_manager,
        "health_manager": health_manager,
        "admin_user": admin_user,
    }


@pytest.mark.parametrize("role", ROLES + ["anonymous"])
def test_every_role_on_the_dashboard_pages(client, actors, org_cases, consultant, role):
    """Managers read their own organisation's professionals; a professional of another
    organisation is a 404 to them; everyone else is refused; anonymous goes to the login."""
    urls = ["/dashboard/", f"/dashboard/professionals/{consultant.pk}/",
            "/dashboard/caseloads.csv"]
    if role != "anonymous":
        client.force_login(actors[role])
    codes = [client.get(url).status_code for url in urls]
    if role == "anonymous":
        assert codes == [302, 302, 302]
    elif role == "jobcentre_manager":
        assert codes == [200, 200, 200]
    elif role == "health_manager":
        assert codes == [200, 404, 200]
    else:
        assert codes == [403, 403, 403]


def test_drill_down_shows_deadlines_and_counts_but_no_note_text(
    client, jobcentre_manager, consultant, care_manager, org_cases
):
    soon, late = org_cases
    note_create(actor=consultant, case=soon, text="MARKER-DRILLDOWN-NOTE", scope="team")
    client.force_login(jobcentre_manager)
    response = client.get(
        f"/dashboard/professionals/{consultant.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert html.count('data-testid="professional-case"') == 2
    assert "MARKER-DRILLDOWN-NOTE" not in html
    assert soon.service_user.display_name in html
    filtered = client.get(f"/dashboard/professionals/{consultant.pk}/?due=overdue")
    assert filtered.content.decode().count('data-testid="professional-case"') == 1
    from ibbis.audit.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(
        who=jobcentre_manager, action="caseload.viewed", case=soon
    ).exists()


def test_drill_down_into_unknown_or_foreign_professionals_is_404(
    client, jobcentre_manager, care_manager, jobcentre
):
    colleague_manager = factories.ManagerFactory(organisation=jobcentre)
    client.force_login(jobcentre_manager)
    for pk in (uuid.uuid4(), care_manager.pk, colleague_manager.pk):
        assert client.get(f"/dashboard/professionals/{pk}/").status_code == 404
    assert client.get("/dashboard/professionals/not-a-uuid/").status_code == 404


@time_machine.travel("2026-11-20 10:00:00+01:00", tick=False)
def test_the_caseload_csv_has_a_filename_and_one_row_per_professional(
    client, jobcentre_manager, consultant, org_cases
):
    consultant.first_name, consultant.last_name = "=cmd", "Hansen"
    consultant.save()
    client.force_login(jobcentre_manager)
    response = client.get("/dashboard/caseloads.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="caseloads-jobcenter-test-2026-11-20.csv"'
    )
    # Danish Excel (issue 17): a byte-order mark, semicolons, Danish headings and labels.
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))
    assert rows == [
        {
            "Medarbejder-id": str(consultant.pk), "Medarbejder": "'=cmd Hansen",
            "Rolle": "Jobkonsulent", "Forløb": "2", "Revurderinger inden for 28 dage": "0",
            "Opfølgningssamtaler over fristen": "0",
        }
    ]


def test_drill_down_and_csv_query_counts_do_not_grow(
    client, jobcentre_manager, consultant, care_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(jobcentre_manager)
    counts = {"drill": [], "csv": [], "filtered": []}
    for total in (2, 20):
        while Deadline.objects.filter(case__employment_consultant=consultant).count() < total:
            case = CaseFactory(employment_consultant=consultant, care_manager=care_manager)
            Deadline.objects.create(case=case, kind="follow_up", due=date(2026, 1, 1),
                                    status="overdue", responsible=consultant)
            factories.EmploymentConsultantFactory(organisation=consultant.organisation)
        for key, url in (
            ("drill", f"/dashboard/professionals/{consultant.pk}/"),
            ("csv", "/dashboard/caseloads.csv"),
            ("filtered", "/dashboard/?due=overdue&status=active"),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[key].append(len(queries))
    for key, (small, large) in counts.items():
        assert small == large, (key, small, large)
