from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = _("Trust")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ibbis.api import connect_figure_invalidation

        connect_figure_invalidation()
