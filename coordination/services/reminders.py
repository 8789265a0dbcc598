"""Reminders to the service user (issue 18): a day before a meeting and within the week
before the reassessment date, by the channels they chose (e-mail, text message, none).

The sweep (`reminders_sweep`, beat: hourly in the daytime) writes one outbox row per
reminder per channel with a unique key (`reminder_key`), so however often it runs - twice
an hour, retried, two workers at once - each reminder is queued once; the outbox
(ibbis/outbox) delivers it, retrying while the mail server or the SMS gateway is down.
"A day before" is the day before in Europe/Copenhagen (TIME_ZONE), not in UTC.

No personal data leaves in a reminder (DOMAIN.md, Note scopes: "notifications say 'you have
a new meeting' and link to the product"): no name, no CPR number, no diagnosis, no time or
place, not even the word "sickness benefit" - a text message shows on a locked phone. The
renderers check again at sending that the reminder still holds (the meeting still on that
day, the channel still chosen) and cancel it otherwise.
"""
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coordination.models import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    MeetingParticipant,
    MeetingStatus,
    ReminderPreference,
)
from ibbis.accounts.models import Role
from ibbis.outbox.models import OutboxMessage
from ibbis.outbox.services import outbox_add_many
from ibbis.sms import SmsMessage

EMAIL, SMS = "email", "sms"
KIND_BY_CHANNEL = {EMAIL: "reminder_email", SMS: "reminder_sms"}
MEETING, REASSESSMENT = "meeting", "reassessment"
# "A week before the reassessment date": once, on the first sweep within these days.
REASSESSMENT_DAYS_AHEAD = 7


# --- preferences ----------------------------------------------------------------------------


def reminder_preference_for(user) -> ReminderPreference:
    """The user's choice; without one, reminders go by e-mail (the product already writes
    to them there about their meetings)."""
    found = ReminderPreference.objects.filter(user=user).first()
    return found or ReminderPreference(user=user)


@transaction.atomic
def reminder_preference_set(*, actor, by_email: bool, by_sms: bool, phone: str
                            ) -> ReminderPreference:
    """The service user's own choice; a text message needs a phone number (the form says
    so before it gets here)."""
    if actor.role != Role.SERVICE_USER:
        raise PermissionError("Only a service user chooses their reminders.")
    if by_sms and not phone.strip():
        raise ValueError("A text message needs a phone number.")
    preference, _created = ReminderPreference.objects.update_or_create(
        user=actor, defaults={"by_email": by_email, "by_sms": by_sms}
    )
    if actor.phone != phone.strip():
        actor.phone = phone.strip()
        actor.save(update_fields=["phone"])
    return preference


def channels_of(user, preference: ReminderPreference | None) -> list[str]:
    """The channels a reminder can go by now: chosen, and with an address to go to."""
    preference = preference or ReminderPreference(user=user)
    channels = []
    if preference.by_email and user.email:
        channels.append(EMAIL)
    if preference.by_sms and user.phone:
        channels.append(SMS)
    return channels


# --- the sweep ------------------------------------------------------------------------------


