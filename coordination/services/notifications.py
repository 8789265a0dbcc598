"""Notifications: reading them, marking them read, and mailing each one at most once."""
from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coordination.models import Notification, NotificationKind

_SUBJECTS = {
    NotificationKind.REMINDER_7_DAYS: gettext_noop("Reminder: a deadline is due in 7 days"),
    NotificationKind.REMINDER_1_DAY: gettext_noop("Reminder: a deadline is due tomorrow"),
    NotificationKind.OVERDUE: gettext_noop("A deadline in your organisation is overdue"),
}


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
    subject = _(_SUBJECTS[notification.kind])
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


def notification_mail_send(
    *, notification_id: str, notification: Notification | None = None, connection=None
) -> bool:
    """Mail one notification to its recipient, at most once.

    Deliberately not atomic: the conditional UPDATE claiming `emailed_at` commits before
    the mail leaves, so a retried or duplicated task finds nothing left to claim.
    `notification`, when given, is the row already loaded with its recipient and deadline;
    `connection`, an open mail connection shared by a batch.
    """
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    if notification is None:
        notification = Notification.objects.select_related("recipient", "deadline").get(
            pk=notification_id
        )
    if not notification.recipient.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _mail_text(notification)
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
            connection=connection,
        )
    except OSError:
        # Release the claim so the retry can send.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


def notifications_mail_send(*, notification_ids: list[str]) -> int:
    """Mail every notification not mailed yet; return how many mails left."""
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient", "deadline")
    # One mail connection for the batch: an SMTP login per mail would dominate the time.
    with get_connection() as connection:
        return sum(
            notification_mail_send(notification_id=n.pk, notification=n, connection=connection)
            for n in list(pending)
        )
