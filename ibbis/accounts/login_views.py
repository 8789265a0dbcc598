"""Signing in: the password step, then the second factor, and only then a session.

The password step authenticates (django-axes counts failures and locks out as before) but,
for an account that needs a second factor, does not log in: it keeps a short-lived pending
state in the session and sends the visitor to /login/verify/ (a code) or /login/setup/
(first sign-in of a professional: set up the authenticator). django.contrib.auth.login()
runs only after the second factor, so every real session is fully authenticated.

The first set-up needs more than the password: an enrolment link an administrator issued
(/enrol/<secret>/, one-time, expiring), opened in the same browser before the password step.
Each set-up page shows a fresh key, kept only in this pending sign-in; the confirming POST
makes the device (docs/decisions.md).
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import two_factor
from .forms import PASSWORD_LOGIN_DISABLED, AuthenticatorCodeForm, CodeForm, PasswordSignInForm
from .models import User
from .oidc import providers as oidc_providers

PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 5 * 60
# The enrolment link this browser opened (its id), until the password step uses it.
ENROLMENT_LINK_KEY = "enrolment_link"
# The key this set-up attempt showed (two_factor.enrolment_start), in the pending state.
SETUP_ATTEMPT_KEY = "setup_attempt"
MAX_WRONG_CODES = 5


def safe_next(request, candidate) -> str:
    """`candidate` if it points into this site, else the role's home page."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _login_url(next_url="") -> str:
    url = reverse("login")
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


def _pending(request):
    """(state, user) of a live pending sign-in, or (None, None) after clearing a stale one."""
    state = request.session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None, None
    if time.time() - state.get("started", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = User.objects.filter(pk=state.get("user_id"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None, None
    return state, user


def _expired(request):
    if request.user.is_authenticated:  # already signed in: nothing is pending
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    messages.error(request, _("Your sign-in took too long. Please sign in again."))
    return redirect("login")


def _complete(request, state, user):
    """The second factor is done: now make the session."""
    request.session.pop(PENDING_KEY, None)
    # Kept across login() (the key is cycled, the data stays), and seen by its signal.
    for key, value in (state.get("extra") or {}).items():
        request.session[key] = value
    auth_login(request, user, backend=state["backend"])
    return safe_next(request, state.get("next"))


def _wrong_code(request, state):
    """Count a wrong code; after MAX_WRONG_CODES the pending sign-in is dropped."""
    state["failures"] = state.get("failures", 0) + 1
    if state["failures"] >= MAX_WRONG_CODES:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, _("Too many wrong codes. Please sign in again."))
        return redirect(_login_url(state.get("next", "")))
    request.session[PENDING_KEY] = state
    return None


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if request.user.is_authenticated:
        return redirect(safe_next(request, next_url))
    form = PasswordSignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        step = second_factor_step(request, user, backend=user.backend, next_url=next_url)
        if step is not None:
            return step
        auth_login(request, user)
        return redirect(safe_next(request, next_url))
    password_refused = any(
        error.code == PASSWORD_LOGIN_DISABLED for error in form.non_field_errors().as_data()
    ) if form.errors else False
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": next_url if next_url == safe_next(request, next_url) else "",
            "password_refused": password_refused,
            "sign_in_providers": oidc_providers.configured(),
        },
        status=400 if form.errors else 200,
    )


def second_factor_step(request, user, *, backend, next_url="", extra=None):
    """The response that asks `user` for their second factor (or sends them to set it up),
    keeping a pending sign-in in the session; None when this account signs in without one.
    Shared by the password step and an OpenID Connect sign-in that showed no second factor
    (`extra` is kept with the pending state and put in the session at the end)."""
    if not (two_factor.two_factor_required(user) or two_factor.confirmed_device(user)):
        return None
    enrolling = two_factor.confirmed_device(user) is None
    link_id = request.session.get(ENROLMENT_LINK_KEY)
    if enrolling and not two_factor.enrolment_link_usable(user=user, link_id=link_id):
        # The password alone never reaches the set-up step (docs/decisions.md).
        return render(
            request, "registration/enrolment_link_needed.html", {"account": user},
            status=403,
        )
    attempt = (
        two_factor.enrolment_sign_in_begin(user=user, link_id=link_id)
        if enrolling else None
    )
    request.session.pop(PENDING_KEY, None)
    request.session.pop(ENROLMENT_LINK_KEY, None)
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": str(user.pk),
        "backend": backend,
        "started": int(time.time()),
        "failures": 0,
        "next": next_url if next_url == safe_next(request, next_url) else "",
        "enrolment_link": link_id if enrolling else None,
        "enrolment_attempt": attempt,
        "extra": extra or {},
    }
    if enrolling:
        return redirect("login_setup")
    return redirect("login_verify")


@never_cache
@require_http_methods(["POST"])
def logout_view(request):
    """Ends our session and, after a sign-in through a provider that offers it, sends the
    browser on to the provider's sign-out (RP-initiated logout); back to the login page."""
    signed_out = f"{reverse('login')}?signed_out=1"
    provider_url = ""
    if request.user.is_authenticated:
        from .oidc.views import provider_logout_url

        provider_url = provider_logout_url(request, signed_out)
    auth_logout(request)
    if not provider_url:
        return redirect(signed_out)
    # A page that moves on by itself (Refresh), not a redirect: the browser would hold this
    # form's redirect to another origin against our CSP's form-action 'self'.
    response = render(request, "registration/provider_sign_out.html", {"url": provider_url})
    response["Refresh"] = f"0; url={provider_url}"
    return response


