from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coordination.services import notifications, reminders
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
        # The service user's reminders (issue 18): e-mail as every mail, text messages
        # through the SMS backend (ibbis/sms.py).
        from ibbis.sms import get_sms_connection

        registry.register("reminder_email", render=reminders.reminders_render_email)
        registry.register("reminder_sms", render=reminders.reminders_render_sms,
                          connection=get_sms_connection)
