"""Celery tasks of the coordination app, one module per noun: ids in, idempotent, retries
explicit. Celery's autodiscovery imports this package, so every task module is imported here;
each task keeps its name (`name=`) from before the package, which the beat schedule
(ibbis/settings/base.py) and messages already queued use. The retention task moved to
ibbis/retention/tasks.py with its name."""
from .deadlines import notifications_mail, sweep_deadlines
from .meetings import meeting_invitations_send
from .reminders import send_reminders
from .transfers import transfer_request_mail

__all__ = [
    "meeting_invitations_send",
    "notifications_mail",
    "send_reminders",
    "sweep_deadlines",
    "transfer_request_mail",
]
