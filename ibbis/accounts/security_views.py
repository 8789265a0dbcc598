"""The security page of every signed-in account, and the admins' authentication event list."""
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import events, two_factor
from .forms import AuthenticatorCodeForm, AuthEventFilterForm, CodeForm
from .login_views import confirm_enrolment, recovery_codes_response, setup_context
from .models import AuthEvent, Role

AUTH_EVENTS_PER_PAGE = 50


@login_required
def security(request):
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
            "disable_form": CodeForm(auto_id="disable_%s"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Turn two-factor on while signed in (service users opting in, or a professional whose
    device was removed)."""
    user = request.user
    if two_factor.confirmed_device(user) is not None:
        messages.info(request, _("Two-factor sign-in is already turned on."))
        return redirect("accounts:security")
    device = two_factor.enrolment_device(user=user)
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_enrolment(request, user, device, form)
        if codes is not None:
            return recovery_codes_response(
                request, codes, continue_url=reverse("accounts:security")
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        setup_context(device, form, action=reverse("accounts:two_factor_setup")),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def recovery_codes_regenerate(request):
    try:
        codes = two_factor.recovery_codes_regenerate(user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:security")
    return recovery_codes_response(request, codes, continue_url=reverse("accounts:security"))


@login_required
@require_POST
def two_factor_disable(request):
    if not two_factor.two_factor_optional(request.user):
        raise PermissionDenied
    form = CodeForm(request.POST, auto_id="disable_%s")
    if form.is_valid():
        try:
            two_factor.two_factor_disable(
                user=request.user, code=form.cleaned_data["code"], request=request
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("Two-factor sign-in is turned off."))
            return redirect("accounts:security")
    device = two_factor.confirmed_device(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "two_factor_on": device is not None,
            "two_factor_required": False,
            "may_turn_off": True,
            "codes_left": two_factor.recovery_codes_left(request.user) if device else 0,
            "disable_form": form,
        },
        status=400,
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
