"""OpenID Connect sign-in against a real provider (npm `oidc-provider`, tests/oidc_provider.py)
run on a free loopback port: HTTP-level, through our own pages (issue 19)."""
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from rest_framework.test import APIClient

from ibbis.accounts.models import (
    AuthEvent,
    AuthEventKind,
    ProviderSession,
    Role,
    SignInIdentity,
    User,
)
from ibbis.accounts.oidc import linking
from ibbis.accounts.oidc.backend import BACKEND_PATH
from tests import factories
from tests.factories import TEST_PASSWORD
from tests.ibbis.two_factor_helpers import code_for, enrol
from tests.oidc_provider import (
    NSIS_LOW,
    NSIS_SUBSTANTIAL,
    OidcProvider,
    client_config,
    need_provider,
    provider_settings,
    sign_in_at_provider,
)

CALLBACK = "http://testserver/login/oidc/{name}/callback/"
SIGNED_OUT = "http://testserver/login/?signed_out=1"
ACCOUNTS = {
    "citizen-pseudonym-1": {"acr": NSIS_SUBSTANTIAL, "amr": ["pwd", "mfa"]},
    "citizen-low": {"acr": NSIS_LOW, "amr": ["pwd"]},
    # The provider says "admin" of another organisation: we never read that.
    "cm-with-mfa": {"amr": ["pwd", "mfa"], "claims": {
        "email": "carla@region.example", "email_verified": True,
        "role": "admin", "organisation": "Jobcenter Elsewhere", "groups": ["admins"]}},
    "cm-password-only": {"amr": ["pwd"], "claims": {"email": "carla2@region.example"}},
    "stranger": {"amr": ["mfa"], "acr": NSIS_SUBSTANTIAL},
}


def _clients():
    return [
        client_config(client_id="ibbis-citizen", redirect_uris=[CALLBACK.format(name="nemlogin")],
                      post_logout_redirect_uris=[SIGNED_OUT]),
        client_config(client_id="ibbis-staff", redirect_uris=[CALLBACK.format(name="region")],
                      post_logout_redirect_uris=[SIGNED_OUT]),
    ]


@pytest.fixture(scope="module")
def idp():
    need_provider()
    provider = OidcProvider(clients=_clients(), accounts=ACCOUNTS)
    yield provider
    provider.stop()


@pytest.fixture
def providers(settings, idp, db):
    settings.OIDC_PROVIDERS = [
        provider_settings("nemlogin", idp.issuer, kind="citizen", client_id="ibbis-citizen",
                          label="MitID", acr_values=NSIS_SUBSTANTIAL),
        provider_settings("region", idp.issuer, kind="staff", client_id="ibbis-staff",
                          label="Region Test", match_email=True),
    ]
    return idp


def link(user, provider, *, subject="", email="", approved=True):
    first, second = factories.AdminFactory(), factories.AdminFactory()
    identity = SignInIdentity(provider=provider, subject=subject, email=email, user=user)
    identity.full_clean()
    linking.identity_save(identity=identity, actor=first)
    if approved:
        linking.identity_approve(identity=identity, actor=second)
    return identity


def start(client, name, **query):
    response = client.get(f"/login/oidc/{name}/" + (f"?{urlencode(query)}" if query else ""))
    assert response.status_code == 302, response.content
    return response["Location"]


def local(url):
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, ""))


def sign_in(client, name, login):
    return client.get(local(sign_in_at_provider(start(client, name), login)))


def signed_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def reason(response):
    html = response.content.decode()
    return html.split('data-reason="', 1)[1].split('"', 1)[0] if 'data-reason="' in html else None


# Good sign-ins ------------------------------------------------------------------------------


def test_a_citizen_signs_in_with_mitid_at_substantial_without_a_code(client, providers):
    citizen = factories.ServiceUserFactory()
    enrol(citizen)  # even with an authenticator: NSIS substantial is two factors already
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    authorize = start(client, "nemlogin")
    params = parse_qs(urlsplit(authorize).query)
    assert params["code_challenge_method"] == ["S256"] and params["code_challenge"][0]
    assert params["state"][0] and params["nonce"][0]
    assert params["acr_values"] == [NSIS_SUBSTANTIAL]
    assert params["redirect_uri"] == [CALLBACK.format(name="nemlogin")]
    response = client.get(local(sign_in_at_provider(authorize, "citizen-pseudonym-1")))
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user(client) == citizen
    assert client.session[BACKEND_SESSION_KEY] == BACKEND_PATH
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOGIN, user=citizen).exists()
    assert client.get("/api/me/").json()["role"] == "service_user"


