from celery import shared_task

from trust.services import access_log_purge


@shared_task
def purge_access_log() -> int:
    """Retention of the access log (default 2 years, ACCESS_LOG_RETENTION_DAYS). Idempotent:
    a second run finds nothing older than the cutoff. Celery beat runs it nightly."""
    return access_log_purge()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def relational_survey_remind() -> int:
    """Tell professionals that a quarter's relational coordination survey is open. Beat runs
    it daily, so a quarter's reminders go out on its first day and anyone who joins a case
    later in the quarter is told then; once per person and quarter (the service's unique
    reminder row), so reruns and retries send nothing twice."""
    from trust.services import relational_survey_remind as remind

    return remind()
