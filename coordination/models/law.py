"""Records the clock needs from issue 14's "Also in the law": waiting time in a public
hospital (§ 27, stk. 1, nr. 3) and the GP's certificate for the first follow-up (LÆ 285)."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coordination.querysets import CaseScopedQuerySet

from .cases import Case


class HospitalWaitingPeriod(models.Model):
    """Time spent waiting for treatment in a public hospital: left out of p27_3's 134 weeks
    (benefit_rules.p27_3_limit)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="waiting_periods")
    start = models.DateField(_("waiting from"))
    end = models.DateField(_("waiting until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="waiting_end_after_start"
            ),
        ]

    def as_rule(self) -> tuple:
        return (self.start, self.end)


class MedicalCertificateRequest(models.Model):
    """A LÆ 285 certificate the jobcentre asked the GP for, for the first follow-up
    conversation: a `medical_certificate` deadline on `due`, met when received by then."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="certificates")
    requested_on = models.DateField(_("requested on"))
    due = models.DateField(_("due"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["requested_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due__gte=F("requested_on")), name="certificate_due_after_request"
            ),
        ]
