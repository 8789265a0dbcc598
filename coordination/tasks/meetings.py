"""Invitations and updates of meetings, mailed with the .ics attached, through the outbox
(ibbis/outbox): a row per participant and SEQUENCE, written with the change."""
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coordination.calendar import meeting_calendar, meeting_calendar_filename, meeting_summary
from coordination.models import Meeting, MeetingStatus
from ibbis.outbox.models import OutboxMessage
from ibbis.outbox.services import outbox_add_many


def invitation_key(meeting_id, sequence: int, user_id) -> str:
    return f"meeting:{meeting_id}:seq:{sequence}:user:{user_id}"


def invitations_enqueue(meeting: Meeting) -> None:
    """One outbox row per participant with an address for the meeting's current SEQUENCE,
    in the caller's transaction (the booking's, the update's)."""
    participants = meeting.participants.select_related("user")
    outbox_add_many([
        OutboxMessage(
            kind="meeting_invitation",
            key=invitation_key(meeting.pk, meeting.sequence, p.user_id),
            recipient=p.user,
            ref=str(meeting.pk),
            params={"sequence": meeting.sequence},
        )
        for p in participants
        if p.user.email
    ])


def invitations_render(rows) -> dict:
    """The outbox renderer of invitations: the participant's message of `_messages`. A row
    whose SEQUENCE has been overtaken sends nothing: the newer change added its own rows."""
    meetings = {
        str(m.pk): m
        for m in Meeting.objects.filter(pk__in={row.ref for row in rows})
        .select_related("organizer", "case")
        .prefetch_related("participants__user")
    }
    by_version = {}
    rendered = {}
    for row in rows:
        meeting = meetings.get(row.ref)
        sequence = row.params.get("sequence")
        if meeting is None or meeting.sequence != sequence:
            rendered[row.pk] = None
            continue
        if row.ref not in by_version:
            with translation.override(settings.LANGUAGE_CODE):
                by_version[row.ref] = {m.to[0]: m for m in _messages(meeting)}
        template = by_version[row.ref].get(row.recipient.email)
        rendered[row.pk] = None if template is None else EmailMessage(
            subject=template.subject, body=template.body, from_email=template.from_email,
            to=[row.recipient.email], attachments=list(template.attachments),
        )
    return rendered


def invitations_sent(rows) -> None:
    """Keep `mailed_sequence`: the latest SEQUENCE of which an invitation has gone out."""
    latest = {}
    for row in rows:
        latest[row.ref] = max(latest.get(row.ref, -1), row.params["sequence"])
    for meeting_id, sequence in latest.items():
        Meeting.objects.filter(pk=meeting_id).filter(
            Q(mailed_sequence__isnull=True) | Q(mailed_sequence__lt=sequence)
        ).update(mailed_sequence=sequence)


@shared_task(name="coordination.tasks_meetings.meeting_invitations_send")
def meeting_invitations_send(meeting_id: str, sequence: int) -> int:
    """Kept for tasks queued before the outbox: adds the outbox rows of this SEQUENCE if it
    is still the meeting's (a duplicate adds nothing) and returns how many it added."""
    with transaction.atomic():
        meeting = Meeting.objects.filter(pk=meeting_id, sequence=sequence).first()
        if meeting is None:
            return 0
        before = OutboxMessage.objects.filter(
            kind="meeting_invitation", ref=str(meeting.pk), params__sequence=sequence
        ).count()
        invitations_enqueue(meeting)
        return OutboxMessage.objects.filter(
            kind="meeting_invitation", ref=str(meeting.pk), params__sequence=sequence
        ).count() - before


def _messages(meeting: Meeting) -> list[EmailMessage]:
    cancelled = meeting.status == MeetingStatus.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    ics = meeting_calendar(meeting)
    if cancelled:
        subject = _("Cancelled: %(summary)s") % {"summary": meeting_summary(meeting)}
    elif meeting.sequence:
        subject = _("Changed: %(summary)s") % {"summary": meeting_summary(meeting)}
    else:
        subject = _("Invitation: %(summary)s") % {"summary": meeting_summary(meeting)}
    local_start = timezone.localtime(meeting.starts_at)
    body = _(
        "%(summary)s\n%(when)s\n%(where)s\n\nThe calendar file is attached."
    ) % {
        "summary": meeting_summary(meeting),
        "when": local_start.strftime("%Y-%m-%d %H:%M"),
        "where": meeting.location,
    }
    messages = []
    for participant in meeting.participants.all():
        if not participant.user.email:
            continue
        message = EmailMessage(subject=subject, body=body, to=[participant.user.email])
        message.attach(
            meeting_calendar_filename(meeting), ics, f"text/calendar; method={method}"
        )
        messages.append(message)
    return messages
