from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ibbis.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the authentication audit trail's signal receivers.
        from ibbis.outbox import registry

        from . import events, tasks  # noqa: F401 (events: its receivers connect on import)

        registry.register("welcome", render=tasks.welcome_render, sent=tasks.welcome_sent)
