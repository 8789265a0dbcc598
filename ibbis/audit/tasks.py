from celery import shared_task

from .services import access_log_purge


# The name from before the move (trust/tasks.py): the beat schedule and queued messages use it.
@shared_task(name="trust.tasks.purge_access_log")
def purge_access_log() -> int:
    """Retention of the access log (default 2 years, ACCESS_LOG_RETENTION_DAYS). Idempotent:
    a second run finds nothing older than the cutoff. Celery beat runs it nightly."""
    return access_log_purge()

