"""Shared supervision pages (issue 21): a professional books one with colleagues of both
organisations, reads its checklist and, once it has begun, records who attended. No service
user, no case: nothing here reads case content."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ibbis.errors import DomainError
from trust.forms import SupervisionForm
from trust.services.relational import is_survey_respondent
from trust.services.supervision import (
    supervision_colleagues,
    supervision_record_held,
    supervision_schedule,
    supervisions_for,
)


def _add_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def supervision_list(request):
    if not is_survey_respondent(request.user):
        raise PermissionDenied
    colleagues = list(supervision_colleagues(request.user))
    form = SupervisionForm(colleagues=colleagues)
    status = 200
    if request.method == "POST":
        form = SupervisionForm(request.POST, colleagues=colleagues)
        if form.is_valid():
            try:
                meeting = supervision_schedule(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The supervision is booked."))
                return redirect("trust:supervision_detail", meeting_id=meeting.pk)
        status = 400
    meetings = supervisions_for(request.user).prefetch_related("participants__user")
    return render(request, "trust/supervision_list.html",
                  {"form": form, "meetings": meetings}, status=status)


@login_required
def supervision_detail(request, meeting_id):
    meeting = (
        supervisions_for(request.user)
        .prefetch_related("participants__user__organisation", "checklist__items")
        .filter(pk=meeting_id).first()
    )
    if meeting is None:
        raise Http404
    status = 200
    if request.method == "POST":
        try:
            supervision_record_held(
                actor=request.user, meeting=meeting,
                attended_ids=request.POST.getlist("attended"),
                done_item_ids=[v for v in request.POST.getlist("done") if _is_uuid(v)],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        except DomainError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("Attendance is recorded."))
            return redirect("trust:supervision_detail", meeting_id=meeting.pk)
    return render(request, "trust/supervision_detail.html", {"meeting": meeting},
                  status=status)


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
