"""Celery tasks of the coordination app: ids in, idempotent, retries explicit."""
from celery import shared_task
from django.db import OperationalError

from coordination.services.notifications import notifications_mail_send
from coordination.services.sweep import deadlines_sweep


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def sweep_deadlines(self) -> dict[str, int]:
    """The daily sweep (beat: 06:00 Europe/Copenhagen). A retry or a second run sends
    nothing twice: the notifications' unique constraint decides."""
    return deadlines_sweep()


@shared_task
def notifications_mail(notification_ids: list[str]) -> int:
    """Kept for tasks queued before the outbox: puts these notifications into the outbox
    (ibbis/outbox), which mails each once; returns how many it added."""
    return notifications_mail_send(notification_ids=notification_ids)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def pseudonymise_closed_cases(self, today: str | None = None) -> dict[str, int]:
    """Nightly retention (beat: 02:15 Europe/Copenhagen): pseudonymise the closed cases past
    RETENTION["closed_case_years"] as of `today` (ISO date; default the local day). Each case
    is marked when done, so a retry or a second run changes nothing."""
    from datetime import date

    from django.utils import timezone

    from coordination.services.retention import pseudonymise_due_cases

    day = date.fromisoformat(today) if today else timezone.localdate()
    return pseudonymise_due_cases(today=day)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def transfer_request_mail(self, transfer_id: str) -> int:
    """Tell the receiving organisation's managers that a transfer request waits for them:
    no name, no case, only a link (DOMAIN.md: nothing of a case in e-mails)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from coordination.models import TransferRequest
    from ibbis.accounts.models import Role, User

    transfer = TransferRequest.objects.filter(pk=transfer_id, status="pending").first()
    if transfer is None:
        return 0
    recipients = list(
        User.objects.filter(role=Role.MANAGER, organisation_id=transfer.to_organisation_id,
                            is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    send_mail(
        subject=_("A transfer request waits for you in IBBIS Coordination"),
        message=_(
            "Another organisation asks yours to take over a case. Answer it in IBBIS "
            "Coordination: %(url)s\n"
        ) % {"url": reverse("coordination:transfer_list")},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
