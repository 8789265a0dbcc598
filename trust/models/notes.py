import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trust.querysets import ConsentQuerySet, NoteQuerySet


class NoteScope(models.TextChoices):
    PRIVATE = "private", _("Private")
    SECTOR = "sector", _("Own organisation")
    TEAM = "team", _("Team")
    SHARED = "shared", _("Shared with the service user")


class Note(models.Model):
    """A note on a case; who may read it is `Note.objects.for_user` (DOMAIN.md, Note scopes).
    The author's role and organisation are copied at writing, so a later change of either
    never widens or narrows who reads what was written."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("coordination.Case", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes_written"
    )
    author_role = models.CharField(max_length=32)
    author_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    scope = models.CharField(_("scope"), max_length=10, choices=NoteScope.choices)
    text = models.TextField(_("text"))
    meeting = models.ForeignKey(
        "coordination.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=NoteScope.values), name="note_scope_valid"
            ),
        ]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self):
        return f"{self.get_scope_display()} note {self.created_at:%Y-%m-%d}"


class ConsentKind(models.TextChoices):
    SHARE_HEALTH_WITH_JOBCENTRE = (
        "share_health_with_jobcentre",
        _("Share health information with the jobcentre"),
    )


class Consent(models.Model):
    """A consent the service user gives and may revoke (DOMAIN.md, Note scopes). Rows are
    never deleted: revoking sets `revoked_at`, so the full history stays readable."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "coordination.Case", on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(max_length=40, choices=ConsentKind.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ConsentKind.values), name="consent_kind_valid"
            ),
        ]

    def is_active(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and (self.expires_on is None or self.expires_on > today)
