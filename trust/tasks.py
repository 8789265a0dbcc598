from celery import shared_task

from trust.services import access_log_purge


@shared_task
def purge_access_log() -> int:
    """Retention of the access log (default 2 years, ACCESS_LOG_RETENTION_DAYS). Idempotent:
    a second run finds nothing older than the cutoff. Celery beat runs it nightly."""
    return access_log_purge()
