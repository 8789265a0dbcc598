"""A request to move one role of a case to another organisation (the person moves
municipality, or to another psychiatry): the receiving organisation's manager accepts it and
names the new professional, or declines it (issue 13; API.md, handover row)."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class TransferRequestQuerySet(models.QuerySet):
    def for_user(self, user):
        """The requests a user may see: those addressed to the organisation they manage,
        and those of the cases they see (the sending side). Seeing a request is not
        seeing its case: the receiving manager reads only the request's own fields."""
        from coordination.models import Case
        from ibbis.accounts.models import Role

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        visible = Q(case__in=Case.objects.for_user(user))
        if user.role == Role.MANAGER and user.organisation_id is not None:
            visible |= Q(to_organisation_id=user.organisation_id)
        return self.filter(visible)


class TransferRequest(models.Model):
    ROLE_CHOICES = [
        ("care_manager", _("Care manager")),
        ("employment_consultant", _("Employment consultant")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "coordination.Case", on_delete=models.CASCADE, related_name="transfer_requests"
    )
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="incoming_transfers"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    new_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )

    objects = TransferRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open request per role of a case: two would race for the same seat.
            models.UniqueConstraint(
                fields=["case", "role"],
                condition=Q(status="pending"),
                name="one_pending_transfer_per_role",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined"]),
                name="transfer_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["to_organisation", "status", "-created_at"],
                                name="transfer_incoming")]
