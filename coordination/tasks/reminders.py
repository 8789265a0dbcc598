"""The service user's reminders (issue 18): the sweep that queues them into the outbox."""
from celery import shared_task
from django.db import OperationalError

from coordination.services.reminders import reminders_sweep


@shared_task(
    name="coordination.tasks.send_reminders",
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3,
)
def send_reminders(self) -> dict[str, int]:
    """Beat runs it every hour in the daytime (Europe/Copenhagen); a retry or a second run
    queues nothing twice (the outbox's unique key per reminder)."""
    return reminders_sweep()
