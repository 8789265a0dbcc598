"""Pages of the hearing before a decision (partshøring, forvaltningsloven § 19; issue 18):
the hearing page, where the service user reads the proposed decision, what it rests on and
the date to answer by, and answers; the case's professionals read it and the answer there,
and the consultant may withdraw it.

Visibility is the case's, and a hearing is case content (`get_hearing_for_user`: 404 for a
manager too); who may answer or withdraw is a rule (403); a closed hearing is a 409."""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination.access import get_case_content_for_user, get_hearing_for_user
from coordination.benefit_rules import HEARING_DEFAULT_RESPONSE_DAYS, ground_on
from coordination.forms.hearings import HearingAnswerForm, HearingSendForm
from coordination.models import HearingStatus
from coordination.services import hearings as hearing_services
from coordination.timeline import ground_label, ground_plain
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from ibbis.errors import DomainError
from ibbis.forms import add_domain_error


def _render(request, hearing, *, form=None, status=200):
    user = request.user
    case = hearing.case
    today = timezone.localdate()
    ground = ground_on(hearing.proposed_ground, today, case.reassessment_date)
    access_log_record(actor=user, case=case, action=AccessAction.HEARING_VIEWED,
                      object_type="hearing")
    context = {
        "hearing": hearing,
        "case": case,
        "is_service_user": case.service_user_id == user.pk,
        "ground_label": ground_label(ground),
        "ground_plain": ground_plain(ground),
        "days_left": (hearing.answer_by - today).days,
        "can_answer": hearing.status == HearingStatus.OPEN
        and user.has_perm("coordination.answer_hearing", case),
        "can_withdraw": hearing.pending and user.has_perm("coordination.send_hearing", case),
        "form": form or HearingAnswerForm(),
    }
    return render(request, "coordination/hearings/hearing_detail.html", context,
                  status=status)


@login_required
@require_GET
def hearing_page(request, hearing_id):
    return _render(request, get_hearing_for_user(request.user, hearing_id))


@login_required
@require_POST
def hearing_answer_page(request, hearing_id):
    hearing = get_hearing_for_user(request.user, hearing_id)
    if not request.user.has_perm("coordination.answer_hearing", hearing.case):
        raise PermissionDenied
    form = HearingAnswerForm(request.POST)
    if not form.is_valid():
        return _render(request, hearing, form=form, status=400)
    try:
        hearing_services.hearing_answer(actor=request.user, hearing=hearing,
                                        answer=form.cleaned_data["answer"])
    except DomainError as error:
        add_domain_error(form, error)
        messages.error(request, error.message)
        hearing.refresh_from_db()
        return _render(request, hearing, form=form, status=error.status)
    messages.success(request, _("Thank you. Your answer is sent to your employment "
                                "consultant and is part of the case."))
    return redirect("hearings:hearing_detail", hearing_id=hearing.pk)


@login_required
@require_POST
def hearing_withdraw_page(request, hearing_id):
    hearing = get_hearing_for_user(request.user, hearing_id)
    if not request.user.has_perm("coordination.send_hearing", hearing.case):
        raise PermissionDenied
    try:
        hearing_services.hearing_withdraw(actor=request.user, hearing=hearing)
    except DomainError as error:
        messages.error(request, error.message)
        hearing.refresh_from_db()
        return _render(request, hearing, status=error.status)
    messages.success(request, _("The hearing is withdrawn. The service user can see that."))
    return redirect("hearings:hearing_detail", hearing_id=hearing.pk)


@login_required
@require_http_methods(["GET", "POST"])
def hearing_send_page(request, case_id):
    """The consultant's form: the proposed decision, what it rests on, the date."""
    case = get_case_content_for_user(request.user, case_id)
    if not request.user.has_perm("coordination.send_hearing", case):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = HearingSendForm(request.POST)
        if form.is_valid():
            try:
                hearing = hearing_services.hearing_send(actor=request.user, case=case,
                                                        **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, _("The hearing is sent. The service user sees it on "
                                            "their page."))
                return redirect("hearings:hearing_detail", hearing_id=hearing.pk)
        else:
            status = 400
    else:
        form = HearingSendForm(initial={
            "proposed_ground": "none",
            "answer_by": timezone.localdate() + timedelta(days=HEARING_DEFAULT_RESPONSE_DAYS),
        })
    # The form shows nothing of the case but its address: no read to log.
    return render(request, "coordination/hearings/hearing_send.html", {
        "case": case, "form": form, "pending": case.hearings.pending().first(),
    }, status=status)
