from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from ibbis.accounts.models import PROFESSIONAL_ROLES, Role


def require_role(request, *roles):
    if request.user.role not in roles:
        raise PermissionDenied


@login_required
def caseload(request):
    require_role(request, *PROFESSIONAL_ROLES)
    return render(request, "coordination/caseload.html", {"cases": []})


@login_required
def my_case(request):
    require_role(request, Role.SERVICE_USER)
    return render(request, "coordination/my_case.html", {"case": None})


@login_required
def dashboard(request):
    require_role(request, Role.MANAGER)
    return render(request, "coordination/dashboard.html", {})
