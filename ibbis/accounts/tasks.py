from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ibbis.outbox.models import OutboxMessage
from ibbis.outbox.services import outbox_add

from .models import User


def welcome_key(user_id) -> str:
    return f"welcome:{user_id}"


def welcome_enqueue(user: User) -> None:
    """The welcome mail into the outbox, in the caller's transaction (the account's)."""
    if user.email:
        outbox_add(kind="welcome", key=welcome_key(user.pk), recipient=user, ref=str(user.pk))


def welcome_message(user: User) -> EmailMessage:
    """Tell a new account holder that their account exists."""
    return EmailMessage(
        subject=_("Your IBBIS Coordination account"),
        body=_(
            "Hello %(name)s,\n\nAn account with the username %(username)s has been "
            "created for you in IBBIS Coordination.\n"
        ) % {"name": user.display_name, "username": user.username},
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def welcome_render(rows) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        return {row.pk: welcome_message(row.recipient) if row.recipient.email else None
                for row in rows}


def welcome_sent(rows) -> None:
    User.objects.filter(pk__in=[row.recipient_id for row in rows],
                        welcome_sent_at__isnull=True).update(welcome_sent_at=timezone.now())


@shared_task
def send_welcome_mail(user_id: str) -> bool:
    """Kept for tasks queued before the outbox: puts the welcome mail into the outbox, which
    sends it once; True when this added it."""
    with transaction.atomic():
        user = User.objects.filter(pk=user_id, welcome_sent_at__isnull=True).first()
        if user is None or not user.email:
            return False
        exists = OutboxMessage.objects.filter(key=welcome_key(user.pk)).exists()
        welcome_enqueue(user)
        return not exists


@shared_task
def purge_expired_sessions() -> int:
    """Expired sessions hold nothing useful and are personal data; drop them nightly."""
    deleted, _counts = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def purge_auth_events() -> int:
    """Retention of the authentication trail (AUTH_EVENT_RETENTION_DAYS, default a year).
    Idempotent: a second run finds nothing older than the cutoff."""
    from .events import purge

    return purge()
