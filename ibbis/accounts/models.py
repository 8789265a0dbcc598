import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ibbis.accounts.names import search_name_of
from ibbis.accounts.validators import validate_account, validate_name
from ibbis.append_only import AppendOnlyError, AppendOnlyQuerySetMixin  # noqa: F401 (re-exported)


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

    def clean(self):
        super().clean()
        try:
            validate_name(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error.error_list}) from error


class Role(models.TextChoices):
    CARE_MANAGER = "care_manager", _("Care manager")
    EMPLOYMENT_CONSULTANT = "employment_consultant", _("Employment consultant")
    MANAGER = "manager", _("Manager")
    SERVICE_USER = "service_user", _("Service user")
    ADMIN = "admin", _("Administrator")
    # Issue 18: a person the service user brings to one meeting (bisidder). The account
    # ends by itself (`access_until`) and sees that meeting, its agenda and the plan only
    # (ibbis/accounts/companion_scope.py, coordination.access.get_companion_grant).
    COMPANION = "companion", _("Companion")


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
    # A work phone for professionals, shown to the service user under "whom to contact"
    # (issue 17). Blank for service users; pseudonymisation clears it.
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    welcome_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Raised by "sign out everywhere": it is part of the session auth hash, so every session
    # made before the raise fails Django's own session verification.
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # Set when an administrator creates the account or sets its password: the next sign-in
    # goes to the password change page before anything else (PasswordChangeRequiredMiddleware).
    must_change_password = models.BooleanField(
        _("must change password at next sign-in"), default=False
    )
    # The first and last name folded for search (ibbis/accounts/names.py), kept by save();
    # trigram-indexed on PostgreSQL (migration 0010). Emptied with the names.
    search_name = models.CharField(max_length=320, blank=True, default="", editable=False)

    # When the account stops working by itself: set for a companion (issue 18), whose
    # access ends the day after their meeting; null for everyone else.
    access_until = models.DateTimeField(_("access ends"), null=True, blank=True)

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
            # A companion's account always ends (issue 18); no other account ends by itself.
            models.CheckConstraint(
                condition=Q(role="companion", access_until__isnull=False)
                | (~Q(role="companion") & Q(access_until__isnull=True)),
                name="user_access_until_only_companion",
            ),
        ]
        indexes = [
            # The sweep's overdue notices find an organisation's managers among a million
            # service users: a sequential scan of accounts_user before (issue 20).
            models.Index(fields=["organisation"], condition=Q(role="manager"),
                         name="user_managers"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.search_name = search_name_of(self.first_name, self.last_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # No lookalike or invisible characters in the username or the names (the admin's
        # forms and services.account_create both come through here).
        validate_account(self)
    @classmethod
    def from_db(cls, db, field_names, values):
        # What was read, so a save that changes the password or deactivates the account can
        # end its API tokens (ibbis/accounts/tokens.py).
        instance = super().from_db(db, field_names, values)
        instance._loaded_auth_state = instance.auth_state()
        return instance

    def auth_state(self):
        return (self.__dict__.get("password"), self.__dict__.get("is_active"))

    def get_session_auth_hash(self):
        return self._get_session_auth_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._get_session_auth_hash(secret=fallback_secret)

    def _get_session_auth_hash(self, secret=None):
        # Generation 0 hashes exactly as Django does, so sessions made before this field
        # existed stay valid; any later generation changes the hash.
        material = self.password
        if self.session_generation:
            material = f"{self.password}:{self.session_generation}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            material,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

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

    @property
    def is_companion(self):
        return self.role == Role.COMPANION

    @property
    def access_last_day(self):
        """The last local day of a companion's access (it ends at the midnight after it)."""
        if self.access_until is None:
            return None
        from datetime import timedelta

        from django.utils import timezone

        return timezone.localtime(self.access_until - timedelta(microseconds=1)).date()

    def access_has_ended(self, now=None) -> bool:
        """A companion whose access has run out (issue 18): refused at sign-in, by session
        and by token (ibbis/accounts/companion_scope.py). Revocation deactivates the account
        as well, which every one of those already refuses."""
        if self.role != Role.COMPANION:
            return False
        from django.utils import timezone

        return self.access_until is None or self.access_until <= (now or timezone.now())


class AuthEventKind(models.TextChoices):
    LOGIN = "auth.login", _("Signed in")
    LOGIN_FAILED = "auth.login_failed", _("Sign-in failed")
    LOCKED_OUT = "auth.locked_out", _("Locked out")
    LOGOUT = "auth.logout", _("Signed out")
    IDLE_TIMEOUT = "auth.idle_timeout", _("Signed out after inactivity")
    OTP_VERIFIED = "auth.otp_verified", _("Code accepted")
    OTP_FAILED = "auth.otp_failed", _("Wrong code")
    RECOVERY_CODE_USED = "auth.recovery_code_used", _("Recovery code used")
    TWO_FACTOR_ENABLED = "auth.two_factor_enabled", _("Two-factor turned on")
    TWO_FACTOR_DISABLED = "auth.two_factor_disabled", _("Two-factor turned off")
    RECOVERY_CODES_REGENERATED = "auth.recovery_codes_regenerated", _(
        "Recovery codes regenerated"
    )
    SIGN_OUT_EVERYWHERE = "auth.sign_out_everywhere", _("Signed out everywhere")
    TOKEN_ISSUED = "auth.token_issued", _("API token issued")
    TOKEN_REFUSED = "auth.token_refused", _("API token refused")
    # Four eyes on administrators' changes to accounts (issue 13; ibbis/accounts/approvals.py).
    ACCOUNT_CHANGE_REQUESTED = "admin.change_requested", _("Account change requested")
    ACCOUNT_CHANGE_APPROVED = "admin.change_approved", _("Account change approved")
    ACCOUNT_CHANGE_REFUSED = "admin.change_refused", _("Account change refused")
    ACCOUNT_DEACTIVATED = "admin.account_deactivated", _("Account deactivated")
    TOKEN_REVOKED = "auth.token_revoked", _("API token ended")
    PASSWORD_CHANGED = "auth.password_changed", _("Password changed")
    ENROLMENT_LINK_ISSUED = "auth.enrolment_link_issued", _("Enrolment link issued")
    ENROLMENT_LINK_USED = "auth.enrolment_link_used", _("Enrolment link used")
    # OpenID Connect (issue 19; ibbis/accounts/oidc/).
    OIDC_REFUSED = "auth.oidc_refused", _("Sign-in through an identity provider refused")
    IDENTITY_LINKED = "admin.identity_linked", _("Sign-in identity registered")
    IDENTITY_UNLINKED = "admin.identity_unlinked", _("Sign-in identity removed")


class EnrolmentLink(models.Model):
    """A one-time, expiring link an administrator issues so that a person who must sign in
    with two factors can set up their authenticator the first time (docs/decisions.md). The
    link and the password together reach the set-up step; the password alone does not. Only
    a SHA-256 digest of the link's secret is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links"
    )
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # The newest pending sign-in (password step) with this link: only it may confirm the
    # set-up, so a key noted in an earlier browser's attempt can never be confirmed
    # (two_factor.enrolment_sign_in_begin).
    attempt = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"enrolment link for {self.user_id}"


class AuthEventQuerySet(AppendOnlyQuerySetMixin, models.QuerySet):
    append_only_rows = "Authentication events"


class AuthEvent(models.Model):
    """Append-only trail of sign-ins, sign-outs and two-factor changes. Written only by
    `ibbis.accounts.events.record`; removed only by `events.purge` (retention). On PostgreSQL
    a trigger refuses UPDATE and DELETE. Never holds a password or a code."""

    kind = models.CharField(_("event"), max_length=40, choices=AuthEventKind.choices)
    # PROTECT: accounts are deactivated, never deleted (SET_NULL would be a refused UPDATE).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    # Who did it, when it is not the account's owner (an administrator's change).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuthEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("authentication event")
        verbose_name_plural = _("authentication events")
        indexes = [models.Index(fields=["username", "-created_at"])]

    def __str__(self):
        return f"{self.kind} {self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Authentication events cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Authentication events are removed only by retention.")


class AccountChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second administrator")
    APPROVED = "approved", _("Approved and applied")
    REFUSED = "refused", _("Refused")


class AccountChangeRequest(models.Model):
    """An administrator's change to an account that gives or takes access - its password,
    role, organisation, e-mail address, or turning it on - held until a different
    administrator approves it (four eyes; DOMAIN.md, Note scopes; issue 13). The new
    password is kept only as its hash and is dropped once the request is answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.PROTECT,
        related_name="change_requests",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    password_hash = models.CharField(max_length=256, blank=True, editable=False)
    sets_password = models.BooleanField(_("sets the password"), default=False)
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AccountChangeStatus.choices,
        default=AccountChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User, verbose_name=_("answered by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account change waiting for approval")
        verbose_name_plural = _("account changes waiting for approval")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AccountChangeStatus.values),
                name="account_change_status_valid",
            ),
            # The requester never answers their own request as approved.
            models.CheckConstraint(
                condition=~Q(status="approved") | ~Q(decided_by=models.F("requested_by")),
                name="account_change_four_eyes",
            ),
        ]

    def __str__(self):
        return f"{self.account} ({self.get_status_display()})"

    def described(self) -> list[str]:
        """The changes in words, for the owner's e-mail and the admin list (no values of
        secrets: a password is only "the password")."""
        names = {
            "role": _("role"), "organisation": _("organisation"), "email": _("e-mail address"),
            "is_active": _("account turned on"),
        }
        parts = [str(names.get(field, field)) for field in self.changes]
        if self.sets_password:
            parts.insert(0, str(_("password")))
        return parts


