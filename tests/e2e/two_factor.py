"""Completing the second factor in browser tests: accounts that must sign in with two
factors get an authenticator with a known key, and the tests type the code it shows."""
import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from ibbis.accounts import two_factor
from ibbis.accounts.models import User

KNOWN_KEY = "3132333435363738393031323334353637383930"


def device_for(username):
    """The account's authenticator, made with the known key if it must have one and has
    none; None for an account that signs in with its password alone (or does not exist)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    device = two_factor.confirmed_device(user)
    if device is None and two_factor.two_factor_required(user):
        device = TOTPDevice.objects.create(
            user=user, name=two_factor.AUTHENTICATOR_NAME, key=KNOWN_KEY, confirmed=True
        )
    return device


def fresh_code(device):
    """A code the server has not accepted yet: each time step is accepted once, so a second
    sign-in within 30 seconds uses the next step (within the tolerance) or waits."""
    device.refresh_from_db()
    now_t = int((time.time() - device.t0) // device.step)
    ahead = max(0, device.last_t + 1 - now_t)
    if ahead > device.tolerance:
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.5)
        return fresh_code(device)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def complete_second_factor(page, device):
    """On the code page after the password step, type the current code."""
    if device is None or "/login/verify/" not in page.url:
        return
    page.locator("#id_code").fill(fresh_code(device))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def open_enrolment_link(page, base_url, user, secret=None):
    """The holder opens the link an administrator gave them; it leads to the login page."""
    if secret is None:
        _link, secret = two_factor.enrolment_link_issue(user=user)
    page.goto(f"{base_url}/enrol/{secret}/")
    expect(page).to_have_url(re.compile(r"/login/$"))
    return secret