def test_a_professional_whose_token_shows_mfa_needs_no_code_and_keeps_our_role(
    client, providers, care_manager
):
    enrol(care_manager)
    link(care_manager, "region", subject="cm-with-mfa")
    response = sign_in(client, "region", "cm-with-mfa")
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user(client) == care_manager
    me = client.get("/api/me/").json()
    # The provider's claims said admin of "Jobcenter Elsewhere": ours say care manager.
    assert me["role"] == "care_manager"
    assert me["organisation"] == str(care_manager.organisation_id)
    care_manager.refresh_from_db()
    assert care_manager.role == "care_manager" and not care_manager.is_staff


def test_a_professional_without_mfa_in_the_token_is_asked_for_the_code(
    client, providers, care_manager
):
    device, _codes = enrol(care_manager)
    link(care_manager, "region", subject="cm-password-only")
    response = sign_in(client, "region", "cm-password-only")
    assert response.status_code == 302 and response["Location"] == "/login/verify/"
    assert signed_in_user(client) is None
    response = client.post("/login/verify/", {"code": code_for(device)})
    assert response.status_code == 302
    assert signed_in_user(client) == care_manager
    assert client.session[BACKEND_SESSION_KEY] == BACKEND_PATH
    assert client.session["oidc_sign_in"]["provider"] == "region"


def test_a_professional_without_mfa_and_without_an_authenticator_needs_the_enrolment_link(
    client, providers, care_manager
):
    link(care_manager, "region", subject="cm-password-only")
    response = sign_in(client, "region", "cm-password-only")
    assert response.status_code == 403
    assert b'data-testid="enrolment-link-needed"' in response.content
    assert signed_in_user(client) is None


def test_a_citizen_at_nsis_low_with_an_authenticator_is_asked_for_the_code(client, providers):
    citizen = factories.ServiceUserFactory()
    enrol(citizen)
    link(citizen, "nemlogin", subject="citizen-low")
    response = sign_in(client, "nemlogin", "citizen-low")
    assert response["Location"] == "/login/verify/"
    assert signed_in_user(client) is None


def test_a_staff_link_by_email_is_bound_to_the_subject_at_first_use(
    client, providers, care_manager
):
    identity = link(care_manager, "region", email="Carla@Region.example")
    sign_in(client, "region", "cm-with-mfa")
    assert signed_in_user(client) == care_manager
    identity.refresh_from_db()
    assert identity.subject == "cm-with-mfa" and identity.last_used_at is not None


def test_the_next_page_survives_the_round_trip(client, providers):
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    authorize = start(client, "nemlogin", next="/accounts/security/")
    response = client.get(local(sign_in_at_provider(authorize, "citizen-pseudonym-1")))
    assert response["Location"] == "/accounts/security/"


def test_an_oidc_session_is_not_sent_to_change_an_admin_set_password(client, providers):
    citizen = factories.ServiceUserFactory(must_change_password=True)
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    sign_in(client, "nemlogin", "citizen-pseudonym-1")
    assert client.get("/accounts/security/").status_code == 200


# Refusals -----------------------------------------------------------------------------------


def test_an_unknown_subject_is_refused_with_a_page_and_nobody_is_created(client, providers):
    accounts = User.objects.count()
    response = sign_in(client, "nemlogin", "stranger")
    assert response.status_code == 403 and reason(response) == "not_registered"
    assert b'data-testid="oidc-subject">stranger<' in response.content
    assert User.objects.count() == accounts and signed_in_user(client) is None
    assert AuthEvent.objects.filter(kind=AuthEventKind.OIDC_REFUSED).exists()


