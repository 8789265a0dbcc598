from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "trust"
    verbose_name = _("Trust")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coordination.models import Case, CaseMembership, Deadline
        from coordination.signals import meeting_booked, meeting_page_context
        from coordination.templatetags.dates import register_code_labels
        from ibbis.accounts.models import User
        from ibbis.api import connect_figure_invalidation
        from trust import signals
        from trust.models import MeetingFeedback, NoteScope

        connect_figure_invalidation(Case, CaseMembership, Deadline, User, MeetingFeedback)
        # Coordination imports no higher app (issue 16, item 6): it tells trust.
        meeting_booked.connect(signals.copy_checklist_when_meeting_booked,
                               dispatch_uid="trust-checklist-on-booking")
        meeting_page_context.connect(signals.checklist_on_meeting_page,
                                     dispatch_uid="trust-checklist-on-meeting-page")
        register_code_labels(NoteScope)
