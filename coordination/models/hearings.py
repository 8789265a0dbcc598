"""The hearing before a decision (partshøring, forvaltningsloven § 19; issue 18): the
employment consultant shows the service user a proposed decision and the information it
rests on, with a date to answer by, and the service user answers in the product.

A hearing is `open` until answered, withdrawn or closed by the decision it was about. Only
one hearing of a case is pending (open or answered, not yet decided) at a time: a
partial unique constraint holds that even for two sends at once."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cases import Case, ExtensionDecision, ExtensionGround


class HearingStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECIDED = "decided", _("Decided")


# Not yet decided or withdrawn: the decision it is about is still to be taken.
PENDING_HEARING_STATUSES = (HearingStatus.OPEN, HearingStatus.ANSWERED)


class HearingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Hearings of the cases the user sees; what is in one is case content, checked
        with `coordination.read_case_content` (coordination.access.get_hearing_for_user)."""
        return self.filter(case__in=Case.objects.for_user(user))

    def pending(self):
        return self.filter(status__in=PENDING_HEARING_STATUSES)


class Hearing(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    proposed_ground = models.CharField(
        _("proposed decision"), max_length=10, choices=ExtensionGround.choices
    )
    basis = models.TextField(_("the information the decision would rest on"))
    sent_on = models.DateField(_("sent on"))
    answer_by = models.DateField(_("answer by"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=HearingStatus.choices, default=HearingStatus.OPEN
    )
    answer = models.TextField(_("your answer"), blank=True, default="")
    answered_on = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        ExtensionDecision, on_delete=models.SET_NULL, related_name="hearings",
        null=True, blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HearingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status__in=["open", "answered"]),
                name="one_pending_hearing_per_case",
            ),
            models.CheckConstraint(
                condition=Q(status__in=HearingStatus.values), name="hearing_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(answer_by__gte=models.F("sent_on")),
                name="hearing_answer_by_after_sent",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | (~Q(answer="") & Q(answered_on__isnull=False)),
                name="hearing_answered_has_answer",
            ),
        ]

    @property
    def late(self) -> bool:
        """Answered after the date to answer by: still accepted, and marked so."""
        return self.answered_on is not None and self.answered_on > self.answer_by

    @property
    def pending(self) -> bool:
        return self.status in PENDING_HEARING_STATUSES
