"""The security page of every signed-in account, and the admins' authentication event list."""
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import events, services, two_factor
from .forms import AuthenticatorCodeForm, AuthEventFilterForm, ReauthForm
from .login_views import confirm_enrolment, recovery_codes_response, setup_context
from .models import AuthEvent, Role

AUTH_EVENTS_PER_PAGE = 50
# The key the set-up page showed (two_factor.enrolment_start), until its code confirms it.
SETUP_ATTEMPT_SESSION_KEY = "two_factor_setup_attempt"
MAX_WRONG_SETUP_CODES = 5


def _security_page(request, *, regenerate_form=None, disable_form=None, status=200):
    user = request.user
    device = two_factor.confirmed_device(user)
    return render(
        request,
        "accounts/security.html",
        {
            "two_factor_on": device is not None,
            "two_factor_required": two_factor.two_factor_required(user),
            "may_turn_off": two_factor.two_factor_optional(user),
            "codes_left": two_factor.recovery_codes_left(user) if device else 0,
            "regenerate_form": regenerate_form or ReauthForm(auto_id="regenerate_%s"),
            "disable_form": disable_form or ReauthForm(auto_id="disable_%s"),
        },
        status=status,
    )


@login_required
def security(request):
    return _security_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Turn two-factor on while signed in (service users opting in, or a professional whose
    device was removed). The GET keeps a fresh key in this session; the POST with a code it
    shows makes the device (docs/decisions.md)."""
    user = request.user
    if two_factor.confirmed_device(user) is not None:
        messages.info(request, _("Two-factor sign-in is already turned on."))
        return redirect("accounts:security")
    form = AuthenticatorCodeForm(request.POST or None)
    device = None
    if request.method == "GET":  # a new attempt: a fresh key, bound to this session
        attempt = two_factor.enrolment_start(user=user)
        request.session[SETUP_ATTEMPT_SESSION_KEY] = attempt
        device = two_factor.attempt_device(user=user, attempt=attempt)
    elif form.is_valid():
        attempt = request.session.get(SETUP_ATTEMPT_SESSION_KEY)
        codes = confirm_enrolment(request, user, attempt, form)
        if codes is not None:
            request.session.pop(SETUP_ATTEMPT_SESSION_KEY, None)
            return recovery_codes_response(
                request, codes, continue_url=reverse("accounts:security")
            )
        if isinstance(attempt, dict):  # a few tries per key, then a new key is needed
            attempt["failures"] = attempt.get("failures", 0) + 1
            if attempt["failures"] >= MAX_WRONG_SETUP_CODES:
                request.session.pop(SETUP_ATTEMPT_SESSION_KEY, None)
            else:
                request.session[SETUP_ATTEMPT_SESSION_KEY] = attempt
    return render(
        request,
        "accounts/two_factor_setup.html",
        setup_context(device, form, action=reverse("accounts:two_factor_setup")),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def recovery_codes_regenerate(request):
    """New recovery codes only after the holder proves who they are again (password or a
    current code): a session left open is not enough to take over the second factor."""
    if two_factor.confirmed_device(request.user) is None:
        messages.error(request, _("Turn on two-factor sign-in first."))
        return redirect("accounts:security")
    form = ReauthForm(request.POST, auto_id="regenerate_%s")
    if form.is_valid():
        try:
            codes = two_factor.recovery_codes_regenerate(
                user=request.user, proof=form.cleaned_data["proof"], request=request
            )
        except ValidationError as error:
            form.add_error("proof", error)
        else:
            return recovery_codes_response(
                request, codes, continue_url=reverse("accounts:security")
            )
    return _security_page(request, regenerate_form=form, status=400)


@login_required
@require_POST
def two_factor_disable(request):
    if not two_factor.two_factor_optional(request.user):
        raise PermissionDenied
    form = ReauthForm(request.POST, auto_id="disable_%s")
    if form.is_valid():
        try:
            two_factor.two_factor_disable(
                user=request.user, proof=form.cleaned_data["proof"], request=request
            )
        except ValidationError as error:
            form.add_error("proof", error)
        else:
            messages.success(request, _("Two-factor sign-in is turned off."))
            return redirect("accounts:security")
    return _security_page(request, disable_form=form, status=400)


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Every person changes their own password here; after an administrator set it, the
    first sign-in comes here before anything else (PasswordChangeRequiredMiddleware). Every
    other session and every API token of the account ends; this session carries on."""
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(
            user=user, new_password=form.cleaned_data["new_password1"], request=request
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed. You are signed out elsewhere."))
        return redirect("home")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "required": user.must_change_password},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def sign_out_everywhere(request):
    two_factor.sign_out_everywhere(user=request.user, request=request)
    setattr(request, events.LOGOUT_KIND_ATTRIBUTE, None)  # recorded by the service
    logout(request)
    messages.success(request, _("You are signed out on every device and app."))
    return redirect("login")


@login_required
def auth_events(request):
    """Admins read the authentication trail; filters by username and event."""
    if request.user.role != Role.ADMIN:
        raise PermissionDenied
    form = AuthEventFilterForm(request.GET or None)
    queryset = AuthEvent.objects.select_related("user")
    if form.is_valid():
        if form.cleaned_data["username"]:
            queryset = queryset.filter(username__iexact=form.cleaned_data["username"])
        if form.cleaned_data["kind"]:
            queryset = queryset.filter(kind=form.cleaned_data["kind"])
    page = Paginator(queryset, AUTH_EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/auth_events.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )
