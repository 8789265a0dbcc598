"""Print views of the shared plan and of a meeting's minutes (issue 17), and their PDFs.

Whoever may read the plan (or the minutes) may print it: the case's service user and its
professionals, current and former. Its managers see that a case exists, not its content, and
admins no case at all: 404 (coordination/rules.py, read_case_content). Every print, on paper
or as a PDF, is a read of the case and is written to the access log."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from coordination.access import get_case_content_for_user, get_meeting_for_user
from coordination.models import Case
from coordination.pdf import pdf_available, pdf_response
from coordination.views.plan import _plan_context
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record

PLAN_TEMPLATE = "coordination/print/plan.html"
MINUTES_TEMPLATE = "coordination/print/minutes.html"


def _printable_case(user, case_id) -> Case:
    """The case when the user may read its plan (else 404), with the people the print names."""
    case = get_case_content_for_user(user, case_id)
    return Case.objects.select_related(
        "service_user", "care_manager__organisation", "employment_consultant__organisation"
    ).get(pk=case.pk)


def _plan(request, case, *, object_type):
    access_log_record(actor=request.user, case=case, action=AccessAction.PLAN_PRINTED,
                      object_type=object_type)
    return {**_plan_context(case), "printed_at": timezone.now()}


@login_required
def plan_print(request, case_id):
    context = _plan(request, _printable_case(request.user, case_id), object_type="plan")
    context["pdf_url"] = (
        reverse("meetings:plan_pdf", args=[case_id]) if pdf_available() else None
    )
    return render(request, PLAN_TEMPLATE, context)


@login_required
def plan_pdf(request, case_id):
    case = _printable_case(request.user, case_id)  # 404 first for whoever may not read it
    if not pdf_available():
        raise Http404
    context = _plan(request, case, object_type="plan_pdf")
    html = render_to_string(PLAN_TEMPLATE, {**context, "as_pdf": True}, request=request)
    return pdf_response(html, f"plan-{context['printed_at']:%Y-%m-%d}-{get_language()}.pdf")


def _printable_meeting(user, meeting_id):
    meeting = get_meeting_for_user(user, meeting_id, with_participants=True)
    # Agendas and minutes may carry health details: the case's people read them, its
    # managers do not (DOMAIN.md, Note scopes), so for them the print does not exist.
    if not user.has_perm("coordination.read_case_content", meeting.case):
        raise Http404
    return meeting


def _minutes(request, meeting, *, object_type):
    access_log_record(actor=request.user, case=meeting.case,
                      action=AccessAction.MEETING_MINUTES_PRINTED, object_type=object_type)
    return {
        "meeting": meeting,
        "case": meeting.case,
        "participants": meeting.participants.all(),
        "printed_at": timezone.now(),
    }


@login_required
def meeting_print(request, meeting_id):
    meeting = _printable_meeting(request.user, meeting_id)
    context = _minutes(request, meeting, object_type="meeting")
    context["pdf_url"] = (
        reverse("meetings:meeting_pdf", args=[meeting_id]) if pdf_available() else None
    )
    return render(request, MINUTES_TEMPLATE, context)


@login_required
def meeting_pdf(request, meeting_id):
    meeting = _printable_meeting(request.user, meeting_id)  # 404 first
    if not pdf_available():
        raise Http404
    context = _minutes(request, meeting, object_type="meeting_pdf")
    html = render_to_string(MINUTES_TEMPLATE, {**context, "as_pdf": True}, request=request)
    day = timezone.localtime(meeting.starts_at)
    return pdf_response(html, f"minutes-{day:%Y-%m-%d}-{get_language()}.pdf")
