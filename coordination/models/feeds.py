import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


def hash_feed_token(token: str) -> str:
    """Feed tokens are stored as SHA-256: a long random secret needs no slow hash, and a
    leaked database row must not open anyone's calendar."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A professional's secret calendar URL. Only the token's hash is kept; the token itself
    is shown once, when made. Rotating revokes the current feed and makes a new one;
    revoking keeps the row (when it was made and ended), so an old URL answers 404."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # When it was last read is not stamped here (a GET would write it): the access log
    # holds it (coordination.calendar_feed.feed_last_read).

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_user",
            ),
        ]
