"""Two-factor sign-in, sign out everywhere and the idle limit in a real browser (issue 8)."""
import re
import time

import pyotp
import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from ibbis.accounts import two_factor
from ibbis.accounts.middleware import LAST_ACTIVITY_KEY
from tests.e2e.two_factor import device_for, fresh_code, open_enrolment_link
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def no_otp_wait(settings):
    """The server runs in this process: no doubling wait after a deliberate wrong code."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def password_step(page, base_url, username):
    page.goto(f"{base_url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def type_code(page, code):
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()


def set_up_from_the_page(page):
    """What a person does: read the key shown under the QR code into an app, type its code.
    Returns the recovery codes the page shows."""
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    type_code(page, pyotp.TOTP(secret).now())
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    return codes.all_inner_texts()


def test_a_professional_sets_up_two_factor_then_signs_in_with_codes(
    page, live_server, consultant, no_otp_wait
):
    open_enrolment_link(page, live_server.url, consultant)
    password_step(page, live_server.url, "erik.ec")
    expect(page).to_have_url(re.compile(r"/login/setup/$"))
    recovery = set_up_from_the_page(page)
    page.get_by_test_id("recovery-codes-continue").click()
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    page.get_by_role("button", name="Log ud", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login/\?signed_out=1$"))
    expect(page.get_by_test_id("signed-out")).to_be_visible()

    # The next sign-in asks for a code; a wrong one is refused with a message.
    password_step(page, live_server.url, "erik.ec")
    expect(page).to_have_url(re.compile(r"/login/verify/$"))
    type_code(page, "000000")
    expect(page.get_by_test_id("code-error")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/verify/$"))
    type_code(page, fresh_code(two_factor.confirmed_device(consultant)))
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    page.get_by_role("button", name="Log ud", exact=True).click()

    # A recovery code works once.
    password_step(page, live_server.url, "erik.ec")
    type_code(page, recovery[0])
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    page.get_by_role("button", name="Log ud", exact=True).click()
    password_step(page, live_server.url, "erik.ec")
    type_code(page, recovery[0])
    expect(page.get_by_test_id("code-error")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/verify/$"))


def test_a_service_user_opts_in_on_the_security_page(page, live_server, service_user):
    password_step(page, live_server.url, "sara.borger")
    expect(page).to_have_url(re.compile(r"/my-case/$"))
    page.get_by_test_id("nav-security").click()
    page.get_by_test_id("enable-two-factor").click()
    set_up_from_the_page(page)
    page.get_by_test_id("recovery-codes-continue").click()
    expect(page.get_by_test_id("recovery-codes-left")).to_contain_text("10")
    page.get_by_role("button", name="Log ud", exact=True).click()
    password_step(page, live_server.url, "sara.borger")
    expect(page).to_have_url(re.compile(r"/login/verify/$"))
    type_code(page, fresh_code(two_factor.confirmed_device(service_user)))
    expect(page).to_have_url(re.compile(r"/my-case/$"))


def test_sign_out_everywhere_ends_the_session_in_another_browser(
    browser, login, live_server, consultant
):
    page = login("erik.ec")
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    other = browser.new_context(locale="da-DK").new_page()
    device = device_for("erik.ec")
    password_step(other, live_server.url, "erik.ec")
    type_code(other, fresh_code(device))
    expect(other).to_have_url(re.compile(r"/caseload/$"))

    page.get_by_test_id("nav-security").click()
    page.get_by_test_id("sign-out-everywhere").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    other.reload()
    expect(other).to_have_url(re.compile(r"/login/\?next="))
    other.context.close()


def test_an_idle_professional_is_sent_to_the_login_page_and_back(
    login, live_server, consultant, settings
):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30  # off in the test settings
    page = login("erik.ec")
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    # Thirty-one minutes pass without a request.
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 31 * 60
    session.save()
    page.goto(f"{live_server.url}/notifications/")
    expect(page).to_have_url(re.compile(r"/login/\?next=%2Fnotifications%2F$"))
    expect(page.locator(".messages")).to_contain_text("30")
    page.get_by_label("Brugernavn").fill("erik.ec")
    page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    type_code(page, fresh_code(device_for("erik.ec")))
    expect(page).to_have_url(re.compile(r"/notifications/$"))


def test_a_key_noted_by_someone_else_is_never_the_owners(
    browser, page, live_server, consultant, no_otp_wait
):
    """Issue 13: someone who knows the initial password opens the set-up step and notes the
    key; the owner, signing in later, is shown another key, and the noted one never works."""
    intruder = browser.new_context(locale="da-DK").new_page()
    # Even someone who has the enrolment link as well as the password cannot plant a key.
    secret = open_enrolment_link(intruder, live_server.url, consultant)
    password_step(intruder, live_server.url, "erik.ec")
    expect(intruder).to_have_url(re.compile(r"/login/setup/$"))
    noted = intruder.get_by_test_id("totp-secret").inner_text()

    open_enrolment_link(page, live_server.url, consultant, secret)
    password_step(page, live_server.url, "erik.ec")
    expect(page).to_have_url(re.compile(r"/login/setup/$"))
    shown = page.get_by_test_id("totp-secret").inner_text()
    assert shown and shown != noted
    expect(page.locator("main")).not_to_contain_text(noted)

    # The intruder's noted key confirms nothing, and the page does not show a key again.
    type_code(intruder, pyotp.TOTP(noted.replace(" ", "")).now())
    expect(intruder.get_by_test_id("code-error")).to_be_visible()
    expect(intruder.get_by_test_id("totp-secret")).to_have_count(0)
    expect(intruder.get_by_test_id("setup-new-key")).to_be_visible()
    intruder.context.close()

    # The owner sets up with the key shown to them and lands on their caseload.
    type_code(page, pyotp.TOTP(shown.replace(" ", "")).now())
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_test_id("recovery-codes-continue").click()
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    assert two_factor.secret_text(two_factor.confirmed_device(consultant)) == shown


def test_the_first_set_up_goes_through_the_enrolment_link_an_admin_issues(
    browser, login, live_server, consultant, admin_user, no_otp_wait
):
    """Issue 13: the initial password alone never reaches the set-up step; the link an
    administrator issues does, once."""
    owner = browser.new_context(locale="da-DK").new_page()
    password_step(owner, live_server.url, "erik.ec")
    expect(owner.get_by_test_id("enrolment-link-needed")).to_be_visible()
    owner.goto(f"{live_server.url}/login/setup/")
    expect(owner).to_have_url(re.compile(r"/login/$"))

    admin = login("ada.admin")
    expect(admin).to_have_url(re.compile(r"/accounts/manage/$"))
    admin.get_by_test_id("issue-enrolment-link-erik.ec").click()
    link = admin.get_by_test_id("enrolment-link").inner_text().strip()
    assert link.startswith(live_server.url + "/enrol/")

    owner.goto(link)
    expect(owner).to_have_url(re.compile(r"/login/$"))
    password_step(owner, live_server.url, "erik.ec")
    expect(owner).to_have_url(re.compile(r"/login/setup/$"))
    set_up_from_the_page(owner)
    owner.get_by_test_id("recovery-codes-continue").click()
    expect(owner).to_have_url(re.compile(r"/caseload/$"))

    # The link worked once.
    owner.goto(link)
    expect(owner.get_by_test_id("enrolment-link-invalid")).to_be_visible()
    owner.context.close()