class SignInIdentity(models.Model):
    """Who may sign in through an OpenID Connect provider, registered by an administrator
    beforehand (issue 19): the provider's subject (`sub`; NemLog-in's is a pseudonym), or for
    a staff provider that allows it, the e-mail address in the ID token, bound to the subject
    at the first sign-in. Nobody is ever created from a sign-in, and the role and
    organisation are the account's own, never the provider's claims."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.SlugField(_("identity provider"), max_length=50)
    subject = models.CharField(_("subject at the provider"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail address at the provider"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE,
        related_name="sign_in_identities",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    # Four eyes, as for a password an administrator sets (docs/decisions.md): a registered
    # identity signs nobody in until a second administrator has approved it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(
        _("last sign-in"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["provider", "subject", "email"]
        verbose_name = _("sign-in identity")
        verbose_name_plural = _("sign-in identities")
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject="") | ~Q(email=""), name="sign_in_identity_subject_or_email"
            ),
            models.UniqueConstraint(
                fields=["provider", "subject"], condition=~Q(subject=""),
                name="sign_in_identity_unique_subject",
            ),
            models.UniqueConstraint(
                models.functions.Lower("email"), "provider", condition=~Q(email=""),
                name="sign_in_identity_unique_email",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | ~Q(approved_by=models.F("created_by")),
                name="sign_in_identity_four_eyes",
            ),
        ]

    def __str__(self):
        return f"{self.provider}: {self.subject or self.email}"

    def clean(self):
        super().clean()
        from .oidc.linking import identity_check

        identity_check(self)


class ProviderSession(models.Model):
    """Which of our sessions an OpenID Connect sign-in made, by the provider's session id
    (`sid`) and subject, so that the provider's back-channel logout can end exactly those
    (OpenID Connect Back-Channel Logout 1.0). Removed at sign-out and with expired sessions."""

    provider = models.SlugField(max_length=50)
    subject = models.CharField(max_length=255)
    sid = models.CharField(max_length=255, blank=True)
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["provider", "sid"], name="provider_session_sid"),
            models.Index(fields=["provider", "subject"], name="provider_session_subject"),
        ]

    def __str__(self):
        return f"{self.provider}: {self.subject}"