@never_cache
@require_http_methods(["GET"])
def enrol(request, secret):
    """An enrolment link an administrator issued: remembered in this browser's session, then
    the person signs in with their password and sets up the authenticator. An unknown, used
    or expired link is a 404 (nothing says which)."""
    link = two_factor.enrolment_link_for_secret(secret)
    if link is None or two_factor.confirmed_device(link.user) is not None:
        return render(request, "registration/enrolment_link_invalid.html", status=404)
    if request.user.is_authenticated:
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    request.session[ENROLMENT_LINK_KEY] = str(link.pk)
    messages.info(
        request,
        _("Sign in with your username and password to set up two-factor sign-in."),
    )
    return redirect("login")


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_verify(request):
    state, user = _pending(request)
    if state is None:
        return _expired(request)
    if two_factor.confirmed_device(user) is None:
        if two_factor.two_factor_required(user):
            return redirect("login_setup")
        return redirect(_complete(request, state, user))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verdict = two_factor.check_code(
            user=user, code=form.cleaned_data["code"], request=request
        )
        if verdict.accepted:
            destination = _complete(request, state, user)
            if verdict == two_factor.Verdict.RECOVERY_CODE:
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. %(left)d recovery code is left.",
                        "You signed in with a recovery code. %(left)d recovery codes are left.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(destination)
        dropped = _wrong_code(request, state)
        if dropped:
            return dropped
        if verdict == two_factor.Verdict.THROTTLED:
            form.add_error("code", _("Too many tries. Wait a few seconds and try again."))
        else:
            form.add_error("code", _("That code is not right. Try again."))
    return render(
        request,
        "registration/login_verify.html",
        {"form": form, "account": user},
        status=400 if form.errors else 200,
    )


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_setup(request):
    """First sign-in of someone who must have two-factor: set up the authenticator app.

    Each GET is a new attempt with a fresh key, kept in this pending sign-in and shown on
    that one page only; the POST confirms only this attempt's key, and only then is the
    device made, so the GET writes nothing but the session (docs/decisions.md)."""
    state, user = _pending(request)
    if state is None:
        return _expired(request)
    if two_factor.confirmed_device(user) is not None:
        return redirect("login_verify")
    if not two_factor.two_factor_required(user):
        return redirect(_complete(request, state, user))
    link_id = state.get("enrolment_link")
    if not two_factor.enrolment_link_usable(user=user, link_id=link_id):
        request.session.pop(PENDING_KEY, None)
        messages.error(
            request,
            _("Your enrolment link is used up or has expired. Ask your administrator for a "
              "new one."),
        )
        return redirect("login")
    if request.method == "GET" and not two_factor.enrolment_sign_in_current(
        user=user, link_id=link_id, attempt=state.get("enrolment_attempt")
    ):
        # A later password step with the same link (another browser) took over the set-up.
        request.session.pop(PENDING_KEY, None)
        messages.error(
            request,
            _("Someone has signed in with your enrolment link since. Sign in again, and tell "
              "your administrator if it was not you."),
        )
        return redirect("login")
    form = AuthenticatorCodeForm(request.POST or None)
    device = None
    if request.method == "GET":
        attempt = two_factor.enrolment_start(user=user)
        state[SETUP_ATTEMPT_KEY] = attempt
        request.session[PENDING_KEY] = state
        device = two_factor.attempt_device(user=user, attempt=attempt)
    elif form.is_valid():
        codes = confirm_enrolment(
            request, user, state.get(SETUP_ATTEMPT_KEY), form, link_id=link_id,
            link_attempt=state.get("enrolment_attempt"),
        )
        if codes is None:
            dropped = _wrong_code(request, state)
            if dropped:
                return dropped
        else:
            destination = _complete(request, state, user)
            return recovery_codes_response(request, codes, continue_url=destination)
    return render(
        request,
        "registration/login_setup.html",
        setup_context(device, form, action=reverse("login_setup")),
        status=400 if form.errors else 200,
    )


def confirm_enrolment(request, user, attempt, form, *, link_id=None, link_attempt=None):
    """The recovery codes once the app's code confirms this attempt's key; None, with the
    error on the form, when it does not. Shared by the first sign-in and the security page."""
    try:
        return two_factor.enrolment_confirm(
            user=user, attempt=attempt, code=form.cleaned_data["code"], request=request,
            link_id=link_id, link_attempt=link_attempt,
        )
    except ValidationError as error:
        form.add_error("code", error)
        return None


def setup_context(device, form, *, action):
    """The set-up page: with `device` (unsaved), its key (this attempt's only showing);
    without, after a wrong code, the form alone and a way to a fresh key - never the same
    key again."""
    return {
        "form": form,
        "qr_svg": two_factor.qr_svg(device) if device else "",
        "secret": two_factor.secret_text(device) if device else "",
        "action": action,
    }


def recovery_codes_response(request, codes, *, continue_url):
    """The one and only showing of recovery codes; never cached."""
    response = render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "continue_url": continue_url},
    )
    add_never_cache_headers(response)
    return response


