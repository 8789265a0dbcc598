from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Celery's autodiscovery finds only coordination.tasks; the meeting tasks live apart.
        import coordination.tasks_meetings
        from coordination.services import notifications
        from ibbis.outbox import registry

        registry.register(
            "meeting_invitation",
            render=coordination.tasks_meetings.invitations_render,
            sent=coordination.tasks_meetings.invitations_sent,
        )
        registry.register(
            "notification",
            render=notifications.notifications_render,
            sent=notifications.notifications_sent,
        )
