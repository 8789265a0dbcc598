"""The nightly retention task (docs/operations.md, retention). Its name is the one it had in
coordination/tasks/ (the beat schedule and queued messages use it)."""
from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="coordination.tasks.pseudonymise_closed_cases",
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3,
)
def pseudonymise_closed_cases(self, today: str | None = None) -> dict[str, int]:
    """Nightly retention (beat: 02:15 Europe/Copenhagen): pseudonymise the closed cases past
    RETENTION["closed_case_years"] as of `today` (ISO date; default the local day). Each case
    is marked when done, so a retry or a second run changes nothing."""
    from datetime import date

    from django.utils import timezone

    from ibbis.retention.services import pseudonymise_due_cases

    day = date.fromisoformat(today) if today else timezone.localdate()
    return pseudonymise_due_cases(today=day)