def test_an_identity_no_second_administrator_approved_signs_nobody_in(client, providers):
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1", approved=False)
    response = sign_in(client, "nemlogin", "citizen-pseudonym-1")
    assert response.status_code == 403 and signed_in_user(client) is None


def test_the_citizen_provider_never_signs_in_a_professional(client, providers, care_manager):
    identity = SignInIdentity(provider="nemlogin", subject="citizen-pseudonym-1",
                              user=care_manager)
    with pytest.raises(Exception, match="må ikke logge ind via denne udbyder"):
        identity.full_clean()
    identity.created_by, identity.approved_by = (factories.AdminFactory(),
                                                 factories.AdminFactory())
    identity.save()  # even if it were stored anyway
    response = sign_in(client, "nemlogin", "citizen-pseudonym-1")
    assert response.status_code == 403 and signed_in_user(client) is None


def test_a_forged_state_is_refused(client, providers):
    start(client, "nemlogin")
    response = client.get("/login/oidc/nemlogin/callback/?code=abc&state=forged")
    assert response.status_code == 400 and reason(response) == "state"
    assert signed_in_user(client) is None


@pytest.mark.parametrize("query", [
    "", "?state=", "?code=", "?code=x&state=y&state=z", "?code=%00&state=%ff",
    "?error=access_denied&state=x", "?code=" + "x" * 5000 + "&state=y",
])
def test_bad_input_to_the_callback_is_a_clear_page_never_a_500(client, providers, query):
    response = client.get("/login/oidc/nemlogin/callback/" + query)
    assert response.status_code == 400 and reason(response) in {"state", "cancelled"}


def test_a_callback_for_another_provider_is_refused(client, providers):
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    back = sign_in_at_provider(start(client, "nemlogin"), "citizen-pseudonym-1")
    mixed_up = local(back).replace("/nemlogin/", "/region/")
    response = client.get(mixed_up)
    assert response.status_code == 400 and reason(response) == "state"


def test_an_unknown_provider_is_a_404_page(client, providers):
    assert client.get("/login/oidc/nowhere/").status_code == 404
    assert client.get("/login/oidc/nowhere/callback/?code=a&state=b").status_code == 404


def test_a_callback_used_twice_signs_in_once(client, providers):
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    back = local(sign_in_at_provider(start(client, "nemlogin"), "citizen-pseudonym-1"))
    assert client.get(back).status_code == 302
    client.post("/logout/")
    response = client.get(back)
    assert response.status_code == 400 and reason(response) == "state"
    assert signed_in_user(client) is None


def test_a_replayed_nonce_is_refused(client, providers):
    """An authorisation that carries the nonce of an earlier, finished sign-in (an attacker
    replaying an old request) against this sign-in's state and PKCE challenge: the provider
    issues a valid code and a well-signed ID token, and our nonce check refuses it."""
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    first = start(client, "nemlogin")
    old_nonce = parse_qs(urlsplit(first).query)["nonce"][0]
    client.get(local(sign_in_at_provider(first, "citizen-pseudonym-1")))
    client.post("/logout/")
    second = urlsplit(start(client, "nemlogin"))
    query = parse_qs(second.query)
    query["nonce"] = [old_nonce]
    replayed = urlunsplit(second._replace(query=urlencode(query, doseq=True)))
    response = client.get(local(sign_in_at_provider(replayed, "citizen-pseudonym-1")))
    assert response.status_code == 400 and reason(response) == "verification"
    assert signed_in_user(client) is None


def test_an_expired_id_token_is_refused(client, providers, settings):
    """The provider's ID tokens live 300 s; our clock 20 minutes on is past exp plus the
    bounded skew (the started sign-in is allowed longer here, so the token is what fails)."""
    settings.OIDC_STATE_SECONDS = 24 * 60 * 60
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    back = local(sign_in_at_provider(start(client, "nemlogin"), "citizen-pseudonym-1"))
    with time_machine.travel(timedelta(minutes=20)):
        response = client.get(back)
    assert response.status_code == 400 and reason(response) == "verification"
    assert signed_in_user(client) is None


