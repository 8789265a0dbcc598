"""The absence form on the case page: POST /cases/{id}/absences/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_case_for_user
from ..forms.cases import AbsenceForm, apply_service_errors
from ..services import cases as case_services
from .cases import render_case


@require_POST
@login_required
def absence_create(request, case_id):
    case = get_case_for_user(request.user, case_id)
    if not request.user.has_perm("coordination.record_absence", case):
        raise PermissionDenied
    form = AbsenceForm(request.POST)
    if form.is_valid():
        try:
            case_services.absence_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The absence has been recorded."))
            return redirect("coordination:case_detail", case_id=case.pk)
    return render_case(request, case, absence_form=form, status=400)
