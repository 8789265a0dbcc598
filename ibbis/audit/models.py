"""The access log's one model (DOMAIN.md, Note scopes: the service user's record of who
looked). The table keeps its name from when it lived in trust (`trust_accesslogentry`, with
its PostgreSQL append-only trigger): the move to this app changed Django's state only
(migrations/0001_initial.py, trust/migrations/0005_access_log_to_audit.py)."""
import uuid

from django.conf import settings
from django.db import models

from ibbis.accounts.models import PROFESSIONAL_ROLES, Role
from ibbis.append_only import AppendOnlyError, AppendOnlyQuerySetMixin  # noqa: F401 (re-exported)

from .actions import access_action_label


class AccessLogQuerySet(AppendOnlyQuerySetMixin, models.QuerySet):
    def for_user(self, user):
        """The service user and the case's professionals read a case's log (API.md).

        A professional reads the log of exactly the cases they see: the case model's own
        `for_user`, reached through the `case` foreign key rather than an import, so this
        layer stays below coordination (docs/decisions.md, "The access log below the apps").
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == Role.SERVICE_USER:
            return self.filter(case__service_user=user)
        if user.role in PROFESSIONAL_ROLES:
            cases = self.model._meta.get_field("case").related_model._default_manager
            return self.filter(case__in=cases.for_user(user))
        return self.none()

    # Nothing may rewrite the log (AppendOnlyQuerySetMixin). Retention:
    # ibbis.audit.services.access_log_purge.
    append_only_rows = "Access log entries"


class AccessLogEntry(models.Model):
    """Append-only: who read what of a case, when. Written only by
    `ibbis.audit.services.access_log_record`; removed only by retention
    (`ibbis.audit.services.access_log_purge`). On PostgreSQL a trigger refuses UPDATE and
    DELETE."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No single-column indexes on `case` and `who`: the composite indexes below lead with
    # them and serve every lookup (and the cascade); the log grows fastest of all tables
    # (issue 20, docs/operations.md: 1,000,000 cases x 2 years), so each index costs.
    case = models.ForeignKey(
        "coordination.Case", on_delete=models.CASCADE, related_name="access_log",
        db_index=False,
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: an account that has read a case is deactivated, never deleted, so the entry
    # keeps pointing at it (and SET_NULL would be an UPDATE the trigger refuses).
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        db_index=False,
    )
    who_name = models.CharField(max_length=300)
    role = models.CharField(max_length=32)
    organisation = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    # Read under emergency access (break the glass, DOMAIN.md, Note scopes; API.md,
    # access-log row `"emergency": true`): the reader was not on the case.
    emergency = models.BooleanField(default=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        db_table = "trust_accesslogentry"
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["case", "-at"]),
            # A reader's latest entry of one kind (ibbis.audit.services.access_log_last_at).
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
        """What the read was, in the reader's language (ibbis/audit/actions.py)."""
        return access_action_label(self.action)
