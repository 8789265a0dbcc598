"""The manager in a real browser (issue 6): reads the dashboard, filters it, drills into a
professional and downloads the caseload CSV."""
import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.screens import SCREENSHOTS, build_world, open_session


def _two_more_feedbacks(case):
    from datetime import timedelta

    from django.utils import timezone

    from coordination.models import Meeting
    from trust.services import feedback_give

    for days in (1, 2):
        start = timezone.now() - timedelta(hours=days)
        meeting = Meeting.objects.create(
            case=case, kind="follow_up", starts_at=start, ends_at=start + timedelta(minutes=30),
            status="held",
        )
        feedback_give(meeting=meeting, felt_safe=5, felt_heard=4, understood_next_steps=4)


@pytest.mark.django_db(transaction=True)
def test_the_manager_reads_the_dashboard_drills_down_and_downloads_the_csv(
    browser, live_server, care_manager, consultant, service_user, jobcentre_manager,
    health_manager, admin_user,
):
    world = build_world(
        care_manager=care_manager, consultant=consultant, service_user=service_user,
        jobcentre_manager=jobcentre_manager, health_manager=health_manager,
        admin_user=admin_user,
    )
    _two_more_feedbacks(world.case)
    page = open_session(browser, live_server, jobcentre_manager.username)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_test_id("caseload-chart")).to_be_visible()
    table = page.get_by_test_id("caseload-table")
    consultant_row = table.locator("tr", has_text=consultant.display_name)
    expect(consultant_row.locator("td").nth(1)).to_have_text("1")
    expect(table.locator("tbody tr")).to_have_count(2)  # erik.ec and otto.ec
    # Three answers this month reach the anonymity threshold: the month is charted.
    expect(page.get_by_test_id("feedback-chart")).to_be_visible()
    expect(page.get_by_test_id("feedback-month")).to_have_count(1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard-manager-da.png", full_page=True)

    # The filters are GET parameters: the URL can be shared.
    page.get_by_label("Medarbejder").select_option(str(consultant.pk))
    page.get_by_test_id("dashboard-filters").get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"professional={consultant.pk}"))
    expect(table.locator("tbody tr")).to_have_count(1)

    table.get_by_role("link", name=consultant.display_name).click()
    expect(page).to_have_url(re.compile(rf"/dashboard/professionals/{consultant.pk}/"))
    cases = page.get_by_test_id("professional-cases")
    expect(cases.locator("tbody tr")).to_have_count(1)
    expect(cases).to_contain_text(service_user.display_name)
    expect(page.get_by_role("main")).not_to_contain_text("LEAKMARK")
    page.screenshot(path=SCREENSHOTS / "dashboard-professional-da.png", full_page=True)

    page.get_by_role("link", name="Tilbage til overblikket").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("caseload-csv").click()
    download = download_info.value
    assert re.fullmatch(r"caseloads-jobcenter-test-\d{4}-\d{2}-\d{2}\.csv",
                        download.suggested_filename)
    # Danish Excel: BOM (utf-8-sig), semicolons, Danish headings (issue 17).
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    by_id = {row["Medarbejder-id"]: row for row in rows}
    assert set(by_id) == {str(consultant.pk), str(world.users["other_consultant"].pk)}
    assert by_id[str(consultant.pk)]["Forløb"] == "1"
    assert by_id[str(consultant.pk)]["Medarbejder"] == consultant.display_name
    page.context.close()
