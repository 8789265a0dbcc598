"""The service user's printable data export (GDPR art. 15): the page of `/my-case/export/`,
the same data as the API's JSON."""
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from coordination.access import service_user_current_case

from .export import case_export


@login_required
@never_cache
def my_export(request):
    """Everything about me, readable and printable; the same data as the API's JSON."""
    if not request.user.has_perm("coordination.view_own_case"):
        raise PermissionDenied
    case = service_user_current_case(request.user)
    data = case_export(case=case, service_user=request.user) if case else None
    if request.GET.get("format") == "json" and data is not None:
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="ibbis-my-data.json"'
        return response
    return render(request, "interop/export_my_data.html", {"case": case, "data": data})
