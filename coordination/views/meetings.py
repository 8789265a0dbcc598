"""Meeting pages: a case's meetings, schedule, reschedule, cancel, record as held, .ics.

Forms post plainly and redirect (no JavaScript needed). Visibility is
`Meeting.objects.for_user`; changing needs `coordination.schedule_meeting` (403 otherwise).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coordination.access import get_case_for_user, get_meeting_for_user
from coordination.calendar import calendar_response
from coordination.forms.meetings import (
    MeetingHeldForm,
    MeetingScheduleForm,
    MeetingTimesForm,
    show_service_errors,
)
from coordination.models import Meeting, MeetingStatus
from coordination.services.meetings import MeetingConflict, meeting_schedule, meeting_update
from coordination.signals import meeting_page_context
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from ibbis.forms import add_domain_error


def _require_change(user, case):
    if not user.has_perm("coordination.schedule_meeting", case):
        raise PermissionDenied


def _held_form(meeting, data=None):
    return MeetingHeldForm(
        data,
        participants=meeting.participants.all(),
        initial={"minutes": meeting.minutes},
        prefix="held",
    )


def _log_meeting_shown(request, meeting) -> None:
    """A page that shows the meeting (its agenda, who takes part) is a read of its case."""
    access_log_record(
        actor=request.user, case=meeting.case, action=AccessAction.MEETING_VIEWED,
        object_type="meeting"
    )

@login_required
def case_meetings(request, case_id):
    case = get_case_for_user(request.user, case_id)
    meetings = (
        Meeting.objects.for_user(request.user)
        .filter(case=case)
        .select_related("organizer")
        .prefetch_related("participants__user")
        .order_by("-starts_at")
    )
    access_log_record(
        actor=request.user, case=case, action=AccessAction.MEETINGS_LISTED, object_type="meeting"
    )
    return render(
        request,
        "coordination/meeting_list.html",
        {
            "case": case,
            "meetings": meetings,
            "can_schedule": request.user.has_perm("coordination.schedule_meeting", case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, case_id):
    case = get_case_for_user(request.user, case_id)
    _require_change(request.user, case)
    form = MeetingScheduleForm(request.POST or None, prefix="meeting")
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            meeting = meeting_schedule(
                case=case,
                organizer=request.user,
                kind=form.cleaned_data["kind"],
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.cleaned_data["location"],
                agenda=form.cleaned_data["agenda"],
                status=(
                    MeetingStatus.HELD
                    if form.cleaned_data["already_held"]
                    else MeetingStatus.SCHEDULED
                ),
            )
        except ValidationError as error:
            show_service_errors(form, error.message_dict)
        except MeetingConflict as error:
            add_domain_error(form, error)
        else:
            if meeting.status == MeetingStatus.HELD:
                # A past meeting is documented; nobody is invited to it (issue 17).
                messages.success(request, _("The meeting that was held is recorded."))
            else:
                messages.success(
                    request, _("The meeting is booked and the invitations are sent.")
                )
            return redirect("meetings:meeting_detail", meeting_id=meeting.pk)
    # The form names the case's people: showing it is a read of the case.
    access_log_record(
        actor=request.user, case=case, action=AccessAction.MEETING_FORM_VIEWED,
        object_type="meeting"
    )
    return render(
        request,
        "coordination/meeting_form.html",
        {"case": case, "form": form, "heading": _("Schedule a meeting"),
         "submit": _("Book the meeting")},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_detail(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id, with_participants=True)
    _log_meeting_shown(request, meeting)
    return _render_detail(request, meeting)


def _render_detail(request, meeting, held_form=None, status=200, voice_forms=None):
    """The meeting page; its caller has written the access-log entry."""
    from coordination.views.meeting_voice import meeting_voice_context

    can_change = request.user.has_perm("coordination.schedule_meeting", meeting.case)
    started = meeting.starts_at <= timezone.now()
    # What the apps above add in place (trust: the meeting's own checklist).
    shown_beside = {}
    for _receiver, context in meeting_page_context.send(
        sender=type(meeting), meeting=meeting, user=request.user
    ):
        shown_beside.update(context)
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            **shown_beside,
            # Replies, agenda items, the response to the minutes (issue 18).
            **meeting_voice_context(meeting=meeting, user=request.user, forms=voice_forms),
            "meeting": meeting,
            "case": meeting.case,
            "participants": meeting.participants.all(),
            # Agendas and minutes may carry health details: the case's people read them,
            # its managers do not (DOMAIN.md, Note scopes).
            "show_minutes": request.user.has_perm("coordination.read_case_content", meeting.case),
            "can_change": can_change,
            "can_reschedule": can_change and meeting.status == MeetingStatus.SCHEDULED,
            "can_record": can_change and started and meeting.status != MeetingStatus.CANCELLED,
            "held_form": held_form or _held_form(meeting),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_reschedule(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id, with_participants=True)
    _require_change(request.user, meeting.case)
    form = MeetingTimesForm(
        request.POST or None, initial=MeetingTimesForm.initial_for(meeting), prefix="meeting"
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            meeting_update(
                meeting=meeting,
                actor=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.cleaned_data["location"],
                agenda=form.cleaned_data["agenda"],
            )
        except ValidationError as error:
            show_service_errors(form, error.message_dict)
        except MeetingConflict as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The meeting is changed and everyone is told."))
            return redirect("meetings:meeting_detail", meeting_id=meeting.pk)
    _log_meeting_shown(request, meeting)
    return render(
        request,
        "coordination/meeting_form.html",
        {"case": meeting.case, "meeting": meeting, "form": form,
         "heading": _("Reschedule the meeting"), "submit": _("Save the new time")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id, with_participants=True)
    _require_change(request.user, meeting.case)
    error = None
    if request.method == "POST":
        try:
            meeting_update(meeting=meeting, status=MeetingStatus.CANCELLED)
        except MeetingConflict as conflict:
            error = conflict.message
        else:
            messages.success(request, _("The meeting is cancelled and everyone is told."))
            return redirect("meetings:meeting_detail", meeting_id=meeting.pk)
    _log_meeting_shown(request, meeting)
    return render(
        request,
        "coordination/meeting_cancel.html",
        {"meeting": meeting, "case": meeting.case, "error": error},
        status=409 if error else 200,
    )


@login_required
@require_POST
def meeting_record_held(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id, with_participants=True)
    _require_change(request.user, meeting.case)
    form = _held_form(meeting, request.POST)
    if form.is_valid():
        try:
            meeting_update(
                meeting=meeting,
                status=MeetingStatus.HELD,
                minutes=form.cleaned_data["minutes"],
                attendance=form.attendance(),
            )
        except ValidationError as error:
            show_service_errors(form, error.message_dict)
        except MeetingConflict as conflict:
            add_domain_error(form, conflict)
        else:
            messages.success(request, _("The meeting is recorded as held."))
            return redirect("meetings:meeting_detail", meeting_id=meeting.pk)
    _log_meeting_shown(request, meeting)
    return _render_detail(request, meeting, held_form=form, status=400)


@login_required
def meeting_ics(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id, with_participants=True)
    access_log_record(
        actor=request.user,
        case=meeting.case,
        action=AccessAction.MEETING_CALENDAR_DOWNLOADED,
        object_type="meeting",
    )
    return calendar_response(meeting)
