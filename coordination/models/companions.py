"""A companion (bisidder) the service user brings to one meeting (issue 18).

The service user grants it: a person they name, with their relation and e-mail, gets an
account that sees that meeting, its agenda and the case's shared plan, until the end of the
day after the meeting (Copenhagen) or until the service user revokes it. Forvaltningsloven
§ 8 (stk. 1) gives a party the right to be accompanied by another person at any stage of
a case; the grant is the service user's, so only they invite and revoke."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.querysets import CaseScopedQuerySet

from .meetings import Meeting


class MeetingCompanionQuerySet(CaseScopedQuerySet):
    case_field = "meeting__case"

    def active(self, now=None):
        """Not revoked, and the account's access not ended."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True,
                           user__access_until__gt=now)


class MeetingCompanion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="companions")
    # The companion's own account (role `companion`), one per grant.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="companion_grant"
    )
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation to you"), max_length=100)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingCompanionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("companion")
        verbose_name_plural = _("companions")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="meeting_companion_named"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return (self.revoked_at is None and self.user.is_active
                and not self.user.access_has_ended())