def test_a_token_within_the_clock_skew_is_accepted(client, providers, settings):
    settings.OIDC_STATE_SECONDS = 24 * 60 * 60
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    back = local(sign_in_at_provider(start(client, "nemlogin"), "citizen-pseudonym-1"))
    with time_machine.travel(timedelta(seconds=300 + 30)):  # 30 s past exp, skew is 60
        assert client.get(back).status_code == 302
    assert signed_in_user(client) == citizen


def test_a_started_sign_in_that_took_too_long_is_refused(client, providers):
    back = local(sign_in_at_provider(start(client, "nemlogin"), "citizen-pseudonym-1"))
    with time_machine.travel(timedelta(minutes=11)):
        response = client.get(back)
    assert response.status_code == 400 and reason(response) == "expired"


def test_a_wrongly_signed_id_token_is_refused(client, settings, db):
    need_provider()
    forger = OidcProvider(clients=_clients(), accounts=ACCOUNTS, wrong_keys=True)
    try:
        settings.OIDC_PROVIDERS = [provider_settings(
            "nemlogin", forger.issuer, kind="citizen", client_id="ibbis-citizen")]
        citizen = factories.ServiceUserFactory()
        link(citizen, "nemlogin", subject="citizen-pseudonym-1")
        response = sign_in(client, "nemlogin", "citizen-pseudonym-1")
    finally:
        forger.stop()
    assert response.status_code == 400 and reason(response) == "verification"
    assert signed_in_user(client) is None


def test_a_token_for_another_client_is_refused(client, providers, settings):
    """Our audience check: the provider issues the token to `ibbis-staff`, while this
    relying party is configured as another client id with that client's secret."""
    settings.OIDC_PROVIDERS = [
        {**settings.OIDC_PROVIDERS[1], "client_id": "ibbis-staff"},
    ]
    from ibbis.accounts.oidc.client import ProviderClient
    from ibbis.accounts.oidc.providers import get, metadata

    provider = get("region")
    checker = ProviderClient(
        provider.__class__(**{**provider.__dict__, "client_id": "someone-else"}),
        metadata(provider),
    )
    care_manager = factories.CareManagerFactory()
    link(care_manager, "region", subject="cm-with-mfa")
    back = sign_in_at_provider(start(client, "region"), "cm-with-mfa")
    code = parse_qs(urlsplit(back).query)["code"][0]
    token = requests.post(
        metadata(provider)["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code,
              "redirect_uri": CALLBACK.format(name="region"),
              "code_verifier": next(iter(client.session["oidc_states"].values()))[
                  "code_verifier"]},
        auth=("ibbis-staff", "ibbis-staff-secret-for-tests-only"), timeout=10,
    ).json()["id_token"]
    from django.core.exceptions import SuspiciousOperation

    nonce = next(iter(client.session["oidc_states"].values()))["nonce"]
    with pytest.raises(SuspiciousOperation, match="(?i)audience"):
        checker.verify_token(token, nonce=nonce)


def test_an_unreachable_provider_is_a_clear_page(client, settings, db):
    settings.OIDC_PROVIDERS = [provider_settings(
        "nemlogin", "http://127.0.0.1:9", kind="citizen", client_id="x")]
    response = client.get("/login/oidc/nemlogin/")
    assert response.status_code == 502 and reason(response) == "unavailable"


# Sign-out -----------------------------------------------------------------------------------


def test_sign_out_ends_our_session_and_goes_on_to_the_providers(client, providers):
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    sign_in(client, "nemlogin", "citizen-pseudonym-1")
    id_token = client.session["oidc_sign_in"]["id_token"]
    response = client.post("/logout/")
    assert signed_in_user(client) is None
    # A page that moves on by itself (a redirect of the form would break CSP form-action).
    assert response.status_code == 200
    location = response["Refresh"].split("url=", 1)[1]
    assert location.startswith(providers.issuer)
    assert location.replace("&", "&amp;") in response.content.decode()
    params = parse_qs(urlsplit(location).query)
    assert params["id_token_hint"] == [id_token]
    assert params["post_logout_redirect_uri"] == [SIGNED_OUT]
    # The provider accepts the hint and the registered address (an unregistered one is an
    # error page there).
    answer = requests.get(location, timeout=10)
    assert answer.status_code == 200 and "Provider error" not in answer.text
    wrong = location.replace("signed_out%3D1", "signed_out%3D2")
    assert requests.get(wrong, timeout=10).status_code == 400


