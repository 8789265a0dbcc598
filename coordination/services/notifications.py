"""Notifications: reading them, marking them read, and mailing each once through the outbox."""
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coordination.models import Notification, NotificationKind
from ibbis.accounts.models import Role
from ibbis.outbox.models import OutboxMessage
from ibbis.outbox.services import outbox_add_many, outbox_kick

_SUBJECTS = {
    NotificationKind.REMINDER_7_DAYS: gettext_noop("Reminder: a deadline is due in 7 days"),
    NotificationKind.REMINDER_1_DAY: gettext_noop("Reminder: a deadline is due tomorrow"),
    NotificationKind.OVERDUE: gettext_noop("A deadline in your organisation is overdue"),
    NotificationKind.RELATIONAL_SURVEY: gettext_noop(
        "The collaboration survey for a new quarter is open"
    ),
    # Break the glass (issue 19): the manager's subject; the service user's is below.
    NotificationKind.EMERGENCY_ACCESS: gettext_noop(
        "A professional in your organisation has taken emergency access to a case"
    ),
}
_EMERGENCY_SUBJECT_SERVICE_USER = gettext_noop(
    "A professional has taken emergency access to your case"
)


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read; reading it twice keeps the first time."""
    if notification.recipient_id != actor.pk:
        # Callers look notifications up through the recipient; this guards a misuse.
        raise Notification.DoesNotExist
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _mail_text(notification: Notification) -> tuple[str, str]:
    # Mail leaves our systems, so it names no service user and no diagnosis: the deadline's
    # kind and day are enough to act on after logging in.
    deadline = notification.deadline
    if notification.kind == NotificationKind.EMERGENCY_ACCESS:
        # Who and why are in the product (the access log, the dashboard), not in the mail:
        # the reason may touch on health (DOMAIN.md: no health data in e-mails).
        to_service_user = notification.recipient.role == Role.SERVICE_USER
        subject = _(_EMERGENCY_SUBJECT_SERVICE_USER if to_service_user
                    else _SUBJECTS[notification.kind])
        return subject, _(
            "Hello %(name)s,\n\n%(what)s. It gives read access for 24 hours.\n\n"
            "Log in to IBBIS Coordination to see who it was and the reason they gave.\n"
        ) % {"name": notification.recipient.display_name, "what": subject}
    subject = _(_SUBJECTS[notification.kind])
    if deadline is None:
        return subject, _(
            "Hello %(name)s,\n\n%(what)s.\n\nLog in to IBBIS Coordination to answer it.\n"
        ) % {"name": notification.recipient.display_name, "what": subject}
    body = _(
        "Hello %(name)s,\n\n%(what)s: %(kind)s, due %(due)s.\n\n"
        "Log in to IBBIS Coordination to see the case.\n"
    ) % {
        "name": notification.recipient.display_name,
        "what": subject,
        "kind": deadline.get_kind_display() if deadline else "",
        "due": deadline.due.isoformat() if deadline else "",
    }
    return subject, body


def notification_key(notification_id) -> str:
    return f"notification:{notification_id}"


# Ids per query when the sweep puts thousands of notifications into the outbox.
OUTBOX_CHUNK = 2000


def notifications_outbox_add(*, notification_ids: list[str], kick: bool = True) -> None:
    """An outbox row for each of these notifications whose recipient has an address, in the
    caller's transaction (the sweep's): stored together with the notifications or not at all.
    A notification already in the outbox is not added again. `kick=False` leaves the
    delivery to the caller (the sweep command times it apart) or to beat's re-drive."""
    added = False
    for start in range(0, len(notification_ids), OUTBOX_CHUNK):
        chunk = notification_ids[start:start + OUTBOX_CHUNK]
        rows = [
            OutboxMessage(kind="notification", key=notification_key(pk),
                          recipient_id=recipient_id, ref=str(pk))
            for pk, recipient_id in Notification.objects.filter(
                pk__in=chunk, recipient__email__gt=""
            ).values_list("pk", "recipient_id")
        ]
        outbox_add_many(rows, kick=False)
        added = added or bool(rows)
    if added and kick:
        # One delivery kick for the whole sweep, after its commit.
        transaction.on_commit(outbox_kick, robust=True)


def notifications_render(rows) -> dict:
    """The outbox renderer of notifications (`_mail_text`). A notification that no longer
    exists sends nothing."""
    notifications = {
        str(n.pk): n
        for n in Notification.objects.filter(pk__in=[row.ref for row in rows])
        .select_related("recipient", "deadline")
    }
    rendered = {}
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            notification = notifications.get(row.ref)
            if notification is None or not row.recipient.email:
                rendered[row.pk] = None
                continue
            subject, body = _mail_text(notification)
            rendered[row.pk] = EmailMessage(subject=subject, body=body,
                                            to=[row.recipient.email])
    return rendered


def notifications_sent(rows) -> None:
    """`emailed_at` tells that a notification's mail has gone out."""
    Notification.objects.filter(
        pk__in=[row.ref for row in rows], emailed_at__isnull=True
    ).update(emailed_at=timezone.now())


def notifications_mail_send(*, notification_ids: list[str]) -> int:
    """Kept for tasks queued before the outbox: put these notifications into the outbox
    (those already there are not added again); return how many rows that added."""
    keys = [notification_key(pk) for pk in notification_ids]
    with transaction.atomic():
        before = OutboxMessage.objects.filter(key__in=keys).count()
        notifications_outbox_add(notification_ids=list(notification_ids))
        return OutboxMessage.objects.filter(key__in=keys).count() - before
