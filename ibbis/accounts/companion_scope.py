"""What a companion's account (issue 18, bisidder) may reach at all: the one allowlist.

A companion sees one meeting, its agenda and the case's shared plan, on their own page and
its API twin, and nothing else. The case querysets already give the role nothing
(`Case.objects.for_user`); this list answers 404 - not 403, so nothing of the rest of the
product is even confirmed to exist - for every other route, whatever a role rule there
would have said. It is checked for a session by `CompanionScopeMiddleware` and for an API
token by `ibbis.accounts.tokens.TokenAuthentication`, so both ways in share it.

An ended companion (access run out, or revoked: the account is then inactive) is refused
at sign-in (`CompanionAccessBackend`), loses an existing session (signed out on its next
request) and an existing token (401)."""
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve

from .models import Role, User

# URL names (namespace:name) a companion may use. Everything else is a 404 for them.
COMPANION_ROUTES = frozenset({
    "home", "login", "logout", "healthz", "livez", "accessibility", "csp_report",
    "set_language", "companion_welcome",
    # Their own account: its security page, password, two-factor, signing out everywhere.
    "accounts:security", "accounts:password_change", "accounts:two_factor_setup",
    "accounts:two_factor_disable", "accounts:recovery_codes_regenerate",
    "accounts:sign_out_everywhere",
    "meetings:companion_home",
    "api:token", "api:token_logout", "api:me", "api:companion-view",
    # The API's description is public (anonymous visitors read it too).
    "api:schema", "api:docs",
})


def route_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def companion_may_use(path: str) -> bool:
    return route_name(path) in COMPANION_ROUTES


class CompanionAccessBackend:
    """Before Django's ModelBackend: refuses the password of a companion whose access has
    ended, and stops the chain there (PermissionDenied), so no later backend lets them in.
    For every other account it says nothing (None) and the next backend decides."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            return None
        user = User._default_manager.filter(
            **{User.USERNAME_FIELD: username}, role=Role.COMPANION
        ).first()
        if user is not None and user.access_has_ended():
            raise PermissionDenied
        return None


class CompanionScopeMiddleware:
    """After AuthenticationMiddleware: a companion's session ends once their access has, and
    while it lasts it reaches only COMPANION_ROUTES (404 elsewhere, JSON under /api/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "role", None) == Role.COMPANION:
            if user.access_has_ended():
                logout(request)
            elif not companion_may_use(request.path_info):
                raise Http404
        return self.get_response(request)
