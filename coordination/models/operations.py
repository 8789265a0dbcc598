"""What the daily sweep did and when: read by /healthz and /metrics (docs/operations.md)."""
import uuid

from django.db import models


class SweepRun(models.Model):
    """One successful run of the deadline sweep, written in the sweep's own transaction, so
    a row exists only for a sweep that committed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    day = models.DateField(help_text="The day swept (Europe/Copenhagen).")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(db_index=True)
    duration_seconds = models.FloatField()
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-finished_at"]

    def __str__(self):
        return f"sweep {self.day} at {self.finished_at:%Y-%m-%d %H:%M}"
