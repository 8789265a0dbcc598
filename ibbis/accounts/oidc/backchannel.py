"""Back-channel logout (OpenID Connect Back-Channel Logout 1.0): when someone signs out at the
provider, it POSTs a signed logout token here and we end the sessions that sign-in made.

Sessions are found by the provider's `sid` (or, without one, its `sub`) through
ProviderSession rows, written when an OIDC sign-in logs in and removed when it logs out.
"""
import logging
from importlib import import_module

import jwt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import events
from ..models import AuthEventKind, ProviderSession, SignInIdentity
from . import providers
from .client import ProviderClient

logger = logging.getLogger(__name__)

SESSION_KEY = "oidc_sign_in"  # as ibbis.accounts.oidc.views.SESSION_KEY
LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
LOGOUT_TOKEN_MAX_LENGTH = 16_000


@receiver(user_logged_in, dispatch_uid="ibbis.accounts.oidc.session_recorded")
def _record(sender, request, user, **kwargs):
    sign_in = request.session.get(SESSION_KEY) if request is not None else None
    if not isinstance(sign_in, dict) or not sign_in.get("sub"):
        return
    if not request.session.session_key:
        request.session.save()
    ProviderSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"provider": sign_in["provider"], "subject": sign_in["sub"],
                  "sid": sign_in.get("sid") or ""},
    )


@receiver(user_logged_out, dispatch_uid="ibbis.accounts.oidc.session_forgotten")
def _forget(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        ProviderSession.objects.filter(session_key=request.session.session_key).delete()


def _verified_logout_token(provider, token: str) -> dict:
    client = ProviderClient(
        provider, providers.metadata(provider),
        required_claims=["iss", "aud", "iat", "exp", "jti", "events"],
    )
    try:
        key = client.retrieve_matching_jwk(token)
        claims = client.get_payload_data(token, key)
    except (jwt.PyJWTError, KeyError, TypeError) as error:
        raise SuspiciousOperation(f"logout token refused: {error!r}") from error
    logout_events = claims.get("events")
    if not isinstance(logout_events, dict) or LOGOUT_EVENT not in logout_events:
        raise SuspiciousOperation("not a logout token (events)")
    if "nonce" in claims:
        raise SuspiciousOperation("a logout token has no nonce")
    if not isinstance(claims.get("jti"), str) or not claims["jti"]:
        raise SuspiciousOperation("the logout token has no jti")
    # Each logout token works once.
    if not cache.add(f"oidc:logout-jti:{provider.name}:{claims['jti']}", True, 60 * 60):
        raise SuspiciousOperation("the logout token was used before")
    return claims


def sessions_end(*, provider, subject: str, sid: str) -> int:
    """End our sessions of that provider's sign-in: by `sid` when given, else every session
    of that subject. Returns how many."""
    rows = ProviderSession.objects.filter(provider=provider.name, subject=subject)
    if sid:  # that sign-in only (a row without a sid: its ID token named none)
        rows = rows.filter(Q(sid=sid) | Q(sid=""))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    identity = SignInIdentity.objects.filter(provider=provider.name, subject=subject).first()
    if keys and identity is not None:
        events.record(kind=AuthEventKind.LOGOUT, user=identity.user)
    return len(keys)


@csrf_exempt  # the provider calls it server to server; the signed logout token is the proof
@never_cache
@require_POST
def backchannel_logout(request, provider):
    found = providers.get(provider)
    if found is None:
        return HttpResponse(status=404)
    token = request.POST.get("logout_token", "")
    if not token or len(token) > LOGOUT_TOKEN_MAX_LENGTH:
        return HttpResponse("logout_token missing", status=400, content_type="text/plain")
    try:
        claims = _verified_logout_token(found, token)
    except providers.ProviderUnavailable as error:
        logger.warning("OIDC back-channel logout (%s): %s", found.name, error)
        return HttpResponse(status=502)
    except SuspiciousOperation as error:
        logger.warning("OIDC back-channel logout (%s) refused: %s", found.name, error)
        return HttpResponse("logout token refused", status=400, content_type="text/plain")
    subject, sid = claims.get("sub"), claims.get("sid")
    if not isinstance(subject, str) or not subject:
        if not isinstance(sid, str) or not sid:
            return HttpResponse("no sub or sid", status=400, content_type="text/plain")
        rows = ProviderSession.objects.filter(provider=found.name, sid=sid)
        subject = rows.values_list("subject", flat=True).first() or ""
    sessions_end(provider=found, subject=subject, sid=sid if isinstance(sid, str) else "")
    return HttpResponse(status=200)
