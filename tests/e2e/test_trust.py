"""The trust story in a real browser: the service user grants consent, the care manager's
team note reaches the employment consultant, revoking hides it, and the service user reads
who looked at the case (DOMAIN.md, Note scopes and Why trust)."""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.two_factor import complete_second_factor, device_for
from tests.factories import TEST_PASSWORD


@pytest.fixture
def open_session(browser, live_server, browser_context_args):
    contexts = []

    def _open(username):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
        device = device_for(username)
        with page.expect_navigation():
            page.get_by_role("button", name="Log ind").click()
        complete_second_factor(page, device)
        page.wait_for_load_state()
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_consent_shows_then_hides_a_care_managers_team_note_and_the_log_tells(
    open_session, live_server, service_user, care_manager, consultant
):
    case = factories.CaseFactory(
        service_user=service_user, care_manager=care_manager, employment_consultant=consultant
    )
    notes_url = f"{live_server.url}/cases/{case.pk}/notes/"

    citizen = open_session("sara.borger")
    citizen.get_by_test_id("nav-consent").click()
    citizen.get_by_test_id("consent-grant").click()
    expect(citizen.get_by_test_id("consent-revoke")).to_be_visible()

    carer = open_session("carla.cm")
    carer.goto(notes_url)
    carer.locator("textarea[name=text]").fill("Sover dårligt, har det bedre med kortere dage")
    carer.locator("select[name=scope]").select_option("team")
    carer.get_by_test_id("note-submit").click()
    expect(carer.get_by_test_id("notes")).to_contain_text("Sover dårligt")

    jobcentre = open_session("erik.ec")
    jobcentre.goto(notes_url)
    expect(jobcentre.get_by_test_id("notes")).to_contain_text("Sover dårligt")

    citizen.goto(f"{live_server.url}/my-case/consent/")
    citizen.get_by_test_id("consent-revoke").click()
    expect(citizen.get_by_test_id("consent-grant")).to_be_visible()

    jobcentre.goto(notes_url)
    expect(jobcentre.get_by_role("main")).not_to_contain_text("Sover dårligt")
    # Revoking hides; the author still reads the note.
    carer.goto(notes_url)
    expect(carer.get_by_test_id("notes")).to_contain_text("Sover dårligt")

    citizen.get_by_test_id("nav-access-log").click()
    log = citizen.get_by_test_id("access-log")
    expect(log).to_contain_text(consultant.display_name)
    expect(log).to_contain_text(care_manager.display_name)
    expect(log).to_contain_text("Jobcenter Test")
    # Newest first: the care manager's look after the revocation is the top row.
    expect(log.locator("tbody tr").first).to_contain_text(care_manager.display_name)
