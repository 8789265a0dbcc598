"""The collaboration survey in a real browser (issue 21): three care managers answer about
the consultant they share cases with, on a phone-sized window; the jobcentre's manager then
sees the trend chart and the averages, and the dashboard's continuity figures. Nothing
scrolls sideways at 390 px."""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.screens import PHONE, SCREENSHOTS, assert_fits_phone, open_session

DIMENSIONS = ("frequent", "timely", "accurate", "problem_solving", "shared_goals",
              "shared_knowledge", "mutual_respect")


@pytest.mark.django_db(transaction=True)
def test_professionals_answer_and_the_manager_sees_the_chart(
    browser, live_server, consultant, mental_health, jobcentre_manager
):
    carers = []
    for n in range(3):
        cm = factories.CareManagerFactory(username=f"rc.cm{n}", organisation=mental_health)
        factories.CaseFactory(care_manager=cm, employment_consultant=consultant)
        carers.append(cm)

    for n, cm in enumerate(carers):
        page = open_session(browser, live_server, cm.username, viewport=PHONE)
        page.goto(f"{live_server.url}/relational-coordination/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Samarbejdsmåling")
        page.get_by_label("Kollega").select_option(str(consultant.pk))
        for code in DIMENSIONS:
            group = page.get_by_test_id(f"rc-{code}")
            group.get_by_label(str(3 + n % 3), exact=True).check()
        assert_fits_phone(page, tap_targets=False)
        if n == 0:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / "relational-survey-phone.png", full_page=True)
        page.get_by_test_id("rc-submit").click()
        expect(page.get_by_text("Tak. Dit svar er gemt.")).to_be_visible()
        expect(page.get_by_test_id("rc-all-answered")).to_be_visible()
        expect(page.get_by_test_id("rc-answer")).to_have_count(1)
        page.context.close()

    manager = open_session(browser, live_server, jobcentre_manager.username, viewport=PHONE)
    manager.goto(f"{live_server.url}/relational-coordination/summary/")
    expect(manager.get_by_role("heading", level=1)).to_have_text(
        "Samarbejdet mellem organisationerne"
    )
    chart = manager.get_by_test_id("rc-trend-0")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).not_to_have_count(0)
    # (3 + 4 + 5) / 3 on every dimension.
    expect(manager.get_by_test_id("rc-index")).to_have_text("4,00")
    expect(manager.get_by_test_id("pair-row")).to_have_count(3)
    assert_fits_phone(manager, tap_targets=False)
    manager.screenshot(path=SCREENSHOTS / "relational-summary-phone.png", full_page=True)

    manager.goto(f"{live_server.url}/dashboard/")
    expect(manager.get_by_test_id("team-changes-count")).to_contain_text("0 forløb")
    manager.get_by_test_id("rc-summary-link").click()
    expect(manager.get_by_test_id("rc-pair")).to_have_count(1)
    manager.context.close()


@pytest.mark.django_db(transaction=True)
def test_a_shared_supervision_is_booked_on_a_phone(browser, live_server, care_manager,
                                                   consultant):
    page = open_session(browser, live_server, care_manager.username, viewport=PHONE)
    page.goto(f"{live_server.url}/supervision/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fælles supervision")
    page.get_by_label("Starter").fill("2030-01-07T09:00")
    page.get_by_label("Slutter").fill("2030-01-07T10:30")
    colleague = page.get_by_label(f"{consultant.display_name} ({consultant.organisation.name})")
    colleague.check()
    expect(page.get_by_text(consultant.display_name)).to_be_visible()
    assert_fits_phone(page, tap_targets=False)
    page.screenshot(path=SCREENSHOTS / "supervision-phone.png", full_page=True)
    page.get_by_role("button", name="Book supervisionen").click()
    expect(page.get_by_text("Supervisionen er booket.")).to_be_visible()
    expect(page.get_by_test_id("supervision-record")).to_contain_text("præmisser for arbejdet")
    expect(page.get_by_text(consultant.display_name, exact=False)).to_be_visible()
    assert_fits_phone(page, tap_targets=False)
    page.screenshot(path=SCREENSHOTS / "supervision-detail-phone.png", full_page=True)
    page.context.close()
