import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coordination.querysets import CaseScopedQuerySet

from .cases import Case


class MeetingKind(models.TextChoices):
    ROUNDTABLE = "roundtable", _("Roundtable meeting")
    FOLLOW_UP = "follow_up", _("Follow-up conversation")
    # Issue 21: the professionals of both organisations together, no service user and no
    # case (trust/services/supervision.py).
    SUPERVISION = "supervision", _("Shared supervision")


# The kinds a case's meeting may be (a supervision has no case).
CASE_MEETING_KINDS = (MeetingKind.ROUNDTABLE, MeetingKind.FOLLOW_UP)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Null only for a shared supervision, which belongs to no case (the constraint below).
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="meetings", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    # Grows with each change to the minutes (0: none yet). A service user's response to the
    # minutes names the version it answered, so a change after an approval reopens them.
    minutes_version = models.PositiveIntegerField(default=0)
    # RFC 5545: the UID never changes; SEQUENCE grows with each reschedule or cancellation.
    ical_uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # The last SEQUENCE whose invitation or update was mailed: the mail task claims a
    # sequence with a conditional UPDATE, so each version is mailed once however often it runs.
    mailed_sequence = models.IntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=MeetingKind.SUPERVISION, case__isnull=True)
                | (~Q(kind=MeetingKind.SUPERVISION) & Q(case__isnull=False)),
                name="meeting_case_unless_supervision",
            ),
        ]
        indexes = [models.Index(fields=["case", "starts_at"]), models.Index(fields=["starts_at"])]

    def __str__(self):
        # Local time in the reader's language; UTC was 1-2 hours off (issue 17).
        from coordination.dates import human_datetime

        return f"{self.get_kind_display()} {human_datetime(self.starts_at)}"


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Not recorded")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class MeetingParticipant(models.Model):
    """A person invited to a meeting, with their attendance once it is held. The meeting's
    times are copied here so overlap checks (double booking) are one indexed query."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_participations"
    )
    role = models.CharField(max_length=32)
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="participant_once_per_meeting"
            ),
        ]
        indexes = [models.Index(fields=["user", "starts_at", "ends_at"])]
