"""Issue 17, professionals on a phone (390 x 844): the consultant searches the caseload by
name, sorts it by a column heading, and opens a case for one of two service users with the
same name, found by a search that tells them apart. Works as plain GET forms (no script
needed); the page never scrolls sideways; strict CSP holds (csp_guard)."""
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coordination.models import AbsencePeriod, Case
from coordination.services.clock import case_recompute
from tests import factories
from tests.e2e.screens import AXE_PATH, SCREENSHOTS, axe_violations, open_session

PHONE = {"width": 390, "height": 844}
MEASURE = (Path(__file__).parent / "phone_measure.js").read_text()


def fits(page):
    measured = page.evaluate(MEASURE)
    assert measured["scrollWidth"] <= measured["clientWidth"] + 1, measured["wide"]
    assert not measured["small"], measured["small"]
    if AXE_PATH.exists():
        assert not axe_violations(page)


@pytest.fixture
def caseload(consultant, care_manager):
    for first, last, day in (("Anna", "Jensen", date(2026, 3, 2)),
                             ("Bo", "Andersen", date(2026, 1, 5)),
                             ("Anna", "Østergaard", date(2026, 2, 2))):
        person = factories.ServiceUserFactory(first_name=first, last_name=last)
        case = factories.CaseFactory(employment_consultant=consultant, care_manager=care_manager,
                                     service_user=person, first_absence_day=day)
        AbsencePeriod.objects.create(case=case, start=day, kind="full")
        case_recompute(case=case)
    for n in (1, 2):
        factories.ServiceUserFactory(first_name="Mette", last_name="Nielsen",
                                     username=f"mette.n{n}", email=f"mette{n}@example.test")


def names(page):
    return page.locator('[data-testid="caseload"] tbody th[scope="row"] a').all_inner_texts()


@pytest.mark.django_db(transaction=True)
def test_the_consultant_searches_and_sorts_the_caseload_on_a_phone(
    browser, live_server, consultant, caseload
):
    page = open_session(browser, live_server, consultant.username, viewport=PHONE)
    try:
        page.goto(f"{live_server.url}/caseload/")
        assert len(names(page)) == 3
        fits(page)
        page.get_by_label("Søg på navn").fill("anna")
        with page.expect_navigation():
            page.locator('[data-testid="caseload-search"] button[type=submit]').click()
        assert sorted(names(page)) == ["Anna Jensen", "Anna Østergaard"]
        assert "q=anna" in page.url
        fits(page)

        # On a phone the table folds its headings into the rows; the form's select sorts.
        page.get_by_label("Sortér efter").select_option("-name")
        with page.expect_navigation():
            page.locator('[data-testid="caseload-search"] button[type=submit]').click()
        assert names(page) == ["Anna Østergaard", "Anna Jensen"]
        assert "q=anna" in page.url and "sort=-name" in page.url
        expect(page.locator('[data-testid="sort-name"]')).to_have_attribute(
            "aria-sort", "descending")
        page.screenshot(path=SCREENSHOTS / "caseload-search-sorted-390.png", full_page=True)
        fits(page)
    finally:
        page.context.close()


@pytest.mark.django_db(transaction=True)
def test_the_consultant_finds_the_right_namesake_when_opening_a_case_on_a_phone(
    browser, live_server, consultant, care_manager, caseload
):
    page = open_session(browser, live_server, consultant.username, viewport=PHONE)
    try:
        page.goto(f"{live_server.url}/cases/new/")
        fits(page)
        page.get_by_label("Find borgeren ud fra navn").fill("mette")
        with page.expect_navigation():
            page.locator('[data-testid="service-user-search"] button[type=submit]').click()
        expect(page.get_by_test_id("search-result")).to_contain_text("2 borgere matcher")
        page.get_by_text("Mette Nielsen (mette2@example.test, mette.n2)").click()
        page.screenshot(path=SCREENSHOTS / "new-case-search-390.png", full_page=True)
        fits(page)
        page.locator("#id_care_manager").select_option(str(care_manager.pk))
        page.locator("#id_first_absence_day").fill("2026-04-01")
        page.locator("#id_referral_date").fill("2026-04-08")
        with page.expect_navigation():
            page.locator("form.stacked button[type=submit]").click()
        case = Case.objects.get(service_user__username="mette.n2")
        assert page.url.endswith(f"/cases/{case.pk}/")
    finally:
        page.context.close()
