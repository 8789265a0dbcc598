"""Accounts and organisations in the Django admin - the only models it shows
(ibbis/admin_site.py says why and how the rest are kept out).

No superuser flag, groups or per-model permissions on the form: IBBIS authorises by role,
and `is_superuser` would make `user.has_perm` say yes to every case rule, so an administrator
must not be able to grant it here. The staff flag follows the role, as in
ibbis.accounts.services.account_create.
"""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ibbis.admin_site import AdminRoleOnly

from .models import Organisation, Role, User
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
        obj.is_staff = obj.role == Role.ADMIN
        if not change:  # the administrator chose the initial password
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
