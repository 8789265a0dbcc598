"""`manage.py check` (and every start) refuses a provider configuration it cannot use, rather
than the login page failing on the first visitor."""
from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from ..models import Role
from . import providers


@register()
def oidc_providers_check(app_configs=None, **kwargs):
    errors = []
    try:
        configured = providers.configured()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="ibbis.accounts.E001")]
    names = [provider.name for provider in configured]
    if len(names) != len(set(names)):
        errors.append(Error("OIDC_PROVIDERS names a provider twice", id="ibbis.accounts.E002"))
    unknown = set(settings.PASSWORD_LOGIN_ROLES) - set(Role.values)
    if unknown:
        errors.append(Error(
            f"PASSWORD_LOGIN_ROLES names unknown roles: {sorted(unknown)}",
            id="ibbis.accounts.E003",
        ))
    return errors
