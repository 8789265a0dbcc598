"""Celery tasks of the trust app (the access log's purge moved to ibbis/audit/tasks.py)."""
from celery import shared_task

from trust.services import relational_survey_remind as relational_survey_remind_service


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def relational_survey_remind() -> int:
    """Tell professionals that a quarter's relational coordination survey is open. Beat runs
    it daily, so a quarter's reminders go out on its first day and anyone who joins a case
    later in the quarter is told then; once per person and quarter (the service's unique
    reminder row), so reruns and retries send nothing twice."""
    return relational_survey_remind_service()
