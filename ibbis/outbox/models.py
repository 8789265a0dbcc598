"""The outbox: one row per recipient per mail, written in the transaction of the change that
causes the mail, delivered by a worker that claims it, sends it and marks it sent.

States (docs/operations.md, The outbox):

    pending ──claim──> sending ──sent──> sent
       ^                  │
       │                  ├─ the server refused for now ──> failed (next_attempt_at) ─┐
       │                  ├─ nothing to send any more ───> cancelled                  │
       │                  └─ refused for good, or too many attempts ──> dead          │
       └──────────── a claim older than OUTBOX["stale_claim_seconds"] is claimed again ┘

`key` is unique: whatever enqueues a mail twice (a retried task, two sweeps at once) adds
one row. No content is stored: a row names what to render (`kind`, `ref`, `params`) and
whom to mail (`recipient`); the renderer of the kind builds the mail when it is sent.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be retried")
    DEAD = "dead", _("Given up")
    CANCELLED = "cancelled", _("Cancelled")


UNSENT = (OutboxState.PENDING, OutboxState.SENDING, OutboxState.FAILED)


class OutboxMessage(models.Model):
    id = models.BigAutoField(primary_key=True)
    # e.g. "meeting:<id>:seq:<n>:user:<id>", "notification:<id>", "welcome:<id>".
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    ref = models.CharField(max_length=100, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Only the kind "plain" keeps its text here (mail with no object to render it from).
    subject = models.CharField(max_length=255, blank=True, default="")
    body = models.TextField(blank=True, default="")
    state = models.CharField(
        max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The error's class and SMTP code only: server texts can quote the address.
    last_error = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["state", "next_attempt_at"],
                name="outbox_due",
                condition=Q(state__in=["pending", "sending", "failed"]),
            ),
            models.Index(fields=["claim_token"], name="outbox_claim"),
            # /healthz's oldest unsent mail, dead rows included, on every probe (issue 20):
            # the rows not yet sent, not every mail ever sent.
            models.Index(fields=["created_at"], name="outbox_unsent_age",
                         condition=Q(state__in=["pending", "sending", "failed", "dead"])),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=OutboxState.values), name="outbox_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.key} ({self.state})"

    def message_id(self) -> str:
        """The same Message-ID for every attempt: a copy that arrives twice (the worker lost
        between the server's acceptance and the mark) is recognisable as one message."""
        return f"<outbox.{self.pk}.{uuid.uuid5(uuid.NAMESPACE_URL, self.key).hex}@ibbis>"
