from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .models import Organisation, Role, User

HOME_BY_ROLE = {
    Role.CARE_MANAGER: "coordination:caseload",
    Role.EMPLOYMENT_CONSULTANT: "coordination:caseload",
    Role.SERVICE_USER: "coordination:my_case",
    Role.MANAGER: "coordination:dashboard",
    Role.ADMIN: "accounts:manage",
    Role.COMPANION: "meetings:companion_home",
}


@login_required
def home(request):
    """Each role lands on its own page."""
    return redirect(HOME_BY_ROLE[request.user.role])


@login_required
def account_manage(request):
    if request.user.role != Role.ADMIN:
        raise PermissionDenied
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return render(
        request,
        "accounts/account_manage.html",
        {
            "organisations": Organisation.objects.all(),
            "accounts": User.objects.select_related("organisation")
            .annotate(two_factor_on=Exists(confirmed))
            .order_by("role", "username"),
            "two_factor_roles": [str(role) for role in two_factor.TWO_FACTOR_REQUIRED_ROLES],
        },
    )


def enrolment_link_url(request, secret) -> str:
    return request.build_absolute_uri(reverse("enrol", args=[secret]))


@login_required
@require_POST
def enrolment_link_issue(request, user_id):
    """An administrator issues a one-time enrolment link, shown on this page once: the
    account's holder opens it, signs in with the password and sets up two-factor."""
    if request.user.role != Role.ADMIN:
        raise PermissionDenied
    account = get_object_or_404(User, pk=user_id)
    try:
        link, secret = two_factor.enrolment_link_issue(
            user=account, issued_by=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:manage")
    response = render(
        request,
        "accounts/enrolment_link.html",
        {"account": account, "url": enrolment_link_url(request, secret), "link": link},
    )
    add_never_cache_headers(response)
    return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes lockout: JSON for the API, a page for people."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Too many failed attempts. Try again later."), "code": "locked_out"},
            status=429,
        )
    return render(
        request, "registration/locked_out.html",
        {"minutes_left": _lockout_minutes_left(request, credentials)}, status=429,
    )


def _lockout_minutes_left(request, credentials) -> int:
    """Whole minutes until the (name, address) pair may try again (issue 17: say how long)."""
    import math

    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt
    from django.utils import timezone

    cool_off = get_cool_off(request)
    if not cool_off:
        return 0
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    attempt = (
        AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        )
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return math.ceil(cool_off.total_seconds() / 60)
    left = (attempt.attempt_time + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left / 60))
