import uuid

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    JOBCENTRE = "jobcentre", _("Jobcentre")
    MENTAL_HEALTH = "mental_health", _("Mental health care")


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    CARE_MANAGER = "care_manager", _("Care manager")
    EMPLOYMENT_CONSULTANT = "employment_consultant", _("Employment consultant")
    MANAGER = "manager", _("Manager")
    SERVICE_USER = "service_user", _("Service user")
    ADMIN = "admin", _("Administrator")


PROFESSIONAL_ROLES = (Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT)
ORGANISATION_ROLES = (*PROFESSIONAL_ROLES, Role.MANAGER)
# The organisation kind each professional role belongs to (DOMAIN.md, People and organisations).
ROLE_ORGANISATION_KIND = {
    Role.CARE_MANAGER: OrganisationKind.MENTAL_HEALTH,
    Role.EMPLOYMENT_CONSULTANT: OrganisationKind.JOBCENTRE,
}


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    welcome_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            # Professionals and managers belong to an organisation; nobody else does.
            models.CheckConstraint(
                condition=(
                    Q(role__in=ORGANISATION_ROLES, organisation__isnull=False)
                    | (~Q(role__in=ORGANISATION_ROLES) & Q(organisation__isnull=True))
                ),
                name="user_organisation_matches_role",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    @property
    def is_professional(self):
        return self.role in PROFESSIONAL_ROLES

    @property
    def is_manager(self):
        return self.role == Role.MANAGER

    @property
    def is_service_user(self):
        return self.role == Role.SERVICE_USER

    @property
    def is_admin_role(self):
        return self.role == Role.ADMIN
