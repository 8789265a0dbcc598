"""The service user's voice at a meeting (issue 18; API.md, Roundtable meetings): replying to
the invitation, adding agenda items, responding to the minutes.

Each write locks the meeting's row first (SELECT ... FOR UPDATE), the row `meeting_update`
locks too, so a reply never lands on a meeting that is being cancelled or recorded as held
at that moment, and a response to the minutes is checked against the version that is
stored, never one a concurrent edit has just replaced. Replies and responses are added as
new rows: two at once both land, and the later one counts."""
from django.db import transaction
from django.utils.translation import gettext as _

from coordination.models import (
    NEEDS_TEXT,
    AgendaItem,
    Meeting,
    MeetingReply,
    MeetingStatus,
    MinutesResponse,
    Notification,
    NotificationKind,
)
from coordination.services.meetings import MeetingConflict
from ibbis.accounts.models import PROFESSIONAL_ROLES
from ibbis.errors import DomainError

CLOSED = (MeetingStatus.HELD, MeetingStatus.CANCELLED)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("case").get(pk=meeting.pk)


def _refuse_closed(meeting: Meeting) -> None:
    if meeting.status in CLOSED:
        raise MeetingConflict(
            "meeting_closed",
            _("This meeting has already been held or is cancelled."),
        )


def _text(value: str, *, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError("text_required", _("Please write a few words."), field=field)
    return value


@transaction.atomic
def meeting_reply(*, meeting: Meeting, actor, answer: str, comment: str = "") -> MeetingReply:
    """A participant answers the invitation: coming, cannot come, or another time. The
    meeting's other professionals are notified (in the product only: a notification names
    no meeting content, DOMAIN.md). The caller has checked `coordination.reply_to_meeting`."""
    meeting = _locked(meeting)
    _refuse_closed(meeting)
    participant = meeting.participants.filter(user=actor).first()
    if participant is None:
        raise DomainError("not_a_participant", _("You are not invited to this meeting."))
    reply = MeetingReply.objects.create(
        meeting=meeting, user=actor, role=participant.role, answer=answer,
        comment=_text(comment, field="comment"),
    )
    recipients = (
        meeting.participants.filter(user__role__in=PROFESSIONAL_ROLES, cancelled=False)
        .exclude(user=actor)
        .values_list("user_id", flat=True)
    )
    Notification.objects.bulk_create(
        Notification(recipient_id=user_id, kind=NotificationKind.MEETING_REPLY,
                     case=meeting.case, meeting=meeting)
        for user_id in recipients
    )
    return reply


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, actor, text: str) -> AgendaItem:
    """A point for the agenda, before the meeting is held; the service user's own are marked
    as theirs. The caller has checked `coordination.add_agenda_item`."""
    meeting = _locked(meeting)
    _refuse_closed(meeting)
    return AgendaItem.objects.create(
        meeting=meeting, author=actor, text=_text(text, field="text", required=True),
        by_service_user=actor.pk == meeting.case.service_user_id,
    )


@transaction.atomic
def minutes_respond(
    *, meeting: Meeting, actor, response: str, text: str = "",
    minutes_version: int | None = None,
) -> MinutesResponse:
    """The service user approves, comments on or dissents from the minutes as they stand.
    `minutes_version` is the version the person read: if the minutes have changed since,
    the response is refused (`minutes_changed`) rather than given to words they have not
    seen. The caller has checked `coordination.respond_to_minutes`."""
    meeting = _locked(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        _refuse_closed(meeting)
    if not meeting.minutes:
        raise MeetingConflict("no_minutes", _("There are no minutes to respond to yet."))
    if minutes_version is not None and minutes_version != meeting.minutes_version:
        raise MeetingConflict(
            "minutes_changed",
            _("The minutes were changed while you read them. Please read them again."),
        )
    return MinutesResponse.objects.create(
        meeting=meeting, author=actor, response=response,
        text=_text(text, field="text", required=response in NEEDS_TEXT),
        minutes_version=meeting.minutes_version,
    )


def latest_replies(meeting: Meeting) -> list[MeetingReply]:
    """The newest reply of each participant, in the order they replied. Uses the meeting's
    prefetched `replies` when there are any (the API's lists prefetch them)."""
    latest = {}
    for reply in sorted(meeting.replies.all(), key=lambda r: (r.created_at, str(r.pk))):
        latest[reply.user_id] = reply
    return sorted(latest.values(), key=lambda r: (r.created_at, str(r.pk)))


def latest_minutes_response(meeting: Meeting) -> MinutesResponse | None:
    responses = sorted(meeting.minutes_responses.all(), key=lambda r: (r.created_at, str(r.pk)))
    return responses[-1] if responses else None


def minutes_response_data(response: MinutesResponse | None) -> dict | None:
    """The newest response as plain data, for the GDPR export and the FHIR bundle."""
    if response is None:
        return None
    return {
        "response": response.response,
        "text": response.text,
        "minutes_version": response.minutes_version,
        "current": response.is_current,
        "created_at": response.created_at.isoformat(),
    }


def meeting_voice_export(meeting: Meeting) -> dict:
    """What the service user said about a meeting, for their export (GDPR art. 15)."""
    return {
        "minutes_version": meeting.minutes_version,
        "minutes_response": minutes_response_data(latest_minutes_response(meeting)),
        "replies": [
            {"role": r.role, "answer": r.answer, "comment": r.comment,
             "replied_at": r.created_at.isoformat()}
            for r in latest_replies(meeting)
        ],
        "agenda_items": [
            {"text": item.text, "by_service_user": item.by_service_user,
             "created_at": item.created_at.isoformat()}
            for item in meeting.agenda_items.all()
        ],
    }
