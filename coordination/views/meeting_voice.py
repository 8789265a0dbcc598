"""Pages of the service user's voice at a meeting (issue 18): reply to the invitation, add an
agenda item, respond to the minutes. Each form posts plainly and returns to the meeting page;
a form with errors shows the meeting page again (400), a closed meeting 409.

Visibility is the meeting's (`get_meeting_for_user`, 404); agenda items and responses to the
minutes are case content (a manager gets 404); who may write is a rule (403)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination.access import get_meeting_for_user
from coordination.forms.meeting_voice import (
    AgendaItemForm,
    CompanionInviteForm,
    MinutesResponseForm,
    ReplyForm,
)
from coordination.models import MeetingStatus
from coordination.services import meeting_voice
from coordination.services.meeting_voice import latest_minutes_response, latest_replies
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
from ibbis.errors import DomainError
from ibbis.forms import add_domain_error

OPEN = MeetingStatus.SCHEDULED


def meeting_voice_context(*, meeting, user, forms=None) -> dict:
    """What the meeting page shows of replies, agenda items and the response to the minutes,
    and which of the three forms this person gets. `forms` carries a form with errors."""
    forms = forms or {}
    case = meeting.case
    reads_content = user.has_perm("coordination.read_case_content", case)
    is_service_user = case.service_user_id == user.pk
    replies = latest_replies(meeting)
    own_reply = next((r for r in replies if r.user_id == user.pk), None)
    is_open = meeting.status == OPEN
    response = latest_minutes_response(meeting) if reads_content else None
    return {
        "voice_replies": replies,
        "voice_own_reply": own_reply,
        "voice_reads_content": reads_content,
        "voice_is_service_user": is_service_user,
        "voice_agenda_items": (
            list(meeting.agenda_items.select_related("author")) if reads_content else []
        ),
        "voice_can_reply": is_open and user.has_perm("coordination.reply_to_meeting", meeting),
        "voice_reply_form": forms.get("reply") or ReplyForm(prefix="reply"),
        "voice_can_add_item": is_open and reads_content
        and user.has_perm("coordination.add_agenda_item", case),
        "voice_agenda_form": forms.get("agenda") or AgendaItemForm(prefix="agenda"),
        "voice_minutes_response": response,
        "voice_can_respond": bool(meeting.minutes) and meeting.status != MeetingStatus.CANCELLED
        and user.has_perm("coordination.respond_to_minutes", case),
        "voice_minutes_form": forms.get("minutes") or MinutesResponseForm(
            prefix="minutes", initial={"minutes_version": meeting.minutes_version}
        ),
        # A companion the service user brings (issue 18): the case's people see who comes
        # along; the service user invites and ends access, while the meeting is ahead.
        "companions": (
            list(meeting.companions.select_related("user")) if reads_content else []
        ),
        "can_invite_companion": is_open
        and user.has_perm("coordination.invite_companion", case),
        "companion_form": forms.get("companion") or CompanionInviteForm(prefix="companion"),
    }


def _again(request, meeting, key, form, status):
    """The meeting page with this form's errors (the read of the meeting is logged)."""
    from coordination.views.meetings import _render_detail

    meeting = get_meeting_for_user(request.user, meeting.pk, with_participants=True)
    access_log_record(actor=request.user, case=meeting.case,
                      action=AccessAction.MEETING_VIEWED, object_type="meeting")
    return _render_detail(request, meeting, status=status, voice_forms={key: form})


def _content_meeting(user, meeting_id):
    meeting = get_meeting_for_user(user, meeting_id)
    if not user.has_perm("coordination.read_case_content", meeting.case):
        raise Http404
    return meeting


def _post_and_return(request, meeting, *, key, form, write, thanks):
    """The one shape of the three forms: errors show the meeting page again (400); a refusal
    by the service (a closed meeting, 409) is shown beside the form and as a message, since
    the form may no longer be shown; success returns to the meeting page with thanks."""
    if not form.is_valid():
        return _again(request, meeting, key, form, 400)
    try:
        write(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error)
        messages.error(request, error.message)
        return _again(request, meeting, key, form, error.status)
    messages.success(request, thanks)
    return redirect("meetings:meeting_detail", meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_reply_page(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id)
    if not request.user.has_perm("coordination.reply_to_meeting", meeting):
        raise PermissionDenied
    return _post_and_return(
        request, meeting, key="reply", form=ReplyForm(request.POST, prefix="reply"),
        write=lambda data: meeting_voice.meeting_reply(
            meeting=meeting, actor=request.user, **data),
        thanks=_("Thank you. Your answer is sent to the others."),
    )


@login_required
@require_POST
def agenda_item_page(request, meeting_id):
    meeting = _content_meeting(request.user, meeting_id)
    if not request.user.has_perm("coordination.add_agenda_item", meeting.case):
        raise PermissionDenied
    return _post_and_return(
        request, meeting, key="agenda", form=AgendaItemForm(request.POST, prefix="agenda"),
        write=lambda data: meeting_voice.agenda_item_add(
            meeting=meeting, actor=request.user, text=data["text"]),
        thanks=_("Your point is on the agenda."),
    )


@login_required
@require_POST
def minutes_response_page(request, meeting_id):
    meeting = _content_meeting(request.user, meeting_id)
    if not request.user.has_perm("coordination.respond_to_minutes", meeting.case):
        raise PermissionDenied
    return _post_and_return(
        request, meeting, key="minutes", form=MinutesResponseForm(request.POST, prefix="minutes"),
        write=lambda data: meeting_voice.minutes_respond(
            meeting=meeting, actor=request.user, **data),
        thanks=_("Thank you. Your response is shown beside the minutes."),
    )
