import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trust.querysets import FeedbackQuerySet

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class MeetingFeedback(models.Model):
    """Anonymous feedback after a held meeting (DOMAIN.md, Why trust: "two against one").

    The author is deliberately not stored; once-per-meeting is the unique meeting constraint
    (only the meeting's service user may give it). Professionals never read a single answer:
    only `trust.selectors.feedback_summary` reads these rows.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.OneToOneField(
        "coordination.Meeting", on_delete=models.CASCADE, related_name="feedback"
    )
    felt_safe = models.PositiveSmallIntegerField(_("I felt safe"), validators=SCORE_VALIDATORS)
    felt_heard = models.PositiveSmallIntegerField(_("I felt heard"), validators=SCORE_VALIDATORS)
    understood_next_steps = models.PositiveSmallIntegerField(
        _("I understood the next steps"), validators=SCORE_VALIDATORS
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(felt_safe__gte=1, felt_safe__lte=5)
                & Q(felt_heard__gte=1, felt_heard__lte=5)
                & Q(understood_next_steps__gte=1, understood_next_steps__lte=5),
                name="feedback_scores_1_to_5",
            ),
        ]
