import uuid

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
    from .models import ProviderSession

    deleted, _counts = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    ProviderSession.objects.exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()
    return deleted


@shared_task
def purge_auth_events() -> int:
    """Retention of the authentication trail (AUTH_EVENT_RETENTION_DAYS, default a year).
    Idempotent: a second run finds nothing older than the cutoff."""
    from .events import purge

    return purge()


_CHANGE_OUTCOMES = {
    # What the owner reads: which parts of the account, never a value, never case content.
    "requested": gettext_noop(
        "An administrator has asked to change your IBBIS Coordination account "
        "(%(username)s): %(what)s. Nothing changes until a second administrator approves it.\n"
        "If you did not expect this, tell your organisation's contact for IBBIS at once.\n"
    ),
    "approved": gettext_noop(
        "A change to your IBBIS Coordination account (%(username)s) has been approved by a "
        "second administrator and made: %(what)s.\n"
        "If you did not expect this, tell your organisation's contact for IBBIS at once.\n"
    ),
    "refused": gettext_noop(
        "A requested change to your IBBIS Coordination account (%(username)s) was refused; "
        "nothing has changed: %(what)s.\n"
    ),
}


def account_notice_render(rows) -> dict:
    """Owner notices keep their text in the row (kind "account_notice"); `params["to"]` is
    the address when it is not the account's current one (an e-mail change also tells the
    old address)."""
    return {
        row.pk: EmailMessage(subject=row.subject, body=row.body,
                             to=[row.params.get("to") or row.recipient.email])
        if (row.params.get("to") or row.recipient.email) else None
        for row in rows
    }


def account_change_notice_enqueue(change, outcome: str, recipients: list[str]) -> None:
    """Tell an account's owner about an administrator's change (four eyes, issue 13), through
    the outbox in the caller's transaction: which parts change, never a value."""
    if outcome not in _CHANGE_OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    account = change.account
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A change to your IBBIS Coordination account")
        body = _("Hello %(name)s,\n\n") % {"name": account.display_name} + _(
            _CHANGE_OUTCOMES[outcome]
        ) % {"username": account.username, "what": ", ".join(change.described())}
    for address in recipients:
        outbox_add(kind="account_notice", key=f"account-change:{change.pk}:{outcome}:{address}",
                   recipient=account, params={"to": address}, subject=subject, body=body)


def account_deactivated_notice_enqueue(user: User) -> None:
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your IBBIS Coordination account has been switched off")
        body = _(
            "Hello %(name)s,\n\nAn administrator has switched off your IBBIS Coordination "
            "account (%(username)s). If you did not expect this, tell your organisation's "
            "contact for IBBIS.\n"
        ) % {"name": user.display_name, "username": user.username}
    outbox_add(kind="account_notice", key=f"account-deactivated:{user.pk}:{uuid.uuid4()}",
               recipient=user, subject=subject, body=body)
