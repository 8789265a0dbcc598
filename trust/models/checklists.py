import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ChecklistPhase(models.TextChoices):
    BEFORE = "before", _("Before the meeting")
    DURING = "during", _("During the meeting")
    AFTER = "after", _("After the meeting")


PHASE_ORDER = {ChecklistPhase.BEFORE: 0, ChecklistPhase.DURING: 1, ChecklistPhase.AFTER: 2}


def pick_text(text_da: str, text_en: str) -> str:
    """The item text in the active language (Danish is the default)."""
    language = (get_language() or "da")[:2]
    if language == "en":
        return text_en or text_da
    return text_da or text_en


class ChecklistTemplate(models.Model):
    """A version of the trust-building checklist (DOMAIN.md, Default trust-building checklist).

    Each manager edit makes a new version; exactly one version is active per organisation,
    and one global version (organisation empty) is active for organisations without their own.
    Versions are never changed after creation, so each meeting's copy can name its source.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_templates",
    )
    version = models.PositiveIntegerField()
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_active=True),
                name="checklist_one_active_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True, organisation__isnull=True),
                name="checklist_one_active_global",
            ),
            models.UniqueConstraint(
                fields=["organisation", "version"], name="checklist_version_unique"
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(organisation__isnull=True),
                name="checklist_global_version_unique",
            ),
        ]

    def __str__(self):
        return f"{self.organisation or _('Default')} v{self.version}"


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    phase = models.CharField(max_length=10, choices=ChecklistPhase.choices)
    position = models.PositiveIntegerField()
    text_da = models.TextField()
    text_en = models.TextField()

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="checklist_item_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=ChecklistPhase.values), name="checklist_item_phase_valid"
            ),
        ]

    @property
    def text(self):
        return pick_text(self.text_da, self.text_en)


class MeetingChecklist(models.Model):
    """A meeting's own copy of the active template: later template edits never change it.
    One per meeting (the unique constraint makes a racing second copy fail, not duplicate)."""

    meeting = models.OneToOneField(
        "coordination.Meeting", on_delete=models.CASCADE, related_name="checklist"
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class MeetingChecklistItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checklist = models.ForeignKey(MeetingChecklist, on_delete=models.CASCADE, related_name="items")
    phase = models.CharField(max_length=10, choices=ChecklistPhase.choices)
    position = models.PositiveIntegerField()
    text_da = models.TextField()
    text_en = models.TextField()
    done = models.BooleanField(default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "position"], name="meeting_checklist_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=ChecklistPhase.values),
                name="meeting_checklist_phase_valid",
            ),
        ]

    @property
    def text(self):
        return pick_text(self.text_da, self.text_en)

    @property
    def text_to_service_user(self):
        """The item as the service user reads it: a question to them for the default items
        (trust.checklist_defaults.TO_THE_SERVICE_USER), a manager's own item as written."""
        from trust.checklist_defaults import TO_THE_SERVICE_USER

        words = TO_THE_SERVICE_USER.get(self.text_en.strip())
        return pick_text(*words) if words else self.text
