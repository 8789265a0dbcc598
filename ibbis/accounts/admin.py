"""Accounts and organisations in the Django admin - the only models it shows
(ibbis/admin_site.py says why and how the rest are kept out).

No superuser flag, groups or per-model permissions on the form: IBBIS authorises by role,
and `is_superuser` would make `user.has_perm` say yes to every case rule, so an administrator
must not be able to grant it here. The staff flag follows the role, as in
ibbis.accounts.services.account_create.
"""
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
)
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ibbis.admin_site import AdminRoleOnly

from . import approvals
from .models import (
    AccountChangeRequest,
    AccountChangeStatus,
    Organisation,
    Role,
    SignInIdentity,
    User,
)
from .oidc import linking
from .services import _check_role_and_organisation


@admin.register(Organisation)
class OrganisationAdmin(AdminRoleOnly, admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class _RoleOrganisationCheck:
    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role:
            try:
                _check_role_and_organisation(role, cleaned.get("organisation"))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class AccountChangeForm(_RoleOrganisationCheck, UserChangeForm):
    pass


class AccountCreationForm(_RoleOrganisationCheck, AdminUserCreationForm):
    pass


class AccountPasswordForm(AdminPasswordChangeForm):
    """A password an administrator sets is theirs, not the holder's: it must be changed at
    the next sign-in. (Saving it also ends the account's sessions and API tokens.)"""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(User)
class UserAdmin(AdminRoleOnly, DjangoUserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    change_password_form = AccountPasswordForm
    list_display = ["username", "display_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    list_select_related = ["organisation"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        ("IBBIS", {"fields": ("role", "organisation", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1",
                                                  "password2")}),
        ("IBBIS", {"fields": ("role", "organisation", "email", "first_name", "last_name")}),
    )

    def save_model(self, request, obj, form, change):
        """Four eyes (ibbis/accounts/approvals.py): the guarded fields are not saved here but
        held for a second administrator; switching off is immediate; the rest is saved."""
        if not change:  # the administrator chose the initial password
            obj.is_staff = obj.role == Role.ADMIN
            obj.must_change_password = True
            super().save_model(request, obj, form, change)
            if obj.role in approvals.PRIVILEGED_ROLES:
                approvals.hold_new_privileged_account(
                    actor=request.user, account=obj, request=request
                )
                messages.warning(request, gettext(
                    "The account stays switched off until a second administrator approves it."
                ))
            return
        original = User.objects.select_related("organisation").get(pk=obj.pk)
        wanted = {}
        for field in approvals.GUARDED_FIELDS:
            if field in form.changed_data:
                wanted[field] = getattr(obj, field)
                setattr(obj, field, getattr(original, field))
        obj.is_staff = original.role == Role.ADMIN
        super().save_model(request, obj, form, change)
        if wanted.get("is_active") is False:
            del wanted["is_active"]
            try:
                approvals.account_deactivate(actor=request.user, account=obj, request=request)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        if wanted:
            try:
                approvals.change_request(
                    actor=request.user, account=obj, changes=wanted, request=request
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.warning(request, gettext(
                    "The change of %(fields)s waits for a second administrator's approval."
                ) % {"fields": ", ".join(str(User._meta.get_field(f).verbose_name)
                                         for f in wanted)})

    def user_change_password(self, request, id, form_url=""):
        """A new password (or none) for someone else is held for a second administrator:
        otherwise an administrator sets a service user's password and reads their case."""
        if request.method == "POST":
            user = self.get_object(request, unquote(id))
            if user is not None and self.has_change_permission(request, user):
                form = self.change_password_form(user, request.POST)
                if form.is_valid():
                    usable = form.cleaned_data.get("set_usable_password", True)
                    if usable or "unset-password" in request.POST:
                        try:
                            approvals.change_request(
                                actor=request.user, account=user,
                                password=form.cleaned_data["password1"] if usable else None,
                                unusable_password=not usable, request=request,
                            )
                        except ValidationError as error:
                            messages.error(request, " ".join(error.messages))
                        else:
                            messages.warning(request, gettext(
                                "The new password waits for a second administrator's "
                                "approval; the owner has been told."
                            ))
                        return HttpResponseRedirect(
                            reverse("admin:accounts_user_change", args=(user.pk,))
                        )
        return super().user_change_password(request, id, form_url)


@admin.register(AccountChangeRequest)
class AccountChangeRequestAdmin(AdminRoleOnly, admin.ModelAdmin):
    """The changes waiting for a second administrator; approved or refused by the actions
    (the one who asked cannot approve, nor the account's owner)."""

    list_display = ["account", "what", "requested_by", "created_at", "status", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["account", "requested_by", "decided_by"]
    exclude = ["password_hash"]
    actions = ["approve", "refuse"]

    @admin.display(description=_("changes"))
    def what(self, obj):
        return ", ".join(obj.described())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _answer(self, request, queryset, answer, done):
        answered = 0
        for change in queryset.filter(status=AccountChangeStatus.PENDING):
            try:
                answer(actor=request.user, change=change, request=request)
            except (PermissionDenied, ValidationError, approvals.ApprovalConflict) as error:
                text = getattr(error, "message", None) or " ".join(
                    getattr(error, "messages", [str(error)]))
                messages.error(request, f"{change.account}: {text}")
            else:
                answered += 1
        if answered:
            messages.success(request, done % {"count": answered})

    @admin.action(description=_("Approve the selected changes"))
    def approve(self, request, queryset):
        self._answer(request, queryset, approvals.change_approve,
                     gettext("%(count)s change(s) approved and applied."))

    @admin.action(description=_("Refuse the selected changes"))
    def refuse(self, request, queryset):
        self._answer(request, queryset, approvals.change_refuse,
                     gettext("%(count)s change(s) refused."))


@admin.register(SignInIdentity)
class SignInIdentityAdmin(AdminRoleOnly, admin.ModelAdmin):
    """Who may sign in through an identity provider (issue 19; ibbis/accounts/oidc/): an
    administrator registers the provider's subject (or e-mail address), a second one
    approves it, and only then does it sign the account in."""

    list_display = ["provider", "subject", "email", "user", "created_by", "approved_by",
                    "last_used_at"]
    list_filter = ["provider"]
    list_select_related = ["user", "created_by", "approved_by"]
    search_fields = ["subject", "email", "user__username"]
    autocomplete_fields = ["user"]
    fields = ["provider", "subject", "email", "user", "created_by", "approved_by",
              "approved_at", "last_used_at"]
    readonly_fields = ["created_by", "approved_by", "approved_at", "last_used_at"]
    actions = ["approve"]

    def save_model(self, request, obj, form, change):
        linking.identity_save(identity=obj, actor=request.user, request=request)
        messages.warning(request, gettext(
            "The sign-in identity works once a second administrator has approved it."
        ))

    def delete_model(self, request, obj):
        linking.identity_delete(identity=obj, actor=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for identity in queryset:
            linking.identity_delete(identity=identity, actor=request.user, request=request)

    @admin.action(description=_("Approve the selected sign-in identities"))
    def approve(self, request, queryset):
        approved = 0
        for identity in queryset.filter(approved_by__isnull=True):
            try:
                linking.identity_approve(identity=identity, actor=request.user, request=request)
            except ValidationError as error:
                messages.error(request, f"{identity}: {' '.join(error.messages)}")
            else:
                approved += 1
        if approved:
            messages.success(request, gettext("%(count)s identity(ies) approved.")
                             % {"count": approved})
