"""Signing professionals, managers and admins out after a while without activity."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, REDIRECT_FIELD_NAME, logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import events
from .models import AuthEventKind, Role
from .oidc.backend import BACKEND_PATH as OIDC_BACKEND_PATH

LAST_ACTIVITY_KEY = "last_activity"
# Write the time of the last request at most this often, to spare the session store.
WRITE_EVERY_SECONDS = 60
IDLE_TIMEOUT_ROLES = (
    Role.CARE_MANAGER,
    Role.EMPLOYMENT_CONSULTANT,
    Role.MANAGER,
    Role.ADMIN,
)


def idle_timeout_applies(user) -> bool:
    return getattr(user, "role", None) in IDLE_TIMEOUT_ROLES


def mark_active(session, now=None):
    session[LAST_ACTIVITY_KEY] = int(now if now is not None else time.time())


class IdleTimeoutMiddleware:
    """After SESSION_IDLE_TIMEOUT_MINUTES (0: never) without a request, the session of a
    professional, manager or admin ends: pages redirect to the login page (with ?next=), API
    requests carry on as anonymous and get DRF's 401/403. Service users keep Django's session
    age.

    Sits after AuthenticationMiddleware and MessageMiddleware. Token-authenticated API
    requests are not affected: DRF authenticates them inside the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.SESSION_IDLE_TIMEOUT_MINUTES
            and user is not None
            and user.is_authenticated
            and idle_timeout_applies(user)
        ):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        now = time.time()
        session = request.session
        last = session.get(LAST_ACTIVITY_KEY)
        timeout = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
        if isinstance(last, int | float) and now - last > timeout:
            setattr(request, events.LOGOUT_KIND_ATTRIBUTE, AuthEventKind.IDLE_TIMEOUT)
            logout(request)
            if request.path.startswith("/api/"):
                return None  # anonymous now: DRF answers as for any anonymous request
            minutes = settings.SESSION_IDLE_TIMEOUT_MINUTES
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)d minute without activity.",
                    "You were signed out after %(minutes)d minutes without activity.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            target = request.get_full_path() if request.method == "GET" else ""
            login_url = reverse("login")
            if target:
                login_url = f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: target})}"
            if request.headers.get("HX-Request") == "true":
                response = HttpResponse(status=204)
                response["HX-Redirect"] = login_url
                return response
            return redirect(login_url)
        if not isinstance(last, int | float) or now - last >= WRITE_EVERY_SECONDS:
            mark_active(session, now)
        return None


class PasswordChangeRequiredMiddleware:
    """An account whose password an administrator set (`must_change_password`) reaches
    nothing but the password change page - and sign-out, the language switch - until it has
    chosen its own: pages redirect there, session API calls get 403 `password_change_required`.
    The token endpoint refuses such an account a token, so no token call gets this far.

    Sits after AuthenticationMiddleware, IdleTimeoutMiddleware and MessageMiddleware."""

    EXEMPT_PREFIXES = ("/logout/", "/i18n/", "/csp-report/", "/healthz", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            # An identity provider's sign-in never used the password an administrator set.
            and request.session.get(BACKEND_SESSION_KEY) != OIDC_BACKEND_PATH
            and request.path != reverse("accounts:password_change")
            and not request.path.startswith(self.EXEMPT_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Choose a new password on the website first."),
                     "code": "password_change_required"},
                    status=403,
                )
            target = reverse("accounts:password_change")
            if request.headers.get("HX-Request") == "true":
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            messages.info(request, _("Choose a password of your own before you go on."))
            return redirect(target)
        return self.get_response(request)
