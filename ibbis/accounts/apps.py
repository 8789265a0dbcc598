from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ibbis.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the signal receivers: the authentication audit trail (events), and the end
        # of API tokens when a password changes or an account is deactivated (tokens); the
        # welcome mail goes through the outbox.
        from ibbis.outbox import registry

        from . import events, tasks, tokens  # noqa: F401 (receivers connect on import)
        from .oidc import backchannel, checks  # noqa: F401 (receivers; the system check)

        registry.register("welcome", render=tasks.welcome_render, sent=tasks.welcome_sent)
        registry.register("account_notice", render=tasks.account_notice_render)
        # A companion's one-time link (issue 18): the token is made as the mail is rendered.
        from .companions import companion_invitation_render

        registry.register("companion_invitation", render=companion_invitation_render)
