"""The tasks moved into coordination/tasks/ (issue 16) under the names they had: the beat
schedule and messages already queued in Redis find them by name."""
from ibbis.celery import app


def test_coordination_tasks_keep_their_names_after_the_move():
    app.loader.import_default_modules()
    names = {name for name in app.tasks if name.startswith("coordination.")}
    assert names == {
        "coordination.tasks.notifications_mail",
        "coordination.tasks.pseudonymise_closed_cases",
        # New with issue 18 (the service user's reminders), named like its neighbours.
        "coordination.tasks.send_reminders",
        "coordination.tasks.sweep_deadlines",
        "coordination.tasks.transfer_request_mail",
        "coordination.tasks_meetings.meeting_invitations_send",
    }


def test_every_scheduled_task_is_registered():
    from django.conf import settings

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
