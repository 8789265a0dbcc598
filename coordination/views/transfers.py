"""The receiving manager's page of transfer requests: the cases another organisation asks
theirs to take over, each answered by naming a professional of their own or declining
(issue 13). The page shows only the request (who, which role, from where), never the case."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ibbis.accounts.models import User
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record_many
from ibbis.forms import add_domain_error

from ..access import get_or_404
from ..forms.cases import UserChoiceField, apply_service_errors
from ..models import Case, TransferRequest, TransferStatus
from ..services import transfers as transfer_services
from ..services.cases import CaseRefused


class TransferAcceptForm(forms.Form):
    to_user = UserChoiceField(label=gettext_lazy("New professional"), queryset=User.objects.none())

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = User.objects.filter(
            is_active=True, role=transfer.role, organisation_id=transfer.to_organisation_id
        )


def _require_manager(request):
    if not request.user.has_perm("coordination.review_transfers"):
        raise PermissionDenied


def _incoming(user):
    return (
        TransferRequest.objects.filter(to_organisation_id=user.organisation_id)
        .select_related("case__service_user", "from_organisation", "requested_by")
    )


def _render(request, forms_by_id=None, status=200):
    pending = list(_incoming(request.user).filter(status=TransferStatus.PENDING))
    forms_by_id = forms_by_id or {}
    rows = [
        {"transfer": t, "form": forms_by_id.get(t.pk) or TransferAcceptForm(transfer=t)}
        for t in pending
    ]
    # The service user's name is shown: the access log says who saw it.
    access_log_record_many(
        actor=request.user, cases=Case.objects.filter(pk__in={t.case_id for t in pending}),
        action=AccessAction.TRANSFER_REQUESTS_LISTED, object_type="transfer_request",
    )
    return render(request, "coordination/transfer_list.html", {"rows": rows}, status=status)


@login_required
def transfer_list(request):
    _require_manager(request)
    return _render(request)


def _pending(request, transfer_id):
    _require_manager(request)
    return get_or_404(_incoming(request.user), transfer_id)


@require_POST
@login_required
def transfer_accept(request, transfer_id):
    transfer = _pending(request, transfer_id)
    form = TransferAcceptForm(request.POST, transfer=transfer)
    if form.is_valid():
        try:
            transfer_services.transfer_accept(
                actor=request.user, transfer=transfer, to_user=form.cleaned_data["to_user"]
            )
        except CaseRefused as refused:
            add_domain_error(form, refused, field=None)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The transfer has been accepted."))
            return redirect("coordination:transfer_list")
    return _render(request, {transfer.pk: form}, status=400)


@require_POST
@login_required
def transfer_decline(request, transfer_id):
    transfer = _pending(request, transfer_id)
    try:
        transfer_services.transfer_decline(actor=request.user, transfer=transfer)
    except CaseRefused as refused:
        messages.error(request, refused.message)
        return redirect("coordination:transfer_list")
    messages.success(request, _("The transfer has been declined."))
    return redirect("coordination:transfer_list")
