"""Emergency access (break the glass; DOMAIN.md, Roles and access; API.md,
`POST /api/cases/{id}/emergency-access/`): a professional of one of the case's organisations
who is not on the case reads it for 24 hours with a written reason. The rows are the record
of who broke the glass and why; nothing changes or deletes them."""
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.querysets import CaseScopedQuerySet


class EmergencyAccessQuerySet(CaseScopedQuerySet):
    def open(self, now=None):
        """Still running: read access until `expires_at`, exactly (not at it)."""
        return self.filter(expires_at__gt=now or timezone.now())


class EmergencyAccess(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "coordination.Case", on_delete=models.CASCADE, related_name="emergency_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    # The organisation the professional took it for (its manager is told and sees it on the
    # dashboard): kept as it was, should the account later move.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "case", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("started_at")),
                name="emergency_access_expires_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.case_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.expires_at > timezone.now()
