"""A companion (bisidder) at a meeting (issue 18), in the browser at phone size (390 px):
the service user invites someone from their meeting page; the companion opens the link in
the mail, chooses a password and reads their whole view - the meeting, its agenda and the
plan - and nothing else; the service user ends the access and the companion's session is
over. Screenshots in Danish go to /tmp/companion-shots/."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coordination.services import meeting_voice
from coordination.services.plan import goal_add, plan_for_case
from tests.e2e.screens import PHONE, assert_fits_phone, open_session
from trust.services import note_create

SHOTS = Path("/tmp/companion-shots")
# Nothing like the made-up username (ledsager-<hex>): the similarity validator would refuse
# a password that resembles it, now and then, by chance.
PASSWORD = "Blaa-hus-ved-fjorden-77"


@pytest.fixture
def prepared(case_opened_in_june, booked_meeting, care_manager, consultant, service_user):
    goal_add(case=case_opened_in_june, actor=care_manager,
             plan_version=plan_for_case(case_opened_in_june).version,
             kind="return_to_work", description="Tilbage to dage om ugen",
             owner=service_user)
    meeting_voice.agenda_item_add(meeting=booked_meeting, actor=service_user,
                                  text="Mine arbejdstider")
    note_create(actor=consultant, case=case_opened_in_june, text="Hemmeligt teamnotat",
                scope="team")
    return booked_meeting


def _shot(page, name, element=None):
    """The whole page, or only `element` (the meeting page is long)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SHOTS / f"{name}.png")
    if element is not None:
        element.screenshot(path=path)
    else:
        page.screenshot(path=path, full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_service_user_invites_a_companion_who_sees_only_the_meeting_and_plan(
    browser, live_server, service_user, prepared, mailoutbox
):
    booked = prepared
    page = open_session(browser, live_server, service_user.username, viewport=PHONE)
    companion_page = None
    try:
        page.goto(f"{live_server.url}/meetings/{booked.pk}/")
        section = page.get_by_test_id("companions")
        expect(section).to_contain_text("Tag en bisidder med")
        page.get_by_label("Personens navn").fill("Karen Hansen")
        page.get_by_label("Hvordan du kender personen").fill("Min søster")
        page.get_by_label("Personens e-mailadresse").fill("karen@example.test")
        assert_fits_phone(page)
        _shot(page, "1-invite-form-da", section)
        page.get_by_test_id("companion-invite").click()
        expect(page.locator(".messages")).to_contain_text("Invitationen er sendt")
        expect(page.get_by_test_id("companion")).to_contain_text("Karen Hansen")
        expect(page.get_by_test_id("companion")).to_contain_text("Min søster")
        assert_fits_phone(page)
        _shot(page, "2-invited-da", page.get_by_test_id("companions"))

        [mail] = [m for m in mailoutbox if m.to == ["karen@example.test"]]
        assert service_user.first_name not in mail.body
        link = re.search(r"https?://\S+/companion/welcome/\S+/", mail.body).group(0)

        context = browser.new_context(locale="da-DK", viewport=PHONE, is_mobile=True,
                                      has_touch=True)
        companion_page = context.new_page()
        companion_page.goto(link)
        assert_fits_phone(companion_page)
        _shot(companion_page, "3-choose-password-da")
        companion_page.get_by_label("Ny adgangskode", exact=True).fill(PASSWORD)
        companion_page.get_by_label("Bekræftelse af ny adgangskode").fill(PASSWORD)
        companion_page.get_by_test_id("companion-password-submit").click()
        expect(companion_page).to_have_url(f"{live_server.url}/companion/")
        expect(companion_page.locator("h1")).to_contain_text(
            f"Du er bisidder for {service_user.first_name}")
        expect(companion_page.get_by_test_id("companion-meeting")).to_contain_text(
            "Jobcenter, lokale 2")
        expect(companion_page.get_by_test_id("companion-agenda")).to_contain_text(
            "Mine arbejdstider")
        expect(companion_page.get_by_test_id("companion-plan")).to_contain_text(
            "Tilbage to dage om ugen")
        expect(companion_page.locator("main")).not_to_contain_text("Hemmeligt teamnotat")
        assert_fits_phone(companion_page)
        _shot(companion_page, "4-companion-view-da")
        # Nothing else: the meeting's own page, the case, the notifications are not there.
        for path in (f"/meetings/{booked.pk}/", f"/cases/{booked.case_id}/",
                     "/notifications/", "/my-case/"):
            response = companion_page.goto(f"{live_server.url}{path}")
            assert response.status == 404, path

        # The service user sees the reads in "who has looked at my case", then ends access.
        page.goto(f"{live_server.url}/my-case/access-log/")
        expect(page.locator("main")).to_contain_text("Karen Hansen")
        expect(page.locator("main")).to_contain_text("Læste mødet, bisidderen var inviteret til")
        page.goto(f"{live_server.url}/meetings/{booked.pk}/")
        page.get_by_test_id("companion-revoke").click()
        expect(page.locator(".messages")).to_contain_text("Karen Hansen kan ikke længere se")
        expect(page.get_by_test_id("companion-status")).to_contain_text("adgangen er lukket")
        companion_page.goto(f"{live_server.url}/companion/")
        expect(companion_page).to_have_url(re.compile(r"/login/"))
    finally:
        page.context.close()
        if companion_page is not None:
            companion_page.context.close()
