from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .models import Organisation, Role, User

HOME_BY_ROLE = {
    Role.CARE_MANAGER: "coordination:caseload",
    Role.EMPLOYMENT_CONSULTANT: "coordination:caseload",
    Role.SERVICE_USER: "coordination:my_case",
    Role.MANAGER: "coordination:dashboard",
    Role.ADMIN: "accounts:manage",
}


@login_required
def home(request):
    """Each role lands on its own page."""
    return redirect(HOME_BY_ROLE[request.user.role])


@login_required
def account_manage(request):
    if request.user.role != Role.ADMIN:
        raise PermissionDenied
    return render(
        request,
        "accounts/account_manage.html",
        {
            "organisations": Organisation.objects.all(),
            "accounts": User.objects.select_related("organisation").order_by("role", "username"),
        },
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes lockout: JSON for the API, a page for people."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Too many failed attempts. Try again later."), "code": "locked_out"},
            status=429,
        )
    return render(request, "registration/locked_out.html", status=429)
