"""The Content-Security-Policy in Chromium: the app's own policy blocks an inline script and
the CSP guard (tests/e2e/csp_guard.py) notices, in the page, in the console and through the
report endpoint; and the main pages of every role - and the Django admin - run clean."""
import pyotp
import pytest
from playwright.sync_api import expect

from ibbis.accounts import two_factor
from tests.e2e.csp_guard import CspViolationError
from tests.e2e.screens import build_world
from tests.e2e.two_factor import open_enrolment_link
from tests.factories import TEST_PASSWORD
from tests.ibbis.two_factor_helpers import code_for, enrol

PROBE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title>
<link rel="stylesheet" href="/static/css/site.css"></head>
<body><main><h1 id="h">Injected</h1>
<script>document.title = "inline script ran";</script>
<p id="styled" style="color: rgb(255, 0, 0)">inline style</p>
</main></body></html>"""


def serve_probe(page, live_server):
    """A same-origin page carrying an inline script and style, served with the exact policy
    the app sends (read from the real login page), as injected markup would be."""
    policy = page.request.get(f"{live_server.url}/login/").headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy
    url = f"{live_server.url}/csp-probe/"
    page.route(url, lambda route: route.fulfill(
        status=200, content_type="text/html", body=PROBE,
        headers={"Content-Security-Policy": policy},
    ))
    page.goto(url)
    expect(page.locator("#h")).to_have_text("Injected")
    return url


def take_with_server_reports(page, csp_violations, timeout_ms=5000):
    """The violations so far, once the browser's reports of the probe's inline script and
    style (posted to /csp-report/ on the browser's own time) have reached the server log."""
    found = csp_violations.take()
    waited = 0

    def reported(directive):
        return any(where == "server report" and directive in detail for where, detail in found)

    while not (reported("script-src") and reported("style-src")) and waited < timeout_ms:
        page.wait_for_timeout(100)
        waited += 100
        found.extend(csp_violations.take())
    return found


@pytest.mark.django_db(transaction=True)
def test_the_policy_blocks_inline_script_and_style_and_the_guard_reports_it(
    page, live_server, csp_violations
):
    serve_probe(page, live_server)
    assert page.title() == "probe"  # the inline script never ran
    color = page.locator("#styled").evaluate("e => getComputedStyle(e).color")
    assert color != "rgb(255, 0, 0)"  # nor did the inline style apply

    # The guard would fail this test now; here we check what it holds, then take it.
    with pytest.raises(CspViolationError, match="script-src"):
        csp_violations.check()
    found = take_with_server_reports(page, csp_violations)
    sources = {where for where, _ in found}
    assert {"console", "event", "server report"} <= sources, found
    text = "\n".join(detail for _, detail in found)
    assert "script-src" in text and "style-src" in text
    # The server logged the report without the page's query string and answered 204.
    assert any("csp-probe" in detail for where, detail in found if where == "server report")


@pytest.mark.django_db(transaction=True)
def test_contexts_a_test_opens_itself_are_watched_too(browser, live_server, csp_violations):
    page = browser.new_context(locale="da-DK").new_page()
    serve_probe(page, live_server)
    found = take_with_server_reports(page, csp_violations)
    assert {"console", "event", "server report"} <= {where for where, _ in found}, found
    page.context.close()
    page = browser.new_page()
    serve_probe(page, live_server)
    found = take_with_server_reports(page, csp_violations)
    assert {"console", "event", "server report"} <= {where for where, _ in found}, found
    page.close()


def sign_in(browser, live_server, user):
    """Through the login page and, for the roles that need it, the code page."""
    if two_factor.two_factor_required(user) and two_factor.confirmed_device(user) is None:
        enrol(user)
    page = browser.new_context(locale="da-DK").new_page()
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/login/verify/" in page.url:
        page.locator("input[name=code]").fill(code_for(two_factor.confirmed_device(user)))
        page.get_by_test_id("verify-submit").click()
        page.wait_for_load_state()
    assert "/login/" not in page.url, f"{user.username} could not sign in: {page.url}"
    return page


MAIN_PAGES = {
    "care_manager": ["/", "/caseload/", "/cases/{case}/", "/cases/{case}/notes/",
                     "/cases/{case}/plan/", "/cases/{case}/plan/history/",
                     "/cases/{case}/meetings/", "/cases/{case}/meetings/new/",
                     "/notifications/", "/calendar-feed/"],
    "consultant": ["/", "/caseload/", "/cases/new/", "/cases/{case}/", "/cases/{case}/notes/",
                   "/cases/{case}/plan/", "/cases/{case}/meetings/"],
    "service_user": ["/", "/my-case/", "/my-plan/", "/my-case/consent/",
                     "/my-case/access-log/", "/my-case/feedback/", "/my-case/export/"],
    "jobcentre_manager": ["/", "/dashboard/", "/checklists/"],
    "admin": ["/", "/accounts/manage/", "/admin/", "/admin/accounts/user/",
              "/admin/accounts/user/{admin}/change/", "/admin/accounts/user/add/",
              "/admin/accounts/organisation/", "/admin/accounts/organisation/add/"],
}


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_of_every_role_run_without_a_csp_violation(
    browser, live_server, csp_violations, care_manager, consultant, service_user,
    jobcentre_manager, health_manager, admin_user,
):
    world = build_world(
        care_manager=care_manager, consultant=consultant, service_user=service_user,
        jobcentre_manager=jobcentre_manager, health_manager=health_manager,
        admin_user=admin_user,
    )
    # First sign-in of a manager: the two-factor setup page with its QR code.
    first = browser.new_context(locale="da-DK").new_page()
    open_enrolment_link(first, live_server.url, health_manager)  # the link an admin issues
    first.locator("#id_username").fill(health_manager.username)
    first.locator("#id_password").fill(TEST_PASSWORD)
    first.locator("main form button[type=submit]").click()
    expect(first.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    secret = first.get_by_test_id("totp-secret").inner_text()
    first.locator("input[name=code]").fill(pyotp.TOTP("".join(secret.split())).now())
    first.get_by_test_id("setup-submit").click()
    expect(first.get_by_test_id("recovery-codes")).to_be_visible()
    first.get_by_test_id("recovery-codes-continue").click()
    first.wait_for_load_state()
    assert "/login/" not in first.url
    assert csp_violations.take() == [], "login and two-factor setup"
    first.context.close()
    for role, paths in MAIN_PAGES.items():
        page = sign_in(browser, live_server, world.users[role])
        for path in paths:
            path = path.format(case=world.case.pk, admin=admin_user.pk)
            response = page.goto(live_server.url + path)
            assert response.status == 200, (role, path, response.status)
            # Our own stylesheet applies under the policy (the skip link is moved off-screen).
            if not path.startswith("/admin/"):
                expect(page.locator(".skip-link")).to_have_css("position", "absolute")
            else:
                # The admin's own scripts load and run (its stylesheet sets the header).
                expect(page.locator("#header")).to_be_visible()
        assert csp_violations.take() == [], role
        page.context.close()
