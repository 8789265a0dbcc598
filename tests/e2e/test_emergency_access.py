"""Break the glass in the browser (issue 19), in Danish on a 390 px phone: a care manager who
is not on a case meets the 404, follows its link to the emergency page, takes access with a
reason and reads the case; the manager's dashboard lists it; the service user's access log
shows it. Screenshots go to /tmp/glass-shots/ (and test-results/screenshots/) to be looked at."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.screens import PHONE, SCREENSHOTS, assert_fits_phone, open_session

SHOTS = Path("/tmp/glass-shots")
REASON = "Borgeren ringede i krise, og forløbets koordinator er syg i dag."


def _shot(page, name):
    for folder in (SHOTS, SCREENSHOTS):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / name, full_page=True)


@pytest.mark.django_db(transaction=True)
def test_break_the_glass_on_a_phone_in_danish(browser, live_server, care_manager, consultant,
                                              service_user, health_manager, mental_health):
    case = factories.CaseFactory(care_manager=care_manager, employment_consultant=consultant,
                                 service_user=service_user)
    colleague = factories.CareManagerFactory(username="gry.glass", organisation=mental_health)

    page = open_session(browser, live_server, colleague.username, viewport=PHONE)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    hint = page.get_by_test_id("emergency-access-hint")
    expect(hint).to_be_visible()
    hint.get_by_role("link", name="Tag nødadgang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nødadgang")
    expect(page.get_by_label("Forløbets reference")).to_have_value(str(case.pk))
    # Too short first: the error is shown beside the field.
    page.get_by_label("Begrundelse", exact=True).fill("kort        ")
    page.get_by_role("button", name="Tag nødadgang").click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    _shot(page, "emergency-form-error-da-390.png")
    assert_fits_phone(page)
    page.get_by_label("Begrundelse", exact=True).fill(REASON)
    _shot(page, "emergency-form-da-390.png")
    page.get_by_role("button", name="Tag nødadgang").click()
    expect(page).to_have_url(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_test_id("emergency-access-banner")).to_contain_text("nødadgang")
    _shot(page, "emergency-case-da-390.png")
    page.context.close()

    page = open_session(browser, live_server, health_manager.username, viewport=PHONE)
    page.goto(f"{live_server.url}/dashboard/")
    rows = page.get_by_test_id("emergency-access-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(REASON)
    page.get_by_test_id("dashboard-emergency-accesses").scroll_into_view_if_needed()
    _shot(page, "emergency-dashboard-da-390.png")
    page.get_by_test_id("dashboard-emergency-accesses").screenshot(
        path=SHOTS / "emergency-dashboard-list-da-390.png")
    assert_fits_phone(page, tap_targets=False)
    page.context.close()

    page = open_session(browser, live_server, service_user.username, viewport=PHONE)
    page.goto(f"{live_server.url}/my-case/access-log/")
    expect(page.get_by_test_id("emergency-accesses")).to_contain_text(REASON)
    _shot(page, "emergency-access-log-da-390.png")
    page.context.close()
