"""Signing in with MitID (NemLog-in) and the organisation's login in Chromium, through a real
OpenID Connect provider (npm `oidc-provider`, tests/oidc_provider.py) on a free port
(issue 19). The negative cases are HTTP-level in tests/ibbis/test_oidc.py."""
import re

import pytest
from playwright.sync_api import expect

from ibbis.accounts.models import SignInIdentity
from tests import factories
from tests.e2e.screens import PHONE, SCREENSHOTS, assert_fits_phone
from tests.e2e.two_factor import complete_second_factor, device_for
from tests.oidc_provider import (
    NSIS_SUBSTANTIAL,
    OidcProvider,
    client_config,
    need_provider,
    provider_settings,
)

ACCOUNTS = {
    "citizen-pseudonym-1": {"acr": NSIS_SUBSTANTIAL, "amr": ["pwd", "mfa"]},
    "cm-with-mfa": {"amr": ["pwd", "mfa"], "claims": {"role": "admin"}},
    "cm-password-only": {"amr": ["pwd"]},
}


@pytest.fixture(scope="module")
def idp(live_server):
    need_provider()
    signed_out = f"{live_server.url}/login/?signed_out=1"
    provider = OidcProvider(accounts=ACCOUNTS, clients=[
        client_config(client_id="ibbis-citizen",
                      redirect_uris=[f"{live_server.url}/login/oidc/nemlogin/callback/"],
                      post_logout_redirect_uris=[signed_out]),
        client_config(client_id="ibbis-staff",
                      redirect_uris=[f"{live_server.url}/login/oidc/region/callback/"],
                      post_logout_redirect_uris=[signed_out]),
    ])
    yield provider
    provider.stop()


@pytest.fixture
def providers(settings, idp):
    settings.OIDC_PROVIDERS = [
        provider_settings("nemlogin", idp.issuer, kind="citizen", client_id="ibbis-citizen",
                          acr_values=NSIS_SUBSTANTIAL),
        provider_settings("region", idp.issuer, kind="staff", client_id="ibbis-staff",
                          label="Region Test"),
    ]
    return idp


def registered(user, provider, subject):
    first, second = factories.AdminFactory(), factories.AdminFactory()
    SignInIdentity.objects.create(provider=provider, subject=subject, user=user,
                                  created_by=first, approved_by=second)
    return user


def sign_in_at_the_provider(page, login):
    page.get_by_test_id("op-login").fill(login)
    with page.expect_navigation():
        page.get_by_test_id("op-submit").click()


@pytest.mark.django_db(transaction=True)
def test_a_citizen_signs_in_with_mitid_and_out_again_at_the_provider(
    page, live_server, providers
):
    registered(factories.ServiceUserFactory(username="sara.borger"), "nemlogin",
               "citizen-pseudonym-1")
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Log ind med MitID").click()
    expect(page).to_have_url(re.compile(re.escape(providers.issuer)))
    sign_in_at_the_provider(page, "citizen-pseudonym-1")
    expect(page).to_have_url(re.compile(r"/my-case/$"))
    page.get_by_role("button", name="Log ud", exact=True).click()
    # Our session ends, then the provider asks and sends the browser back.
    page.get_by_test_id("op-logout").click()
    expect(page).to_have_url(re.compile(r"/login/\?signed_out=1$"))
    expect(page.get_by_test_id("signed-out")).to_be_visible()
    page.goto(f"{live_server.url}/my-case/")
    expect(page).to_have_url(re.compile(r"/login/"))


@pytest.mark.django_db(transaction=True)
def test_a_professional_signs_in_with_the_organisations_login_and_keeps_our_role(
    page, live_server, providers, care_manager
):
    registered(care_manager, "region", "cm-with-mfa")
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Log ind med Region Test").click()
    sign_in_at_the_provider(page, "cm-with-mfa")
    # The token showed MFA: no code asked; the care manager's own page, not an admin's.
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine forløb")


@pytest.mark.django_db(transaction=True)
def test_a_professional_whose_login_showed_no_second_factor_types_the_code(
    page, live_server, providers, care_manager
):
    registered(care_manager, "region", "cm-password-only")
    device = device_for(care_manager.username)
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Log ind med Region Test").click()
    sign_in_at_the_provider(page, "cm-password-only")
    expect(page).to_have_url(re.compile(r"/login/verify/$"))
    complete_second_factor(page, device)
    expect(page).to_have_url(re.compile(r"/caseload/$"))


@pytest.mark.django_db(transaction=True)
def test_the_login_page_with_providers_fits_a_phone(page, live_server, providers):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("link", name="Log ind med MitID")).to_be_visible()
    assert_fits_phone(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "login-with-providers-390.png"
    page.screenshot(path=str(shot), full_page=True)
    page.goto(f"{live_server.url}/login/oidc/nemlogin/callback/?state=forged&code=x")
    expect(page.get_by_test_id("oidc-failed")).to_be_visible()
    assert_fits_phone(page)
    page.screenshot(path=str(SCREENSHOTS / "oidc-failed-390.png"), full_page=True)
