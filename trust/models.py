import uuid

from django.conf import settings
from django.db import models

from coordination.querysets import CaseScopedQuerySet


class AccessLogQuerySet(CaseScopedQuerySet):
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


class AccessLogEntry(models.Model):
    """Append-only: who read what of a case, when. Written only by
    `trust.services.access_log_record`; there is no update or delete path."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "coordination.Case", on_delete=models.CASCADE, related_name="access_log"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    who_name = models.CharField(max_length=300)
    role = models.CharField(max_length=32)
    organisation = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["case", "-at"])]
