"""Two-factor sign-in through the real pages and the token endpoint (issue 8)."""
import time

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ibbis.accounts import two_factor
from ibbis.accounts.login_views import PENDING_KEY
from ibbis.accounts.models import AuthEvent, Role
from tests.factories import TEST_PASSWORD
from tests.ibbis.two_factor_helpers import (
    code_for,
    code_for_key,
    enrol,
    key_bytes,
    open_enrolment_link,
    set_up_code,
    shown_key,
)

pytestmark = pytest.mark.django_db



REQUIRED = [Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT, Role.MANAGER, Role.ADMIN]


@pytest.fixture
def no_throttle(settings):
    """django-otp doubles the wait after each wrong code; tests that follow a wrong code with
    a right one at once switch the wait off (test_wrong_codes_are_throttled keeps it)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def password_step(client, user, **extra):
    return client.post(
        "/login/", {"username": user.username, "password": TEST_PASSWORD, **extra}
    )


def signed_in_as(client):
    return client.session.get("_auth_user_id")


# Policy --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_the_policy_names_the_roles_that_must_have_two_factor(user_of_role, role):
    user = user_of_role[role]
    assert two_factor.two_factor_required(user) is (role in REQUIRED)
    assert two_factor.two_factor_optional(user) is (role == Role.SERVICE_USER)


# First sign-in of a professional: setup ------------------------------------------------


@pytest.mark.parametrize("role", REQUIRED)
def test_the_password_alone_never_reaches_the_set_up_step(client, user_of_role, role):
    # The attack: someone who knows the initial password goes for the set-up step.
    response = password_step(client, user_of_role[role])
    assert response.status_code == 403
    assert 'data-testid="enrolment-link-needed"' in response.content.decode()
    assert signed_in_as(client) is None and PENDING_KEY not in client.session
    assert client.get("/login/setup/")["Location"] == "/login/"
    assert not TOTPDevice.objects.filter(user=user_of_role[role]).exists()


@pytest.mark.parametrize("role", REQUIRED)
def test_the_password_with_an_enrolment_link_does_not_sign_in_yet(
    client, user_of_role, role
):
    open_enrolment_link(client, user_of_role[role])
    before = client.session.session_key
    response = password_step(client, user_of_role[role])
    assert response.status_code == 302 and response["Location"] == "/login/setup/"
    assert signed_in_as(client) is None
    assert client.session[PENDING_KEY]["user_id"] == str(user_of_role[role].pk)
    assert client.session.session_key != before
    # Nothing behind the login is reachable in the pending state.
    assert client.get("/").status_code == 302
    assert client.get("/api/me/").status_code in (401, 403)


def test_first_sign_in_sets_up_the_app_shows_recovery_codes_once_and_signs_in(
    client, consultant
):
    open_enrolment_link(client, consultant)
    password_step(client, consultant)
    page = client.get("/login/setup/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg' in html and 'class="qr-code"' in html and "data:" not in html
    first = shown_key(page)
    # The QR code carries the same key as the text under it.
    assert two_factor.qr_svg(TOTPDevice(user=consultant, key=key_bytes(first).hex())) in html
    # Nothing is stored until a code confirms the key: the page's GET made no device.
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    # Reloading is a new attempt: a fresh key, and the first one is gone for good.
    page = client.get("/login/setup/")
    second = shown_key(page)
    assert second and second != first and first not in page.content.decode()
    assert client.post("/login/setup/", {"code": code_for_key(first)}).status_code == 400
    assert two_factor.confirmed_device(consultant) is None
    response = client.post("/login/setup/", {"code": code_for_key(second)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert signed_in_as(client) == str(consultant.pk)
    assert PENDING_KEY not in client.session
    device = TOTPDevice.objects.get(user=consultant)
    assert device.confirmed and two_factor.secret_text(device) == second
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/caseload/"
    kinds = set(AuthEvent.objects.filter(user=consultant).values_list("kind", flat=True))
    assert {"auth.two_factor_enabled", "auth.login", "auth.enrolment_link_issued",
            "auth.enrolment_link_used"} <= kinds


def _tables_written(client, url):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    write = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and shown_key(response)
    return {m.group(1) for q in queries.captured_queries if (m := write.match(q["sql"]))}


def test_the_set_up_pages_get_writes_only_the_session(client, consultant, service_user):
    # Issue 16: a GET is safe. The route matrix reaches /login/setup/ only without a pending
    # sign-in (a redirect), so the page with its key is checked here.
    open_enrolment_link(client, consultant)
    password_step(client, consultant)
    assert _tables_written(client, "/login/setup/") <= {"django_session"}
    other = type(client)()
    other.force_login(service_user)
    assert _tables_written(other, "/accounts/security/two-factor/") <= {"django_session"}


def test_recovery_codes_are_stored_only_as_hashes(client, consultant):
    open_enrolment_link(client, consultant)
    password_step(client, consultant)
    codes = client.post("/login/setup/", {"code": set_up_code(client)}).context["codes"]
    stored = set(
        StaticToken.objects.filter(device__user=consultant).values_list("token", flat=True)
    )
    assert len(stored) == 10
    normalised = {two_factor.normalise_code(code) for code in codes}
    assert not stored & normalised


def test_a_wrong_setup_code_shows_an_error_and_does_not_sign_in(client, consultant):
    open_enrolment_link(client, consultant)
    password_step(client, consultant)
    client.get("/login/setup/")
    response = client.post("/login/setup/", {"code": "000000"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert signed_in_as(client) is None
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    assert AuthEvent.objects.filter(user=consultant, kind="auth.otp_failed").exists()


def test_setup_is_not_offered_to_an_account_that_has_an_authenticator(client, consultant):
    enrol(consultant)
    assert password_step(client, consultant)["Location"] == "/login/verify/"
    assert client.get("/login/setup/")["Location"] == "/login/verify/"


# Later sign-ins: a code ------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_an_account_with_an_authenticator_needs_a_code_then_lands_home(
    client, user_of_role, role
):
    user = user_of_role[role]
    device, _codes = enrol(user)
    assert password_step(client, user)["Location"] == "/login/verify/"
    assert signed_in_as(client) is None
    response = client.post("/login/verify/", {"code": code_for(device)})
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)
    assert AuthEvent.objects.filter(user=user, kind="auth.otp_verified").exists()


def test_a_wrong_code_shows_an_error_and_the_right_one_then_works(
    client, consultant, no_throttle
):
    device, _codes = enrol(consultant)
    password_step(client, consultant)
    response = client.post("/login/verify/", {"code": "123456"})
    assert response.status_code == 400
    assert 'data-testid="code-error"' in response.content.decode()
    assert signed_in_as(client) is None
    client.post("/login/verify/", {"code": code_for(device)})
    assert signed_in_as(client) == str(consultant.pk)


def test_five_wrong_codes_end_the_pending_sign_in(client, consultant, no_throttle):
    device, _codes = enrol(consultant)
    password_step(client, consultant)
    for _ in range(4):
        assert client.post("/login/verify/", {"code": "123456"}).status_code == 400
    response = client.post("/login/verify/", {"code": "123456"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert PENDING_KEY not in client.session
    # Even the right code needs the password again now.
    response = client.post("/login/verify/", {"code": code_for(device)})
    assert response["Location"] == "/login/"
    assert signed_in_as(client) is None
    assert AuthEvent.objects.filter(user=consultant, kind="auth.otp_failed").count() == 5


def test_wrong_codes_are_throttled_on_the_device(client, consultant):
    device, _codes = enrol(consultant)
    password_step(client, consultant)
    client.post("/login/verify/", {"code": "123456"})
    # Straight after a wrong code even the right code waits (django-otp's throttling).
    response = client.post("/login/verify/", {"code": code_for(device)})
    assert response.status_code == 400 and signed_in_as(client) is None
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_the_pending_sign_in_expires_after_five_minutes(client, consultant):
    device, _codes = enrol(consultant)
    password_step(client, consultant)
    with time_machine.travel(time.time() + 5 * 60 + 5):
        response = client.post("/login/verify/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert signed_in_as(client) is None


def test_verify_without_a_password_step_goes_to_the_login_page(client, consultant):
    assert client.get("/login/verify/")["Location"] == "/login/"
    assert client.get("/login/setup/")["Location"] == "/login/"


def test_a_recovery_code_works_once(client, consultant):
    _device, codes = enrol(consultant)
    password_step(client, consultant)
    response = client.post("/login/verify/", {"code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302 and signed_in_as(client) == str(consultant.pk)
    assert two_factor.recovery_codes_left(consultant) == 9
    assert AuthEvent.objects.filter(user=consultant, kind="auth.recovery_code_used").exists()
    client.post("/logout/")
    password_step(client, consultant)
    response = client.post("/login/verify/", {"code": codes[0]})
    assert response.status_code == 400 and signed_in_as(client) is None


@pytest.mark.parametrize(
    "next_url,landing",
    [("/notifications/", "/notifications/"), ("https://evil.example/", "/"),
     ("//evil.example/", "/")],
)
def test_next_is_honoured_only_inside_the_site(client, consultant, next_url, landing):
    device, _codes = enrol(consultant)
    client.post(
        f"/login/?next={next_url}", {"username": "erik.ec", "password": TEST_PASSWORD}
    )
    response = client.post("/login/verify/", {"code": code_for(device)})
    assert response["Location"] == landing


def test_next_survives_the_first_setup_too(client, consultant):
    open_enrolment_link(client, consultant)
    password_step(client, consultant, next="/notifications/")
    response = client.post("/login/setup/", {"code": set_up_code(client)})
    assert response.context["continue_url"] == "/notifications/"


def test_a_service_user_without_two_factor_signs_in_with_the_password(client, service_user):
    response = password_step(client, service_user)
    assert response["Location"] == "/"
    assert signed_in_as(client) == str(service_user.pk)


def test_a_wrong_password_never_reaches_the_second_factor(client, consultant):
    enrol(consultant)
    response = client.post("/login/", {"username": "erik.ec", "password": "wrong"})
    assert response.status_code == 400 and PENDING_KEY not in client.session


# The security page -----------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_security_page(client, user_of_role, role):
    client.force_login(user_of_role[role])
    html = client.get("/accounts/security/").content.decode()
    assert 'data-testid="sign-out-everywhere"' in html
    assert 'data-testid="nav-security"' in html
    assert ('data-testid="disable-two-factor"' in html) is False


def test_the_security_page_needs_a_signed_in_user(client):
    for url in ["/accounts/security/", "/accounts/security/two-factor/"]:
        assert client.get(url)["Location"].startswith("/login/?next=")
    for url in ["/accounts/security/recovery-codes/", "/accounts/security/two-factor/disable/",
                "/accounts/security/sign-out-everywhere/"]:
        assert client.post(url)["Location"].startswith("/login/?next=")


def test_a_service_user_opts_in_regenerates_codes_and_opts_out(
    client, service_user, no_throttle
):
    client.force_login(service_user)
    page = client.get("/accounts/security/two-factor/")
    assert page.status_code == 200 and 'class="qr-code"' in page.content.decode()
    assert not TOTPDevice.objects.filter(user=service_user).exists()  # only in the session
    codes = client.post(
        "/accounts/security/two-factor/", {"code": code_for_key(shown_key(page))}
    ).context["codes"]
    html = client.get("/accounts/security/").content.decode()
    assert 'data-testid="recovery-codes-left"' in html and "10" in html
    new_codes = client.post(
        "/accounts/security/recovery-codes/", {"proof": TEST_PASSWORD}
    ).context["codes"]
    assert not set(new_codes) & set(codes)
    assert two_factor.check_code(user=service_user, code=codes[1]) == two_factor.Verdict.WRONG
    # Turning off takes a code (or the password).
    assert client.post(
        "/accounts/security/two-factor/disable/", {"proof": "999999"}
    ).status_code == 400
    assert two_factor.confirmed_device(service_user) is not None
    response = client.post("/accounts/security/two-factor/disable/", {"proof": new_codes[0]})
    assert response.status_code == 302
    assert two_factor.confirmed_device(service_user) is None
    assert two_factor.recovery_codes_left(service_user) == 0
    kinds = list(AuthEvent.objects.filter(user=service_user).values_list("kind", flat=True))
    assert {"auth.two_factor_enabled", "auth.recovery_codes_regenerated",
            "auth.two_factor_disabled"} <= set(kinds)
    # And the next sign-in takes the password only.
    client.post("/logout/")
    assert password_step(client, service_user)["Location"] == "/"


def test_after_opting_in_a_service_user_signs_in_with_a_code(client, service_user):
    device, _codes = enrol(service_user)
    assert password_step(client, service_user)["Location"] == "/login/verify/"
    client.post("/login/verify/", {"code": code_for(device)})
    assert signed_in_as(client) == str(service_user.pk)


@pytest.mark.parametrize("role", REQUIRED)
def test_roles_that_need_two_factor_may_not_turn_it_off(client, user_of_role, role):
    user = user_of_role[role]
    _device, codes = enrol(user)
    client.force_login(user)
    assert client.post(
        "/accounts/security/two-factor/disable/", {"proof": codes[0]}
    ).status_code == 403
    assert two_factor.confirmed_device(user) is not None
    assert two_factor.recovery_codes_left(user) == 10


def test_regenerating_codes_without_two_factor_explains(client, service_user):
    client.force_login(service_user)
    response = client.post("/accounts/security/recovery-codes/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/security/"
    assert not StaticToken.objects.filter(device__user=service_user).exists()


def test_setup_when_already_on_goes_back_to_the_security_page(client, service_user):
    enrol(service_user)
    client.force_login(service_user)
    assert client.get("/accounts/security/two-factor/")["Location"] == "/accounts/security/"


def test_codes_are_never_written_to_the_audit_trail(client, consultant, no_throttle):
    device, codes = enrol(consultant)
    password_step(client, consultant)
    client.post("/login/verify/", {"code": "314159"})
    code = code_for(device)
    client.post("/login/verify/", {"code": code})
    for event in AuthEvent.objects.all():
        row = " ".join(str(value) for value in vars(event).values())
        assert code not in row and "314159" not in row and TEST_PASSWORD not in row


# The token endpoint ----------------------------------------------------------------------


def token(api, user, **extra):
    return api.post(
        "/api/auth/token/", {"username": user.username, "password": TEST_PASSWORD, **extra}
    )


@pytest.mark.parametrize("role", list(Role))
def test_a_password_alone_yields_a_token_only_for_a_service_user_without_two_factor(
    api, user_of_role, role
):
    # The attack: a professional's password alone, no second factor ever set up.
    response = token(api, user_of_role[role])
    if role in REQUIRED:
        assert response.status_code == 400
        assert response.json()["code"] == "two_factor_setup_required"
        assert "token" not in response.json()
    else:
        assert response.status_code == 200 and response.json()["token"]


def test_an_account_with_an_authenticator_needs_the_otp_field(api, consultant, no_throttle):
    device, codes = enrol(consultant)
    missing = token(api, consultant)
    assert missing.status_code == 400 and missing.json()["code"] == "otp_required"
    assert "token" not in missing.json()
    wrong = token(api, consultant, otp="000000")
    assert wrong.status_code == 400 and wrong.json()["code"] == "otp_invalid"
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    right = token(api, consultant, otp=code_for(device))
    assert right.status_code == 200 and right.json()["token"]
    assert token(api, consultant, otp=codes[0]).status_code == 200
    assert two_factor.recovery_codes_left(consultant) == 9
    kinds = list(AuthEvent.objects.filter(user=consultant).values_list("kind", flat=True))
    assert kinds.count("auth.token_refused") == 2 and kinds.count("auth.token_issued") == 2


def test_a_wrong_otp_is_throttled(api, consultant):
    device, _codes = enrol(consultant)
    token(api, consultant, otp="000000")
    response = token(api, consultant, otp=code_for(device))
    assert response.status_code == 400 and response.json()["code"] == "otp_invalid"


def test_a_wrong_password_with_a_right_otp_is_still_refused(api, consultant):
    device, _codes = enrol(consultant)
    response = api.post(
        "/api/auth/token/",
        {"username": "erik.ec", "password": "wrong", "otp": code_for(device)},
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"


@pytest.mark.parametrize("role", REQUIRED)
def test_an_enrolled_professional_gets_a_token_only_with_the_otp(api, user_of_role, role):
    user = user_of_role[role]
    device, _codes = enrol(user)
    assert token(api, user).json()["code"] == "otp_required"
    assert token(api, user, otp=code_for(device)).status_code == 200


def test_the_refusal_before_enrolment_is_not_a_setting():
    from django.conf import settings

    assert not hasattr(settings, "TWO_FACTOR_API_REQUIRES_ENROLMENT")


def test_the_schema_documents_the_otp_field(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    request = schema["components"]["schemas"]["TokenRequestRequest"]
    assert "otp" in request["properties"] and "otp" not in request.get("required", [])
    assert "otp_required" in str(schema["paths"]["/api/auth/token/"])



def test_the_admin_site_login_cannot_skip_the_second_factor(client, admin_user):
    # ibbis/admin_site.py sends /admin/login/ to the app's login page ("hardening").
    response = client.post("/admin/login/", {"username": "ada.admin", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    assert signed_in_as(client) is None


def test_a_signed_in_person_opening_the_code_page_goes_home(client, consultant):
    client.force_login(consultant)
    assert client.get("/login/verify/")["Location"] == "/"
    assert client.get("/login/setup/")["Location"] == "/"


def test_an_all_digit_recovery_code_is_still_a_recovery_code(consultant):
    from django_otp.plugins.otp_static.models import StaticDevice

    enrol(consultant)
    device = StaticDevice.objects.get(user=consultant)
    device.token_set.create(token=two_factor._hash_recovery_code("2345678923"))
    verdict = two_factor.check_code(user=consultant, code="23456-78923")
    assert verdict == two_factor.Verdict.RECOVERY_CODE


@pytest.mark.parametrize("code", ["", " ", "x" * 33])
def test_a_blank_or_overlong_code_is_a_form_error_not_a_500(client, consultant, code):
    enrol(consultant)
    password_step(client, consultant)
    response = client.post("/login/verify/", {"code": code})
    assert response.status_code == 400 and signed_in_as(client) is None


def test_an_overlong_otp_on_the_token_endpoint_is_a_field_error(api, consultant):
    enrol(consultant)
    response = token(api, consultant, otp="1" * 40)
    assert response.status_code == 400 and "otp" in response.json()


# The authenticator key cannot be planted (issue 13) ---------------------------------------


def setup_key(client, url="/login/setup/"):
    """The key a set-up page shows, as someone reading the screen would note it."""
    return shown_key(client.get(url))


def test_a_key_noted_by_an_intruder_is_never_shown_to_the_owner(consultant):
    from django.test import Client

    # The attack: the intruder knows the initial password, opens the set-up step and notes
    # the key without confirming it.
    # Even with the enrolment link too (intercepted, say), the key is not plantable.
    intruder, owner = Client(), Client()
    secret = open_enrolment_link(intruder, consultant)
    password_step(intruder, consultant)
    planted = setup_key(intruder)
    assert planted
    # The owner signs in later: a different key, and the noted one appears nowhere.
    open_enrolment_link(owner, consultant, secret)
    password_step(owner, consultant)
    html = owner.get("/login/setup/").content.decode()
    assert planted not in html
    owners_key = setup_key(owner)
    assert owners_key and owners_key != planted
    # Neither key is stored anywhere but in its own browser's session until confirmed.
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    # Confirming needs this attempt's key: the owner's app, not the noted key.
    response = owner.post("/login/setup/", {"code": code_for_key(owners_key)})
    assert response.status_code == 200 and signed_in_as(owner) == str(consultant.pk)
    assert two_factor.secret_text(two_factor.confirmed_device(consultant)) == owners_key
    # The noted key never gives a code that counts.
    api_answer = intruder.post(
        "/api/auth/token/",
        {"username": consultant.username, "password": TEST_PASSWORD,
         "otp": code_for_key(planted)},
        content_type="application/json",
    )
    assert api_answer.status_code == 400 and api_answer.json()["code"] == "otp_invalid"


def test_the_intruders_own_pending_attempt_cannot_confirm_after_the_owner_started(
    consultant, no_throttle
):
    from django.test import Client

    intruder, owner = Client(), Client()
    secret = open_enrolment_link(intruder, consultant)
    password_step(intruder, consultant)
    planted = setup_key(intruder)
    open_enrolment_link(owner, consultant, secret)
    password_step(owner, consultant)
    setup_key(owner)
    response = intruder.post("/login/setup/", {"code": code_for_key(planted)})
    assert response.status_code == 400 and signed_in_as(intruder) is None
    assert two_factor.confirmed_device(consultant) is None
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    # A new key does not help: the owner's password step took the set-up over.
    response = intruder.get("/login/setup/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert PENDING_KEY not in intruder.session


def test_another_accounts_key_in_a_session_confirms_nothing(client, service_user, consultant):
    # Each attempt is bound to its account: a key shown to one account, copied into
    # another's session, is refused there (and is made into no device for either).
    from django.test import Client

    other = Client()
    other.force_login(consultant)
    secret = setup_key(other, "/accounts/security/two-factor/")
    attempt = other.session["two_factor_setup_attempt"]
    client.force_login(service_user)
    session = client.session
    session["two_factor_setup_attempt"] = attempt
    session.save()
    response = client.post("/accounts/security/two-factor/", {"code": code_for_key(secret)})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user__in=[service_user, consultant]).exists()


def test_the_code_that_confirmed_the_key_does_not_sign_in_again(
    client, service_user, no_throttle
):
    client.force_login(service_user)
    code = set_up_code(client, "/accounts/security/two-factor/")
    assert client.post("/accounts/security/two-factor/", {"code": code}).status_code == 200
    # The confirming POST leaves no attempt behind: the same code confirms nothing more.
    assert "two_factor_setup_attempt" not in client.session
    client.post("/logout/")
    assert password_step(client, service_user)["Location"] == "/login/verify/"
    assert client.post("/login/verify/", {"code": code}).status_code == 400
    device = two_factor.confirmed_device(service_user)
    client.post("/login/verify/", {"code": code_for(device, steps_ahead=1)})
    assert signed_in_as(client) == str(service_user.pk)


def test_five_wrong_codes_use_up_the_security_pages_key(client, service_user):
    client.force_login(service_user)
    secret = setup_key(client, "/accounts/security/two-factor/")
    for _ in range(5):
        assert client.post(
            "/accounts/security/two-factor/", {"code": "000000"}
        ).status_code == 400
    response = client.post("/accounts/security/two-factor/", {"code": code_for_key(secret)})
    assert response.status_code == 400 and two_factor.confirmed_device(service_user) is None
    assert 'data-testid="setup-new-key"' in response.content.decode()


def test_a_second_session_cannot_replace_a_confirmed_key(service_user):
    # Two signed-in browsers of one account, each with its own key: the first to confirm
    # wins, and the other's key is not made into a second device.
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(service_user)
    second.force_login(service_user)
    first_code = set_up_code(first, "/accounts/security/two-factor/")
    second_code = set_up_code(second, "/accounts/security/two-factor/")
    assert first.post("/accounts/security/two-factor/", {"code": first_code}).status_code == 200
    response = second.post("/accounts/security/two-factor/", {"code": second_code})
    assert response.status_code == 302 and response["Location"] == "/accounts/security/"
    assert TOTPDevice.objects.filter(user=service_user).count() == 1


def test_confirming_refuses_once_another_attempt_has_confirmed(service_user):
    # The same race below the page's own check: both attempts started, one confirmed.
    from django.core.exceptions import ValidationError

    from tests.ibbis.two_factor_helpers import key_hex_to_secret

    first = two_factor.enrolment_start(user=service_user)
    second = two_factor.enrolment_start(user=service_user)
    two_factor.enrolment_confirm(
        user=service_user, attempt=first, code=code_for_key(key_hex_to_secret(first["key"]))
    )
    with pytest.raises(ValidationError):
        two_factor.enrolment_confirm(
            user=service_user, attempt=second,
            code=code_for_key(key_hex_to_secret(second["key"]), steps_ahead=1),
        )
    device = TOTPDevice.objects.get(user=service_user)
    assert device.key == first["key"]


def test_after_a_wrong_code_the_key_is_not_shown_again(client, consultant):
    open_enrolment_link(client, consultant)
    password_step(client, consultant)
    key = setup_key(client)
    response = client.post("/login/setup/", {"code": "000000"})
    html = response.content.decode()
    assert response.status_code == 400
    assert key not in html and 'data-testid="qr-code"' not in html
    assert 'data-testid="setup-new-key"' in html
    # A new key is a new attempt.
    assert setup_key(client) != key


def test_opening_the_security_page_set_up_twice_shows_two_keys(client, service_user, no_throttle):
    client.force_login(service_user)
    first = setup_key(client, "/accounts/security/two-factor/")
    second = setup_key(client, "/accounts/security/two-factor/")
    assert first and second and first != second
    # The first key no longer confirms anything.
    response = client.post("/accounts/security/two-factor/", {"code": code_for_key(first)})
    assert response.status_code == 400 and two_factor.confirmed_device(service_user) is None
    assert first not in response.content.decode()
    response = client.post("/accounts/security/two-factor/", {"code": code_for_key(second)})
    assert response.status_code == 200 and two_factor.confirmed_device(service_user)


def test_a_post_without_a_set_up_attempt_confirms_nothing(client, service_user):
    # A key planted straight into the database (or a device id guessed) is not this
    # session's attempt.
    TOTPDevice.objects.create(user=service_user, name="authenticator", confirmed=False)
    device = TOTPDevice.objects.get(user=service_user)
    client.force_login(service_user)
    response = client.post("/accounts/security/two-factor/", {"code": code_for(device)})
    assert response.status_code == 400 and two_factor.confirmed_device(service_user) is None


def test_an_old_unconfirmed_key_cannot_be_confirmed(client, service_user):
    client.force_login(service_user)
    key = setup_key(client, "/accounts/security/two-factor/")
    with time_machine.travel(time.time() + two_factor.ENROLMENT_SECONDS + 60):
        response = client.post("/accounts/security/two-factor/", {"code": code_for_key(key)})
    assert response.status_code == 400 and two_factor.confirmed_device(service_user) is None


# Re-authentication before the second factor is replaced or turned off ----------------------


def test_recovery_codes_are_not_regenerated_without_re_authentication(
    client, service_user, no_throttle
):
    # The attack: a session left open (or stolen) makes new recovery codes, locking the
    # holder out of their own fallback.
    device, codes = enrol(service_user)
    client.force_login(service_user)
    for proof in [None, "", "wrong password", "000000"]:
        data = {} if proof is None else {"proof": proof}
        response = client.post("/accounts/security/recovery-codes/", data)
        assert response.status_code == 400, proof
        assert "codes" not in response.context
    assert two_factor.check_code(user=service_user, code=codes[0]).accepted
    assert not AuthEvent.objects.filter(kind="auth.recovery_codes_regenerated").exists()
    with_password = client.post("/accounts/security/recovery-codes/", {"proof": TEST_PASSWORD})
    assert with_password.status_code == 200 and len(with_password.context["codes"]) == 10
    with_code = client.post(
        "/accounts/security/recovery-codes/", {"proof": code_for(device, steps_ahead=1)}
    )
    assert with_code.status_code == 200


def test_two_factor_is_not_turned_off_without_re_authentication(
    client, service_user, no_throttle
):
    enrol(service_user)
    client.force_login(service_user)
    for data in [{}, {"proof": ""}, {"proof": "wrong password"}, {"proof": "123456"}]:
        assert client.post("/accounts/security/two-factor/disable/", data).status_code == 400
        assert two_factor.confirmed_device(service_user) is not None
    response = client.post("/accounts/security/two-factor/disable/", {"proof": TEST_PASSWORD})
    assert response.status_code == 302 and two_factor.confirmed_device(service_user) is None
