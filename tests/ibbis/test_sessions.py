"""Sessions: idle sign-out of professionals, managers and admins, "sign out everywhere",
and the session cookie (issue 8)."""
import time

import pytest
import time_machine
from django.contrib.auth import HASH_SESSION_KEY
from django.test import Client
from knox.models import AuthToken

from ibbis.accounts.middleware import LAST_ACTIVITY_KEY
from ibbis.accounts.models import AuthEvent, Role, User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

IDLE = [Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT, Role.MANAGER, Role.ADMIN]
HOME = {
    Role.CARE_MANAGER: "/caseload/",
    Role.EMPLOYMENT_CONSULTANT: "/caseload/",
    Role.MANAGER: "/dashboard/",
    Role.ADMIN: "/accounts/manage/",
    Role.SERVICE_USER: "/my-case/",
    # The fixture's companion has no meeting (its page is a 404): its own security page.
    Role.COMPANION: "/accounts/security/",
}


@pytest.fixture(autouse=True)
def idle_limit(settings):
    """The product default; the test settings turn the idle limit off for everyone else."""
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30


def later(minutes):
    return time_machine.travel(time.time() + minutes * 60, tick=True)


# Idle sign-out -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", IDLE)
def test_professionals_managers_and_admins_are_signed_out_after_30_idle_minutes(
    client, user_of_role, role
):
    user = user_of_role[role]
    client.force_login(user)
    assert client.get(HOME[role]).status_code == 200
    with later(31):
        response = client.get(HOME[role])
        assert response.status_code == 302
        assert response["Location"] == f"/login/?next={HOME[role].replace('/', '%2F')}"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
    assert "30" in page.content.decode()  # the message says why
    assert AuthEvent.objects.filter(user=user, kind="auth.idle_timeout").count() == 1
    assert not AuthEvent.objects.filter(user=user, kind="auth.logout").exists()


def test_activity_keeps_the_session_alive(client, consultant):
    client.force_login(consultant)
    with later(20):
        assert client.get("/caseload/").status_code == 200
    with later(40):
        assert client.get("/caseload/").status_code == 200
    with later(71):
        assert client.get("/caseload/").status_code == 302


def test_a_service_user_keeps_the_normal_session_age(client, service_user):
    client.force_login(service_user)
    with later(120):
        assert client.get("/my-case/").status_code == 200


def test_the_idle_limit_is_a_setting(client, settings, consultant):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    client.force_login(consultant)
    with later(4):
        assert client.get("/caseload/").status_code == 200
    with later(10):
        assert client.get("/caseload/").status_code == 302


def test_an_idle_limit_of_zero_turns_the_idle_sign_out_off(client, settings, consultant):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 0
    client.force_login(consultant)
    with later(600):
        assert client.get("/caseload/").status_code == 200


def test_last_activity_is_written_at_most_once_a_minute(client, consultant):
    client.force_login(consultant)
    first = client.session[LAST_ACTIVITY_KEY]
    client.get("/caseload/")
    assert client.session[LAST_ACTIVITY_KEY] == first
    with later(2):
        client.get("/caseload/")
        assert client.session[LAST_ACTIVITY_KEY] > first


def test_an_idle_api_session_gets_what_anonymous_gets(client, consultant):
    client.force_login(consultant)
    assert client.get("/api/me/").status_code == 200
    with later(31):
        response = client.get("/api/me/")
    assert response.status_code == 401
    assert AuthEvent.objects.filter(user=consultant, kind="auth.idle_timeout").exists()


def test_a_token_is_not_signed_out_by_the_idle_limit(api, consultant):
    api.as_user(consultant)
    with later(120):
        assert api.get("/api/me/").status_code == 200


def test_htmx_requests_are_redirected_by_header(client, consultant):
    client.force_login(consultant)
    with later(31):
        response = client.get("/caseload/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?next=")


def test_an_idle_post_goes_to_the_login_page_without_next(client, consultant):
    client.force_login(consultant)
    with later(31):
        response = client.post("/accounts/security/sign-out-everywhere/")
    assert response["Location"] == "/login/"
    consultant.refresh_from_db()
    assert consultant.session_generation == 0


def test_the_login_page_starts_the_idle_clock(client, service_user):
    client.post("/login/", {"username": "sara.borger", "password": TEST_PASSWORD})
    assert abs(client.session[LAST_ACTIVITY_KEY] - time.time()) < 5


# Sign out everywhere ---------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_sign_out_everywhere_ends_every_session_and_token(api, user_of_role, role):
    user = user_of_role[role]
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    api.as_user(user)
    assert elsewhere.get(HOME[role]).status_code == 200
    response = here.post("/accounts/security/sign-out-everywhere/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert "_auth_user_id" not in here.session
    assert elsewhere.get(HOME[role]).status_code == 302
    assert api.get("/api/me/").status_code == 401
    assert not AuthToken.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert user.session_generation == 1
    assert AuthEvent.objects.filter(user=user, kind="auth.sign_out_everywhere").count() == 1
    assert not AuthEvent.objects.filter(user=user, kind="auth.logout").exists()
    # A new sign-in works as before.
    fresh = Client()
    fresh.force_login(user)
    assert fresh.get(HOME[role]).status_code == 200


def test_sign_out_everywhere_leaves_other_accounts_alone(client, consultant, care_manager):
    other = Client()
    other.force_login(care_manager)
    client.force_login(consultant)
    client.post("/accounts/security/sign-out-everywhere/")
    assert other.get("/caseload/").status_code == 200


def test_sign_out_everywhere_is_a_post(client, consultant):
    client.force_login(consultant)
    assert client.get("/accounts/security/sign-out-everywhere/").status_code == 405


def test_generation_zero_hashes_as_django_does_so_old_sessions_stay_valid(consultant):
    from django.contrib.auth.base_user import AbstractBaseUser

    assert consultant.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(
        consultant
    )
    consultant.session_generation = 3
    assert consultant.get_session_auth_hash() != AbstractBaseUser._get_session_auth_hash(
        consultant
    )


def test_a_rotated_secret_key_keeps_sessions_of_the_same_generation(client, settings, consultant):
    User.objects.filter(pk=consultant.pk).update(session_generation=2)
    client.force_login(User.objects.get(pk=consultant.pk))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789"
    assert client.get("/caseload/").status_code == 200
    assert client.session[HASH_SESSION_KEY] == User.objects.get(
        pk=consultant.pk
    ).get_session_auth_hash()


# Cookies ---------------------------------------------------------------------------------


def test_the_session_cookie_is_http_only_and_same_site_lax(client, service_user):
    response = client.post("/login/", {"username": "sara.borger", "password": TEST_PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_csrf_cookie_is_same_site_lax(client):
    response = client.get("/login/")
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
