from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

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
