"""The extension decision form on the case page: POST /cases/{id}/extensions/, with the
rule set's refusals in our own words."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ibbis.forms import add_domain_error

from ..access import get_case_for_user
from ..benefit_rules import ExtensionRefused
from ..dates import human_date
from ..forms.cases import ExtensionForm, apply_service_errors
from ..law_extras import law_refusal_message
from ..models import Case
from ..services import cases as case_services
from .cases import render_case


def _refusal_message(case: Case, refusal: ExtensionRefused, data: dict) -> str:
    """Our own words for the rule set's refusal codes (its messages are English only)."""
    law_message = law_refusal_message(case, refusal, data)  # issue 14's codes
    if law_message:
        return law_message
    if refusal.code == "medical_evidence_required":
        return _("This ground needs medical evidence: a doctor's assessment must be on file.")
    if refusal.code == "valid_until_required":
        limit = case.rules_on(data["decided_on"]).max_valid_until(
            data["ground"], case.reassessment_date, data["decided_on"]
        )
        return _("This ground lasts a limited time: give the date it is valid until "
                 "(%(limit)s at the latest).") % {"limit": human_date(limit)}
    if refusal.code == "extension_too_long":
        limit = case.rules_on(data["decided_on"]).max_valid_until(
            data["ground"], case.reassessment_date, data["decided_on"]
        )
        return _("This ground allows an extension until %(limit)s at the latest.") % {
            "limit": human_date(limit)
        }
    if refusal.code == "valid_until_not_allowed":
        return _("A decision that no ground applies extends nothing; leave this empty.")
    if refusal.code == "invalid":
        return _("The valid-until date cannot be before the decision date.")
    return str(refusal)


@require_POST
@login_required
def extension_create(request, case_id):
    case = get_case_for_user(request.user, case_id)
    if not request.user.has_perm("coordination.decide_extension", case):
        raise PermissionDenied
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            case_services.extension_decide(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        except ExtensionRefused as refusal:
            add_domain_error(form, refusal,
                             message=_refusal_message(case, refusal, form.cleaned_data))
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("coordination:case_detail", case_id=case.pk)
    return render_case(request, case, extension_form=form, status=400)
