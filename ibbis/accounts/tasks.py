from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import User


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_welcome_mail(self, user_id: str) -> bool:
    """Tell a new account holder that their account exists. Sent at most once.

    The conditional UPDATE claims the send atomically, so a retried or duplicated task
    finds nothing to claim and sends nothing.
    """
    claimed = User.objects.filter(pk=user_id, welcome_sent_at__isnull=True).update(
        welcome_sent_at=timezone.now()
    )
    if not claimed:
        return False
    user = User.objects.get(pk=user_id)
    try:
        send_mail(
            subject=_("Your IBBIS Coordination account"),
            message=_(
                "Hello %(name)s,\n\nAn account with the username %(username)s has been "
                "created for you in IBBIS Coordination.\n"
            ) % {"name": user.display_name, "username": user.username},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except OSError:
        # Release the claim so the retry can send.
        User.objects.filter(pk=user_id).update(welcome_sent_at=None)
        raise
    return True


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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_account_change_mail(change_id: str, outcome: str, recipients: list[str]) -> bool:
    """Tell an account's owner about an administrator's change (four eyes, issue 13)."""
    from .models import AccountChangeRequest

    change = AccountChangeRequest.objects.select_related("account").filter(pk=change_id).first()
    if change is None or outcome not in _CHANGE_OUTCOMES:
        return False
    account = change.account
    body = _("Hello %(name)s,\n\n") % {"name": account.display_name} + _(
        _CHANGE_OUTCOMES[outcome]
    ) % {"username": account.username, "what": ", ".join(change.described())}
    send_mail(
        subject=_("A change to your IBBIS Coordination account"),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_account_deactivated_mail(user_id: str) -> bool:
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return False
    send_mail(
        subject=_("Your IBBIS Coordination account has been switched off"),
        message=_(
            "Hello %(name)s,\n\nAn administrator has switched off your IBBIS Coordination "
            "account (%(username)s). If you did not expect this, tell your organisation's "
            "contact for IBBIS.\n"
        ) % {"name": user.display_name, "username": user.username},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    return True
