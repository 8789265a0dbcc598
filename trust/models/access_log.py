import uuid

from django.conf import settings
from django.db import models

from coordination.querysets import CaseScopedQuerySet
from ibbis.audit_actions import access_action_label
from ibbis.retention import AppendOnlyError, AppendOnlyQuerySetMixin  # noqa: F401 (re-exported)


class AccessLogQuerySet(AppendOnlyQuerySetMixin, CaseScopedQuerySet):
    def for_user(self, user):
        """The service user and the case's professionals read a case's log (API.md)."""
        from coordination.models import Case
        from ibbis.accounts.models import PROFESSIONAL_ROLES, Role

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == Role.SERVICE_USER:
            return self.filter(case__service_user=user)
        if user.role in PROFESSIONAL_ROLES:
            return self.filter(case__in=Case.objects.for_user(user))
        return self.none()

    # DOMAIN.md, Note scopes: the log is the service user's record of who looked; nothing
    # may rewrite it (AppendOnlyQuerySetMixin). Retention: trust.services.access_log_purge.
    append_only_rows = "Access log entries"


class AccessLogEntry(models.Model):
    """Append-only: who read what of a case, when. Written only by
    `trust.services.access_log_record`; removed only by retention
    (`trust.services.access_log_purge`). On PostgreSQL a trigger refuses UPDATE and DELETE."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "coordination.Case", on_delete=models.CASCADE, related_name="access_log"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: an account that has read a case is deactivated, never deleted, so the entry
    # keeps pointing at it (and SET_NULL would be an UPDATE the trigger refuses).
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    who_name = models.CharField(max_length=300)
    role = models.CharField(max_length=32)
    organisation = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["case", "-at"]),
            # A reader's latest entry of one kind (trust.services.access_log_last_at).
            models.Index(fields=["who", "action", "-at"], name="access_log_who_action_at"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Access log entries cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access log entries are removed only by the retention task.")

    @property
    def action_label(self) -> str:
        """What the read was, in the reader's language (ibbis/audit_actions.py)."""
        return access_action_label(self.action)
