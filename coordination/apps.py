from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coordination.services import notifications
        from coordination.tasks import meetings as meeting_tasks
        from ibbis.outbox import registry

        registry.register(
            "meeting_invitation",
            render=meeting_tasks.invitations_render,
            sent=meeting_tasks.invitations_sent,
        )
        registry.register(
            "notification",
            render=notifications.notifications_render,
            sent=notifications.notifications_sent,
        )
