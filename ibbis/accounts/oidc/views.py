"""Signing in through an OpenID Connect provider: the start, the callback, the sign-out.

Authorisation code flow with PKCE (S256), state and nonce, all kept in the session by
mozilla-django-oidc's helper (one entry per started sign-in, so two tabs do not clash); the
entry names the provider, so a callback for another provider is refused (mix-up). Each
provider has its own callback URL, /login/oidc/<name>/callback/, registered with it.

The callback is a GET that writes (the session, the sign-in's trail): OpenID Connect sends
the browser back with a GET, and a cross-site POST (response_mode=form_post) would arrive
without our SameSite=Lax session cookie. Everything that can go wrong answers a page that
says what happened, never a 500.
"""
import logging
import time

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)

from .. import events
from ..models import AuthEventKind
from . import linking, providers
from .backend import BACKEND_PATH
from .client import ProviderClient

logger = logging.getLogger(__name__)

STATES_KEY = "oidc_states"  # mozilla-django-oidc's session key
# After a sign-in through a provider: which one, and the ID token for its sign-out.
SESSION_KEY = "oidc_sign_in"
STATE_LENGTH = 32
VERIFIER_LENGTH = 64

FAILURE_STATUS = {
    "unknown_provider": 404,
    "unavailable": 502,
    "cancelled": 400,
    "state": 400,
    "expired": 400,
    "verification": 400,
    "not_registered": 403,
}


def callback_url(request, provider) -> str:
    return request.build_absolute_uri(reverse("oidc_callback", args=[provider.name]))


def _failure(request, reason, provider=None, *, subject=""):
    return render(
        request,
        "registration/oidc_failed.html",
        {"reason": reason, "provider": provider, "subject": subject},
        status=FAILURE_STATUS[reason],
    )


def _home():
    return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))


@never_cache
@require_GET
def oidc_start(request, provider):
    """Send the browser to the provider's sign-in, with a fresh state, nonce and PKCE pair."""
    from ..login_views import safe_next

    if request.user.is_authenticated:
        return _home()
    found = providers.get(provider)
    if found is None:
        return _failure(request, "unknown_provider")
    try:
        metadata = providers.metadata(found)
    except providers.ProviderUnavailable as error:
        logger.warning("OIDC start: %s", error)
        return _failure(request, "unavailable", found)
    state = get_random_string(STATE_LENGTH)
    verifier = get_random_string(VERIFIER_LENGTH)
    params = {
        "response_type": "code",
        "scope": found.scopes,
        "client_id": found.client_id,
        "redirect_uri": callback_url(request, found),
        "state": state,
        "nonce": get_random_string(STATE_LENGTH),
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    if found.acr_values:
        params["acr_values"] = found.acr_values
    add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
    next_url = request.GET.get("next", "")
    request.session[STATES_KEY][state].update(
        provider=found.name, next=next_url if next_url == safe_next(request, next_url) else ""
    )
    request.session.modified = True
    return redirect(f"{metadata['authorization_endpoint']}?{urlencode(params)}")


def _take_state(request):
    """This callback's started sign-in, removed from the session so it is used once."""
    states = request.session.get(STATES_KEY)
    state = request.GET.get("state", "")
    if not isinstance(states, dict) or not state:
        return None
    entry = states.pop(state, None)
    request.session.modified = True
    return entry if isinstance(entry, dict) else None


@never_cache
@require_GET
def oidc_callback(request, provider):
    from ..login_views import safe_next, second_factor_step

    if request.user.is_authenticated:
        return _home()
    found = providers.get(provider)
    if found is None:
        return _failure(request, "unknown_provider")
    entry = _take_state(request)
    if request.GET.get("error"):
        return _failure(request, "cancelled", found)
    code = request.GET.get("code", "")
    if entry is None or entry.get("provider") != found.name or not code:
        return _failure(request, "state", found)
    if not isinstance(entry.get("added_on"), int | float) or (
        time.time() - entry["added_on"] > settings.OIDC_STATE_SECONDS
    ):
        return _failure(request, "expired", found)
    try:
        client = ProviderClient(found, providers.metadata(found))
        claims, id_token = client.sign_in(
            code=code, code_verifier=entry.get("code_verifier") or "",
            nonce=entry.get("nonce") or "", redirect_uri=callback_url(request, found),
        )
    except providers.ProviderUnavailable as error:
        logger.warning("OIDC callback (%s): %s", found.name, error)
        return _failure(request, "unavailable", found)
    except SuspiciousOperation as error:
        logger.warning("OIDC callback (%s) refused: %s", found.name, error)
        events.record(kind=AuthEventKind.OIDC_REFUSED, request=request)
        return _failure(request, "verification", found)
    try:
        user = linking.account_for_sign_in(provider=found, claims=claims)
    except linking.SignInRefused as error:
        logger.info("OIDC callback (%s): %s", found.name, error)
        events.record(kind=AuthEventKind.OIDC_REFUSED, request=request)
        return _failure(request, "not_registered", found, subject=claims["sub"])
    sid = claims.get("sid") if isinstance(claims.get("sid"), str) else ""
    sign_in = {SESSION_KEY: {"provider": found.name, "id_token": id_token,
                             "sub": claims["sub"], "sid": sid}}
    next_url = entry.get("next") or ""
    if not linking.shows_second_factor(claims):
        step = second_factor_step(
            request, user, backend=BACKEND_PATH, next_url=next_url, extra=sign_in
        )
        if step is not None:
            return step
    # Before login(), so its signal records the session for back-channel logout.
    request.session.update(sign_in)
    auth_login(request, user, backend=BACKEND_PATH)
    return redirect(safe_next(request, next_url))


def provider_logout_url(request, signed_out_path: str) -> str:
    """The provider's end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0) for this
    session's sign-in, or "" when it signed in otherwise or the provider offers none."""
    sign_in = request.session.get(SESSION_KEY)
    if not isinstance(sign_in, dict):
        return ""
    found = providers.get(str(sign_in.get("provider", "")))
    if found is None:
        return ""
    try:
        endpoint = providers.metadata(found).get("end_session_endpoint")
    except providers.ProviderUnavailable:
        return ""
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return ""
    params = {
        "client_id": found.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(signed_out_path),
    }
    if isinstance(sign_in.get("id_token"), str):
        params["id_token_hint"] = sign_in["id_token"]
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
