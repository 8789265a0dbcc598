"""The service user's voice at a meeting (issue 18): replies to the invitation, agenda items
of their own beside the professionals', and responses to the minutes.

Replies and minutes responses are kept as history (rows are added, never changed), so two
answers at once never clash: the latest row per participant is the one that counts, and an
earlier one stays readable for what was said when."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


class ReplyAnswer(models.TextChoices):
    COMING = "coming", _("Coming")
    CANNOT_COME = "cannot_come", _("Cannot come")
    OTHER_TIME = "other_time", _("Proposes another time")


class MeetingReply(models.Model):
    """One participant's answer to the invitation; the newest per participant counts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="replies")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32)
    answer = models.CharField(_("answer"), max_length=20, choices=ReplyAnswer.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__in=ReplyAnswer.values), name="meeting_reply_answer_valid"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "user", "-created_at"])]


class AgendaItem(models.Model):
    """A point someone on the case wants on a meeting's agenda. `by_service_user` is fixed
    when it is written, so the mark stays right after the case changes hands."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("agenda item"))
    by_service_user = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class MinutesResponseKind(models.TextChoices):
    APPROVE = "approve", _("Approved")
    COMMENT = "comment", _("Commented")
    DISSENT = "dissent", _("Disagrees")


# Comment and dissent say something: without words they would say nothing (issue 18).
NEEDS_TEXT = (MinutesResponseKind.COMMENT, MinutesResponseKind.DISSENT)


class MinutesResponse(models.Model):
    """The service user's response to one version of a meeting's minutes. A response counts
    while `minutes_version` is the meeting's: a change to the minutes reopens them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes_responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    response = models.CharField(
        _("response"), max_length=10, choices=MinutesResponseKind.choices
    )
    text = models.TextField(_("text"), blank=True)
    minutes_version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response__in=MinutesResponseKind.values),
                name="minutes_response_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(response=MinutesResponseKind.APPROVE) | ~Q(text=""),
                name="minutes_response_text_for_comment_and_dissent",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "-created_at"])]

    @property
    def is_current(self) -> bool:
        return self.minutes_version == self.meeting.minutes_version
