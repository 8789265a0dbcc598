"""The Django admin, locked down: administrators only, accounts and organisations only.

Why: the admin is a second door into the database beside the app's own pages, and by default
every installed app (django-axes, django_celery_beat, DRF's tokens, auth groups, our own
trust app) registers its models there and every staff account may enter. An administrator in
IBBIS manages accounts; they see no case content (DOMAIN.md). So there is ONE mechanism:

- ``IbbisAdminSite.has_permission`` lets in only an active staff account whose role is
  ``admin`` - a superuser flag or a Django permission of any other role opens nothing;
- the site's registry is an allow-list (``ADMIN_MODELS``): ``register`` ignores every other
  model, so no URL under /admin/ exists for cases, notes, meetings, plans, tokens, beat
  schedules or lockout records, whatever an app registers now or later;
- the allowed ModelAdmins take their permissions from the same check (``AdminRoleOnly``),
  not from Django's per-model permissions, which no role in IBBIS is given.

Signing in happens on the site's own login page (axes throttling and two-factor live there):
an anonymous visitor is sent to it, and a signed-in account of any other role gets 403.
"""
from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models.base import ModelBase
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

ADMIN_MODELS = frozenset(
    {"accounts.user", "accounts.organisation", "accounts.accountchangerequest",
     "accounts.signinidentity"}
)


def is_site_admin(user) -> bool:
    # The user model says whether its role is the administrator's (`is_admin_role`), so this
    # module, which ibbis.accounts' admin classes import, imports nothing of accounts back.
    return bool(
        user.is_authenticated and user.is_active and user.is_staff
        and getattr(user, "is_admin_role", False)
    )


class IbbisAdminSite(admin.AdminSite):
    site_header = _("IBBIS Coordination administration")
    site_title = _("IBBIS Coordination administration")
    index_title = _("Accounts and organisations")
    enable_nav_sidebar = False

    def has_permission(self, request):
        return is_site_admin(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(
            model_or_iterable
        )
        allowed = [model for model in models if model._meta.label_lower in ADMIN_MODELS]
        if allowed:
            super().register(allowed, admin_class, **options)

    def unregister(self, model_or_iterable):
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(
            model_or_iterable
        )
        allowed = [model for model in models if model._meta.label_lower in ADMIN_MODELS]
        if allowed:
            super().unregister(allowed)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return guarded

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """The app's login page, not the admin's own form, so every sign-in is the same one."""
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        from django.contrib.auth.views import redirect_to_login

        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(target, resolve_url(settings.LOGIN_URL))


class AdminRoleOnly:
    """ModelAdmin permissions from the site's one check. Nothing is deleted here: accounts
    are deactivated (cases keep their history), organisations are protected by their members."""

    def has_module_permission(self, request):
        return is_site_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def has_add_permission(self, request):
        return is_site_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class IbbisAdminConfig(AdminConfig):
    default_site = "ibbis.admin_site.IbbisAdminSite"