def reminder_key(what: str, ref, on: date, channel: str) -> str:
    """One reminder of one thing for one day by one channel: the outbox's unique key."""
    return f"reminder:{what}:{ref}:{on.isoformat()}:{channel}"


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _meeting_reminders(today: date) -> list[tuple]:
    """(user, what, ref, on) for each service user invited to a meeting tomorrow."""
    tomorrow = today + timedelta(days=1)
    invited = (
        MeetingParticipant.objects.filter(
            role=Role.SERVICE_USER, cancelled=False,
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__starts_at__gte=_local_midnight(tomorrow),
            meeting__starts_at__lt=_local_midnight(tomorrow + timedelta(days=1)),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("meeting__starts_at", "pk")
    )
    return [(p.user, MEETING, p.meeting_id, tomorrow) for p in invited]


def _reassessment_reminders(today: date) -> list[tuple]:
    """(user, what, ref, on) for each open case whose reassessment date falls within the
    coming week (DOMAIN.md, week 22): once per deadline and date."""
    deadlines = (
        Deadline.objects.filter(
            kind=DeadlineKind.REASSESSMENT, status=DeadlineStatus.OPEN,
            due__gt=today, due__lte=today + timedelta(days=REASSESSMENT_DAYS_AHEAD),
            case__closed_on__isnull=True, case__service_user__is_active=True,
        )
        .select_related("case__service_user")
        .order_by("due", "pk")
    )
    return [(d.case.service_user, REASSESSMENT, d.pk, d.due) for d in deadlines]


def reminders_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Queue every reminder due now; return how many rows this run added per channel."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = _meeting_reminders(today) + _reassessment_reminders(today)
    preferences = {
        p.user_id: p
        for p in ReminderPreference.objects.filter(user_id__in={user.pk for user, *_ in due})
    }
    rows = [
        OutboxMessage(
            kind=KIND_BY_CHANNEL[channel], key=reminder_key(what, ref, on, channel),
            recipient=user, ref=str(ref), params={"what": what, "on": on.isoformat()},
        )
        for user, what, ref, on in due
        for channel in channels_of(user, preferences.get(user.pk))
    ]
    with transaction.atomic():
        keys = [row.key for row in rows]
        before = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))
        outbox_add_many(rows)
    added = [row for row in rows if row.key not in before]
    return {
        "reminders_email": sum(row.kind == KIND_BY_CHANNEL[EMAIL] for row in added),
        "reminders_sms": sum(row.kind == KIND_BY_CHANNEL[SMS] for row in added),
    }


# --- rendering (the outbox calls these when it sends) ---------------------------------------


def reminder_text(what: str) -> tuple[str, str]:
    """Subject and text. Nothing in them says who, what about, when or where."""
    if what == MEETING:
        return (_("You have a meeting tomorrow"),
                _("You have a meeting tomorrow — sign in to IBBIS Coordination to see it."))
    return (_("An important date is coming up"),
            _("An important date in your case is less than a week away — sign in to IBBIS "
              "Coordination to see it."))


def _still_due(rows) -> set:
    """The rows whose reminder still holds: the meeting still scheduled on that day, the
    reassessment still open on that date."""
    holding = set()
    meetings = {}
    meeting_refs = [row.ref for row in rows if row.params.get("what") == MEETING]
    for participant in MeetingParticipant.objects.filter(
        meeting_id__in=meeting_refs, role=Role.SERVICE_USER, cancelled=False,
        meeting__status=MeetingStatus.SCHEDULED,
    ).select_related("meeting"):
        meetings[(str(participant.meeting_id), participant.user_id)] = participant.meeting
    deadline_refs = [row.ref for row in rows if row.params.get("what") == REASSESSMENT]
    deadlines = {
        str(d.pk): d
        for d in Deadline.objects.filter(pk__in=deadline_refs, status=DeadlineStatus.OPEN)
    }
    for row in rows:
        on = row.params.get("on")
        if row.params.get("what") == MEETING:
            meeting = meetings.get((row.ref, row.recipient_id))
            if meeting and timezone.localdate(meeting.starts_at).isoformat() == on:
                holding.add(row.pk)
        elif row.params.get("what") == REASSESSMENT:
            deadline = deadlines.get(row.ref)
            if deadline and deadline.due.isoformat() == on:
                holding.add(row.pk)
    return holding


def _render(rows, channel: str, build) -> dict:
    holding = _still_due(rows)
    preferences = {p.user_id: p for p in ReminderPreference.objects.filter(
        user_id__in={row.recipient_id for row in rows})}
    rendered = {}
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            user = row.recipient
            wanted = channel in channels_of(user, preferences.get(user.pk))
            if row.pk not in holding or not wanted or not user.is_active:
                rendered[row.pk] = None
                continue
            rendered[row.pk] = build(user, *reminder_text(row.params.get("what")))
    return rendered


def reminders_render_email(rows) -> dict:
    return _render(rows, EMAIL, lambda user, subject, body: EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]))


def reminders_render_sms(rows) -> dict:
    return _render(rows, SMS, lambda user, _subject, body: SmsMessage(to=user.phone, body=body))
