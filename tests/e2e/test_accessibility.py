"""WCAG 2.1 AA as the target (issue 6): axe-core, installed from npm into tests/e2e/tooling,
runs on every page each role reaches from its home by following links, in both languages'
default (Danish); no serious or critical violation anywhere. Plus the keyboard: a visible
focus and the skip link."""
import pytest
from playwright.sync_api import expect

from tests.e2e.screens import (
    AXE_PATH,
    PHONE,
    SCREENSHOTS,
    build_world,
    crawl,
    open_session,
)
from tests.e2e.two_factor import complete_second_factor, device_for

ROLES = ["care_manager", "consultant", "service_user", "jobcentre_manager", "admin"]


@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_serious_violation_on_any_page_of_any_role(
    browser, live_server, care_manager, consultant, service_user, jobcentre_manager,
    health_manager, admin_user,
):
    if not AXE_PATH.exists():
        pytest.skip(f"axe-core is not installed at {AXE_PATH}: npm ci --prefix tests/e2e/tooling")
    from tests.e2e.screens import axe_violations

    world = build_world(
        care_manager=care_manager, consultant=consultant, service_user=service_user,
        jobcentre_manager=jobcentre_manager, health_manager=health_manager,
        admin_user=admin_user,
    )
    found, checked, broken = [], {}, []

    def check(page, path):
        for violation in axe_violations(page):
            found.append((role, path, violation["id"], violation["help"], violation["nodes"]))

    anonymous = browser.new_context(locale="da-DK").new_page()
    role = "anonymous"
    anonymous.goto(f"{live_server.url}/login/")
    check(anonymous, "/login/")
    anonymous.context.close()
    for role in ROLES:
        page = open_session(browser, live_server, world.users[role].username)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"home-{role}-with-a-case.png", full_page=True)
        try:
            result = crawl(page, live_server.url, limit=80, on_html=check)
        finally:
            page.context.close()
        checked[role] = sum(1 for p in result.pages if p.html)
        # A page that failed was not checked; it must not pass for a clean one.
        broken.extend((role, p.path, p.status) for p in result.pages if p.status >= 500)
    # Key forms in their error state: the messages must be announced and tied to the fields.
    role = "consultant"
    page = open_session(browser, live_server, consultant.username)
    for path in ("/cases/new/", f"/cases/{world.case.pk}/notes/"):
        page.goto(live_server.url + path)
        page.locator("main form.stacked button[type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".errorlist, .error").count() > 0, path
        check(page, path + " (errors)")
    page.context.close()
    # Issue 18, the companion (bisidder): the service user's invitation form and list on
    # their meeting page (also in its error state) and the companion's own pages, at the
    # desktop's size and at 390 px.
    meeting, companion = _invited_companion(world)
    for size, viewport in (("desktop", None), ("phone", PHONE)):
        role = f"service_user ({size})"
        page = open_session(browser, live_server, service_user.username, viewport=viewport)
        path = f"/meetings/{meeting.pk}/"
        page.goto(live_server.url + path)
        assert page.get_by_test_id("companion").count() == 1, path
        assert page.get_by_test_id("companion-form").count() == 1, path
        check(page, path)
        page.get_by_test_id("companion-invite").click()
        page.wait_for_load_state()
        assert page.locator("#companions .form-error-message").count() > 0, path
        check(page, path + " (errors)")
        page.context.close()
        role = f"companion ({size})"
        page = open_session(browser, live_server, companion.username, viewport=viewport)
        try:
            result = crawl(page, live_server.url, start="/companion/", limit=20,
                           on_html=check)
        finally:
            page.context.close()
        assert [p.status for p in result.pages if p.path == "/companion/"] == [200]
        checked[role] = sum(1 for p in result.pages if p.html)
        broken.extend((role, p.path, p.status) for p in result.pages if p.status >= 500)
    assert all(n > 1 for n in checked.values()), checked
    assert not broken, f"server errors while crawling: {broken}"
    assert not found, "\n".join(map(str, found))


def _invited_companion(world):
    """The service user's coming meeting with one companion invited, who can sign in with the
    tests' password."""
    from coordination.services.companions import companion_invite
    from tests.factories import TEST_PASSWORD

    meeting = world.case.meetings.filter(status="scheduled").order_by("starts_at").first()
    grant = companion_invite(meeting=meeting, actor=world.users["service_user"],
                             name="Karen Hansen", relation="Min søster",
                             email="karen@example.test", origin="http://testserver")
    grant.user.set_password(TEST_PASSWORD)
    grant.user.save(update_fields=["password"])
    return meeting, grant.user


@pytest.mark.django_db(transaction=True)
def test_keyboard_focus_is_visible_and_the_skip_link_jumps_to_main(
    browser, live_server, consultant
):
    page = open_session(browser, live_server, consultant.username)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_class("skip-link")
    # The focused skip link is on screen and outlined, not just present.
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
    )
    page.context.close()


def test_the_axe_check_itself_finds_an_unlabelled_field(page):
    """The guard for the crawl above: on a page with a field without a label and text
    without contrast, axe_violations reports them (so an empty result means something)."""
    from tests.e2e.screens import axe_violations

    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<input type="text"><p style="color:#eee;background:#fff">faint</p></main></body></html>'
    )
    ids = {v["id"] for v in axe_violations(page)}
    assert {"label", "color-contrast"} <= ids


@pytest.mark.django_db(transaction=True)
def test_core_flows_work_with_javascript_turned_off(
    browser, live_server, care_manager, consultant, service_user
):
    """Plain forms, POST and redirect: logging in, the caseload, writing a note, and the
    service user granting consent all work in a browser that runs no script."""
    from tests.factories import TEST_PASSWORD, CaseFactory

    case = CaseFactory(
        care_manager=care_manager, employment_consultant=consultant, service_user=service_user
    )
    def scriptless_session(username):
        context = browser.new_context(locale="da-DK", java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(TEST_PASSWORD)
        device = device_for(username)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        complete_second_factor(page, device)
        return page

    citizen = scriptless_session("sara.borger")
    citizen.get_by_test_id("nav-consent").click()
    citizen.get_by_test_id("consent-grant").click()
    expect(citizen.get_by_test_id("consent-revoke")).to_be_visible()
    citizen.context.close()
    page = scriptless_session("erik.ec")
    expect(page.get_by_test_id("caseload")).to_contain_text(service_user.display_name)
    page.goto(f"{live_server.url}/cases/{case.pk}/notes/")
    page.locator("textarea[name=text]").fill("Skrevet uden JavaScript")
    page.locator("select[name=scope]").select_option("team")
    page.get_by_test_id("note-submit").click()
    expect(page.get_by_test_id("notes")).to_contain_text("Skrevet uden JavaScript")
    page.context.close()
