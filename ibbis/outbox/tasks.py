"""The outbox's tasks: one delivery task, queued after each commit that adds mail (a kick)
and by beat every minute (the re-drive); and the nightly purge of sent rows."""
from celery import shared_task

from .services import outbox_deliver as _deliver
from .services import outbox_purge


@shared_task(ignore_result=True)
def outbox_deliver() -> dict[str, int]:
    """Deliver what is due. Safe to run any number of times at once: rows are claimed."""
    return _deliver()


@shared_task(ignore_result=True)
def outbox_purge_sent() -> int:
    return outbox_purge()
