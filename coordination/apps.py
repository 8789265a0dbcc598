from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from coordination import case_organisations
        from coordination.services import notifications, reminders
        from ibbis.accounts.models import User

        # An account that moves organisation takes its cases' sides along (issue 20).
        post_save.connect(case_organisations.follow_account, sender=User,
                          dispatch_uid="coordination.case_organisations.follow_account")
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
