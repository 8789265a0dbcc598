import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coordination.querysets import CaseScopedQuerySet

from .cases import Case


class Plan(models.Model):
    """The shared plan of a case. `version` grows with every change (optimistic concurrency:
    a write names the version it was based on; a stale one is refused with `stale_plan`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseScopedQuerySet.as_manager()


class GoalKind(models.TextChoices):
    TREATMENT = "treatment", _("Treatment")
    RETURN_TO_WORK = "return_to_work", _("Return to work")
    PERSONAL = "personal", _("Personal")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class GoalCommitment(models.TextChoices):
    """How binding a goal is, shown plainly to everyone (the jobcentre's power, made visible)."""

    BINDING = "binding", _("Binding under the law")
    AGREED = "agreed", _("Agreed with the jobcentre")
    VOLUNTARY = "voluntary", _("Voluntary")


class Goal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("kind"), max_length=20, choices=GoalKind.choices)
    description = models.TextField(_("description"))
    service_user_words = models.TextField(_("in the service user's own words"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    commitment = models.CharField(
        _("commitment"),
        max_length=10,
        choices=GoalCommitment.choices,
        default=GoalCommitment.VOLUNTARY,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=GoalKind.values), name="goal_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=GoalStatus.values), name="goal_status_valid"
            ),
        ]


class PlanChange(models.Model):
    """One entry per plan version: who changed what, when (the plan's history)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, related_name="changes")
    action = models.CharField(max_length=20)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_change_one_per_version"),
        ]


class PlanAcknowledgement(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user", "version"], name="acknowledge_once"),
        ]


class PlanComment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
