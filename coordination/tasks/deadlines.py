"""The deadline tasks: the daily sweep and the notifications it raises. Task names are
explicit (the beat schedule and queued messages know them by the old flat module)."""
from celery import shared_task
from django.db import OperationalError

from coordination.services.notifications import notifications_mail_send
from coordination.services.sweep import deadlines_sweep


@shared_task(
    name="coordination.tasks.sweep_deadlines",
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3,
)
def sweep_deadlines(self) -> dict[str, int]:
    """The daily sweep (beat: 06:00 Europe/Copenhagen). A retry or a second run sends
    nothing twice: the notifications' unique constraint decides."""
    return deadlines_sweep()


@shared_task(name="coordination.tasks.notifications_mail")
def notifications_mail(notification_ids: list[str]) -> int:
    """Kept for tasks queued before the outbox: puts these notifications into the outbox
    (ibbis/outbox), which mails each once; returns how many it added."""
    return notifications_mail_send(notification_ids=notification_ids)
