"""Shared by the two-factor, session and auth-event tests: a confirmed authenticator with a
known key, and the code it would show; the key a set-up page shows, and its code."""
import time
from base64 import b32decode, b32encode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ibbis.accounts import two_factor

KNOWN_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, in hex


def code_for(device, *, steps_ahead=0):
    """The code the app shows now (or `steps_ahead` time steps later; one step ahead is
    within the tolerance and lets a test use a second code in the same 30 seconds)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user):
    """A confirmed authenticator with a known key, and ten recovery codes."""
    device = TOTPDevice.objects.create(
        user=user, name=two_factor.AUTHENTICATOR_NAME, key=KNOWN_KEY, confirmed=True
    )
    codes = two_factor._new_recovery_codes(user)
    return device, codes


def open_enrolment_link(client, user, secret=None):
    """What the holder does first: open the enrolment link an administrator gave them (a new
    one, or `secret`) in this browser. Returns the link's secret."""
    if secret is None:
        _link, secret = two_factor.enrolment_link_issue(user=user)
    response = client.get(f"/enrol/{secret}/")
    assert response.status_code == 302 and response["Location"] == "/login/", response
    return secret


SECRET_MARKER = 'data-testid="totp-secret">'


def shown_key(response):
    """The key a set-up page shows (as someone reading the screen would note it), or None
    when the page shows none. Nothing is read from the database: until its code confirms
    it, the key exists only on the page and in the session."""
    html = response.content.decode()
    return html.split(SECRET_MARKER, 1)[1].split("<", 1)[0] if SECRET_MARKER in html else None


def code_for_key(secret, *, steps_ahead=0):
    """The code an authenticator app that was given `secret` shows now."""
    totp = TOTP(key_bytes(secret))
    totp.time = time.time() + steps_ahead * totp.step
    return f"{totp.token():06d}"


def key_bytes(secret):
    plain = secret.replace(" ", "").upper()
    return b32decode(plain + "=" * (-len(plain) % 8))


def set_up_code(client, url="/login/setup/"):
    """Open a set-up page and return the code for the key it shows, as a person would."""
    secret = shown_key(client.get(url))
    assert secret, f"{url} shows no key"
    return code_for_key(secret)


def key_hex_to_secret(key_hex):
    """The base32 text an app is given for a hex key (as the set-up page shows it)."""
    return b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
