"""Issue 13: throttles and lock-outs key on the real client address (ibbis.client_ip).

Attacks: rotating a client-sent X-Forwarded-For gave a fresh token-throttle bucket per
request; with axes keyed on the name alone a stranger could lock any named person out; one
address could try password after password on many names.
"""
import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from ibbis.accounts.models import AuthEvent, AuthEventKind
from ibbis.throttling import AddressScopedRateThrottle
from tests.factories import TEST_PASSWORD
from tests.ibbis.two_factor_helpers import enrol

pytestmark = pytest.mark.django_db

STRANGER = "203.0.113.9"
OWNER = "198.51.100.20"
PROXY = "10.0.0.2"


def _login(client, username, password, **headers):
    return client.post("/login/", {"username": username, "password": password}, **headers)


def _token(client, username, password, **headers):
    return client.post(
        "/api/auth/token/", {"username": username, "password": password}, format="json",
        **headers,
    )


def _forged(n):
    return {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"}


def test_rotating_x_forwarded_for_does_not_bypass_the_token_throttle():
    rate = AddressScopedRateThrottle().parse_rate(AddressScopedRateThrottle.THROTTLE_RATES["token"])
    allowed = rate[0]
    api = APIClient(REMOTE_ADDR=STRANGER)
    statuses = [
        _token(api, f"nobody{n}", "wrong", **_forged(n)).status_code for n in range(allowed + 1)
    ]
    assert statuses[:allowed] == [400] * allowed
    assert statuses[allowed] == 429
    assert _token(api, "nobody", "wrong", **_forged(200)).json()["code"] == "throttled"
    # Another address still has its own bucket.
    other = APIClient(REMOTE_ADDR=OWNER)
    assert _token(other, "nobody", "wrong").status_code == 400


def test_rotating_x_forwarded_for_does_not_bypass_the_lockout(service_user):
    client = Client(REMOTE_ADDR=STRANGER)
    for n in range(5):
        assert _login(client, service_user.username, "wrong", **_forged(n)).status_code in (
            400, 429,  # the fifth failure is answered with the lock-out itself
        )
    # Even the right password, from yet another forged address, meets the lock-out.
    assert _login(client, service_user.username, TEST_PASSWORD, **_forged(99)).status_code == 429


@pytest.mark.parametrize("role", ["service user", "care manager"])
def test_a_stranger_failing_on_a_name_does_not_lock_its_owner_out(role, service_user,
                                                                  care_manager):
    owner = service_user if role == "service user" else care_manager
    if owner is care_manager:
        enrol(care_manager)  # a professional signs in with two factors
    stranger = Client(REMOTE_ADDR=STRANGER)
    for _ in range(10):
        assert _login(stranger, owner.username, "wrong").status_code in (400, 429)
    # The pair (name, stranger's address) is locked...
    assert _login(stranger, owner.username, TEST_PASSWORD).status_code == 429
    # ...the owner, from their own address, signs in (straight in, or on to the code step).
    response = _login(Client(REMOTE_ADDR=OWNER), owner.username, TEST_PASSWORD)
    assert response.status_code == 302, response.status_code
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOCKED_OUT, ip_address=STRANGER).exists()
    assert not AuthEvent.objects.filter(kind=AuthEventKind.LOCKED_OUT, ip_address=OWNER).exists()


@override_settings(SIGN_IN_ADDRESS_FAILURE_LIMIT=8)
def test_one_address_trying_many_names_is_limited_on_the_login_page(service_user,
                                                                    other_service_user):
    stranger = Client(REMOTE_ADDR=STRANGER)
    for n in range(8):
        # A new name each time: no (name, address) pair reaches axes' limit.
        assert _login(stranger, f"guess{n}", "wrong", **_forged(n)).status_code == 400
    refused = _login(stranger, service_user.username, TEST_PASSWORD, **_forged(50))
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert "_auth_user_id" not in stranger.session
    # The same address is refused on the token endpoint too, as JSON.
    api = APIClient(REMOTE_ADDR=STRANGER)
    body = _token(api, other_service_user.username, TEST_PASSWORD).json()
    assert body["code"] == "throttled"
    # Other addresses sign in as usual.
    owner = Client(REMOTE_ADDR=OWNER)
    assert _login(owner, service_user.username, TEST_PASSWORD).status_code == 302


@override_settings(SIGN_IN_ADDRESS_FAILURE_LIMIT=6)
def test_failures_on_the_token_endpoint_count_against_the_address_too(service_user):
    api = APIClient(REMOTE_ADDR=STRANGER)
    for n in range(6):
        assert _token(api, f"guess{n}", "wrong").status_code == 400
    assert _login(Client(REMOTE_ADDR=STRANGER), service_user.username,
                  TEST_PASSWORD).status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(service_user):
    """With one trusted proxy, the right-most X-Forwarded-For entry is the client; entries
    the client wrote to the left of it are not believed."""
    client = Client(REMOTE_ADDR=PROXY)
    for n in range(5):
        header = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{n}, {STRANGER}"}
        assert _login(client, service_user.username, "wrong", **header).status_code in (400, 429)
    failures = AuthEvent.objects.filter(kind=AuthEventKind.LOGIN_FAILED)
    assert set(failures.values_list("ip_address", flat=True)) == {STRANGER}
    header = {"HTTP_X_FORWARDED_FOR": f"192.0.2.77, {STRANGER}"}
    assert _login(client, service_user.username, TEST_PASSWORD, **header).status_code == 429
    # The owner, another client behind the same proxy, is not locked out.
    owner = Client(REMOTE_ADDR=PROXY)
    response = _login(owner, service_user.username, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=OWNER)
    assert response.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_with_no_trusted_proxy_the_header_is_ignored_entirely(service_user):
    client = Client(REMOTE_ADDR=STRANGER)
    _login(client, "nobody", "wrong", HTTP_X_FORWARDED_FOR=OWNER)
    event = AuthEvent.objects.get(kind=AuthEventKind.LOGIN_FAILED)
    assert event.ip_address == STRANGER
