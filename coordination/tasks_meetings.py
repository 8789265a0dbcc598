"""Celery tasks of meetings: invitations and updates mailed with the .ics attached."""
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coordination.calendar import meeting_calendar, meeting_calendar_filename, meeting_summary
from coordination.models import Meeting, MeetingStatus


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def meeting_invitations_send(self, meeting_id: str, sequence: int) -> int:
    """Mail each participant the meeting's .ics for this SEQUENCE; returns how many mails.

    Idempotent per (meeting, sequence): a conditional UPDATE claims the sequence, so a
    retried or duplicated task finds nothing to claim. A task for a sequence that has since
    been overtaken sends nothing: the newer change queued its own task.
    """
    previous = (
        Meeting.objects.filter(pk=meeting_id).values_list("mailed_sequence", flat=True).first()
    )
    claimed = (
        Meeting.objects.filter(pk=meeting_id, sequence=sequence)
        .filter(Q(mailed_sequence__isnull=True) | Q(mailed_sequence__lt=sequence))
        .update(mailed_sequence=sequence)
    )
    if not claimed:
        return 0
    meeting = (
        Meeting.objects.select_related("organizer", "case")
        .prefetch_related("participants__user")
        .get(pk=meeting_id)
    )
    with translation.override(settings.LANGUAGE_CODE):
        messages = _messages(meeting)
    try:
        get_connection().send_messages(messages)
    except OSError:
        # Release the claim so the retry can send.
        Meeting.objects.filter(pk=meeting_id, mailed_sequence=sequence).update(
            mailed_sequence=previous
        )
        raise
    return len(messages)


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