def test_sign_out_after_a_password_sign_in_stays_here(client, providers):
    citizen = factories.ServiceUserFactory()
    client.force_login(citizen)
    response = client.post("/logout/")
    assert response["Location"] == "/login/?signed_out=1"


# Passwords ----------------------------------------------------------------------------------


def test_by_default_every_role_may_sign_in_with_a_password():
    """A role added later (the companion, issue 18) must not lose its password by default."""
    assert set(django_settings.PASSWORD_LOGIN_ROLES) == set(Role.values)


def test_passwords_can_be_turned_off_for_a_role(client, settings, care_manager):
    settings.PASSWORD_LOGIN_ROLES = ["service_user", "admin"]
    response = client.post("/login/", {"username": care_manager.username,
                                       "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "identitetsudbyder, ikke med adgangskode" in response.content.decode()
    assert signed_in_user(client) is None
    api = APIClient().post("/api/auth/token/", {"username": care_manager.username,
                                                 "password": TEST_PASSWORD}, format="json")
    assert api.status_code == 400 and api.json()["code"] == "password_login_disabled"
    citizen = factories.ServiceUserFactory()
    response = client.post("/login/", {"username": citizen.username, "password": TEST_PASSWORD})
    assert response.status_code == 302 and signed_in_user(client) == citizen


def test_a_wrong_password_for_a_role_without_passwords_says_only_that_it_is_wrong(
    client, settings, care_manager
):
    settings.PASSWORD_LOGIN_ROLES = []
    response = client.post("/login/", {"username": care_manager.username, "password": "nope"})
    assert response.status_code == 400
    assert "identitetsudbyder" not in response.content.decode()


def test_the_login_page_offers_the_configured_providers(client, providers):
    html = client.get("/login/").content.decode()
    assert 'data-testid="sign-in-nemlogin"' in html and 'href="/login/oidc/nemlogin/"' in html
    assert 'data-testid="sign-in-region"' in html


def test_the_login_page_without_providers_is_the_password_form_alone(client, settings):
    settings.OIDC_PROVIDERS = []
    html = client.get("/login/").content.decode()
    assert "sign-in-providers" not in html and 'name="password"' in html


# The administrators' register -------------------------------------------------------------


def test_an_administrator_cannot_approve_their_own_registration(providers, care_manager):
    admin = factories.AdminFactory()
    identity = SignInIdentity(provider="region", subject="cm-with-mfa", user=care_manager)
    linking.identity_save(identity=identity, actor=admin)
    with pytest.raises(Exception, match="En anden administrator"):
        linking.identity_approve(identity=identity, actor=admin)
    assert AuthEvent.objects.filter(kind=AuthEventKind.IDENTITY_LINKED, actor=admin).exists()


def test_a_citizen_is_linked_by_subject_only(providers):
    citizen = factories.ServiceUserFactory()
    identity = SignInIdentity(provider="nemlogin", email="a@b.example", user=citizen)
    with pytest.raises(Exception, match="kun på identifikator"):
        identity.full_clean()


def test_administrators_register_and_approve_an_identity_in_the_admin(client, providers):
    citizen = factories.ServiceUserFactory()
    first, second = factories.AdminFactory(), factories.AdminFactory()
    client.force_login(first)
    response = client.post("/admin/accounts/signinidentity/add/", {
        "provider": "nemlogin", "subject": "citizen-pseudonym-1", "email": "",
        "user": str(citizen.pk),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    identity = SignInIdentity.objects.get(subject="citizen-pseudonym-1")
    assert identity.created_by == first and identity.approved_by is None
    assert client.get("/admin/accounts/signinidentity/").status_code == 200
    action = {"action": "approve", "_selected_action": [str(identity.pk)]}
    client.post("/admin/accounts/signinidentity/", action)
    identity.refresh_from_db()
    assert identity.approved_by is None  # not by the one who registered it
    client.force_login(second)
    client.post("/admin/accounts/signinidentity/", action)
    identity.refresh_from_db()
    assert identity.approved_by == second
    client.post("/logout/")
    sign_in(client, "nemlogin", "citizen-pseudonym-1")
    assert signed_in_user(client) == citizen


def test_a_provider_configuration_it_cannot_use_fails_the_system_check(settings):
    from ibbis.accounts.oidc.checks import oidc_providers_check

    assert oidc_providers_check() == []
    settings.OIDC_PROVIDERS = [provider_settings("Bad Name", "http://x", kind="staff",
                                                 client_id="c")]
    assert [error.id for error in oidc_providers_check()] == ["ibbis.accounts.E001"]
    settings.OIDC_PROVIDERS = [{**provider_settings("region", "https://idp.example",
                                                    kind="staff", client_id="c"),
                                "sign_algo": "HS256"}]
    assert "asymmetric" in oidc_providers_check()[0].msg
    settings.OIDC_PROVIDERS = []
    settings.PASSWORD_LOGIN_ROLES = ["care_manager", "superhero"]
    assert [error.id for error in oidc_providers_check()] == ["ibbis.accounts.E003"]


@pytest.mark.django_db(transaction=True)
def test_signing_out_at_the_provider_ends_our_session_by_back_channel(live_server, settings):
    """The whole round trip over HTTP, our live server and the provider both real: sign in,
    then sign out at the provider (as from another service); it POSTs a logout token to our
    back-channel endpoint, and our session is gone."""
    need_provider()
    base = live_server.url
    forwarder = OidcProvider(accounts=ACCOUNTS, clients=[client_config(
        client_id="ibbis-citizen", redirect_uris=[f"{base}/login/oidc/nemlogin/callback/"],
        post_logout_redirect_uris=[f"{base}/login/?signed_out=1"],
        # Node resolves "localhost" to ::1 first; the live server listens on 127.0.0.1.
        backchannel_logout_uri=f"{base.replace('localhost', '127.0.0.1')}"
                               "/login/oidc/nemlogin/backchannel-logout/",
    )])
    try:
        settings.OIDC_PROVIDERS = [provider_settings(
            "nemlogin", forwarder.issuer, kind="citizen", client_id="ibbis-citizen")]
        citizen = factories.ServiceUserFactory()
        link(citizen, "nemlogin", subject="citizen-pseudonym-1")
        browser = requests.Session()
        started = browser.get(f"{base}/login/oidc/nemlogin/", allow_redirects=False, timeout=10)
        back = sign_in_at_provider(started.headers["Location"], "citizen-pseudonym-1",
                                   session=browser)
        assert browser.get(back, allow_redirects=False, timeout=10).status_code == 302
        security = f"{base}/accounts/security/"
        assert browser.get(security, allow_redirects=False, timeout=10).status_code == 200
        assert ProviderSession.objects.filter(subject="citizen-pseudonym-1").count() == 1
        asked = browser.get(f"{forwarder.issuer}/session/end?client_id=ibbis-citizen", timeout=10)
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', asked.text).group(1)
        browser.post(f"{forwarder.issuer}/session/end/confirm",
                     data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False, timeout=10)
        assert browser.get(security, allow_redirects=False, timeout=10).status_code == 302
        assert not ProviderSession.objects.exists()
        assert AuthEvent.objects.filter(kind=AuthEventKind.LOGOUT, user=citizen).exists()
    finally:
        forwarder.stop()


def test_a_back_channel_logout_token_that_is_not_one_is_refused(client, providers):
    url = "/login/oidc/nemlogin/backchannel-logout/"
    assert client.post(url).status_code == 400
    assert client.post(url, {"logout_token": "not.a.jwt"}).status_code == 400
    citizen = factories.ServiceUserFactory()
    link(citizen, "nemlogin", subject="citizen-pseudonym-1")
    sign_in(client, "nemlogin", "citizen-pseudonym-1")
    # An ID token is signed by the provider but is no logout token (no events claim).
    id_token = client.session["oidc_sign_in"]["id_token"]
    assert APIClient().post(url, {"logout_token": id_token}).status_code == 400
    assert signed_in_user(client) == citizen
