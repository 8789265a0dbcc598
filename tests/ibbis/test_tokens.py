"""API tokens (django-rest-knox): per client, expiring, and every way one ends (issue 13,
second factor). Each attack is made through HTTP with a token that worked a moment before."""
import time

import pytest
import time_machine
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from ibbis.accounts.models import AccountChangeRequest, AuthEvent
from tests.factories import TEST_PASSWORD
from tests.ibbis.two_factor_helpers import code_for, enrol, open_enrolment_link, set_up_code

pytestmark = pytest.mark.django_db


def sign_in(user, **extra):
    """A new API client signed in through POST /api/auth/token/; returns (client, body)."""
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": user.username, "password": TEST_PASSWORD, **extra}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    return client, body


def works(client) -> bool:
    status = client.get("/api/me/").status_code
    assert status in (200, 401)
    return status == 200


def test_each_client_gets_its_own_token_and_logout_ends_only_the_callers(service_user):
    laptop, first = sign_in(service_user)
    phone, second = sign_in(service_user)
    assert first["token"] != second["token"] and first["expires_at"]
    assert works(laptop) and works(phone)
    assert laptop.post("/api/auth/logout/").status_code == 204
    assert not works(laptop)
    assert works(phone)
    assert laptop.post("/api/auth/logout/").status_code == 401
    assert AuthEvent.objects.filter(user=service_user, kind="auth.token_revoked").count() == 1


def test_tokens_are_stored_only_as_hashes(service_user):
    _client, body = sign_in(service_user)
    stored = AuthToken.objects.get(user=service_user)
    assert body["token"] not in (stored.digest, stored.token_key)
    assert stored.digest != body["token"] and len(stored.digest) == 128


def test_logout_needs_a_token_not_a_session(client, service_user):
    client.force_login(service_user)
    assert client.post("/api/auth/logout/").status_code == 401
    assert "_auth_user_id" in client.session


def test_a_token_expires(service_user):
    client, _body = sign_in(service_user)
    with time_machine.travel(time.time() + 10 * 3600 + 60):
        assert not works(client)
    assert not AuthToken.objects.filter(user=service_user).exists()


def test_a_password_change_ends_every_token_and_other_session(consultant):
    device, _codes = enrol(consultant)
    api, _body = sign_in(consultant, otp=code_for(device))
    browser, elsewhere = Client(), Client()
    browser.force_login(consultant)
    elsewhere.force_login(consultant)
    response = browser.post("/accounts/password/", {
        "old_password": TEST_PASSWORD,
        "new_password1": "a-new-and-long-passphrase-7",
        "new_password2": "a-new-and-long-passphrase-7",
    })
    assert response.status_code == 302
    assert not works(api)
    assert elsewhere.get("/caseload/").status_code == 302  # that session ended
    assert browser.get("/caseload/").status_code == 200  # this one carries on
    assert AuthEvent.objects.filter(user=consultant, kind="auth.password_changed").exists()
    assert AuthEvent.objects.filter(user=consultant, kind="auth.token_revoked").exists()


def test_a_password_an_admin_sets_ends_the_holders_tokens(client, admin_user, service_user,
                                                          second_admin):
    api, _body = sign_in(service_user)
    client.force_login(admin_user)
    response = client.post(f"/admin/accounts/user/{service_user.pk}/password/", {
        "usable_password": "true",
        "password1": "the-admins-choice-42x", "password2": "the-admins-choice-42x",
    })
    assert response.status_code == 302
    assert works(api)  # held for a second administrator: nothing has changed yet
    # Four eyes (ibbis/accounts/approvals.py): a second administrator approves it.
    change = AccountChangeRequest.objects.get(account=service_user)
    approver = Client()
    approver.force_login(second_admin)
    approver.post("/admin/accounts/accountchangerequest/", {
        "action": "approve", "_selected_action": [str(change.pk)], "index": 0,
    })
    assert not works(api)
    service_user.refresh_from_db()
    assert service_user.must_change_password


def test_deactivation_ends_every_token(service_user):
    api, _body = sign_in(service_user)
    service_user.is_active = False
    service_user.save()
    assert not works(api)
    assert not AuthToken.objects.filter(user=service_user).exists()


def test_sign_out_everywhere_ends_every_token(service_user):
    first, _ = sign_in(service_user)
    second, _ = sign_in(service_user)
    browser = Client()
    browser.force_login(service_user)
    browser.post("/accounts/security/sign-out-everywhere/")
    assert not works(first) and not works(second)


def test_a_token_from_before_enrolment_does_not_survive_it(client, service_user):
    # The attack: a token got with the password alone, kept after two-factor is turned on.
    api, _body = sign_in(service_user)
    client.force_login(service_user)
    code = set_up_code(client, "/accounts/security/two-factor/")
    response = client.post("/accounts/security/two-factor/", {"code": code})
    assert response.status_code == 200 and response.context["codes"]
    assert not works(api)
    # From now on a token takes the code too.
    assert APIClient().post(
        "/api/auth/token/", {"username": service_user.username, "password": TEST_PASSWORD}
    ).json()["code"] == "otp_required"


def test_a_professionals_token_from_before_the_first_setup_does_not_survive_it(
    client, api, consultant
):
    api.as_user(consultant)  # however it was got, before the second factor existed
    assert works(api)
    open_enrolment_link(client, consultant)
    client.post("/login/", {"username": consultant.username, "password": TEST_PASSWORD})
    assert client.post("/login/setup/", {"code": set_up_code(client)}).status_code == 200
    assert not works(api)


def test_only_the_token_prefix_is_accepted(service_user):
    _client, body = sign_in(service_user)
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert bearer.get("/api/me/").status_code == 401
