"""API tokens (django-rest-knox): one per client sign-in, stored as a hash, expiring.

Every way a token ends lives here: the caller's own token on POST /api/auth/logout/, and
all of an account's tokens on a password change, deactivation (the receiver below sees both
on any save of the account, the admin's included), "sign out everywhere" and setting up
two-factor (a token made with the password alone must not outlive the second factor).
"""
import binascii
from hmac import compare_digest

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken, get_token_model
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions

from . import events
from .models import AuthEventKind, Role, User


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's authentication without its sweep of the account's other tokens on every
    request (one more query per API call, whatever the page). An expired token is still
    refused and deleted when it is presented."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and result[0].role == Role.COMPANION:
            # The companion's allowlist and end (issue 18; ibbis/accounts/companion_scope.py).
            from .companion_scope import companion_may_use

            if result[0].access_has_ended():
                raise exceptions.AuthenticationFailed(_("Your access has ended."))
            if not companion_may_use(request._request.path_info):
                raise exceptions.NotFound
        return result

    def authenticate_credentials(self, token):
        """knox's own, with the account's organisation read in the same query: nearly every
        API view asks for it (a manager's scope by its kind, the access log's copy of its
        name), which was one more query per request (issue 20)."""
        message = _("Invalid token.")
        token = token.decode("utf-8")
        for auth_token in get_token_model().objects.filter(
            token_key=token[:CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user__organisation"):
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error) as error:
                raise exceptions.AuthenticationFailed(message) from error
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(message)

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


def issue(user) -> tuple[AuthToken, str]:
    """A new token for one client; the clear text is returned once and never stored."""
    return AuthToken.objects.create(user=user)


def revoke(token: AuthToken, *, request=None) -> None:
    user = token.user
    token.delete()
    events.record(kind=AuthEventKind.TOKEN_REVOKED, request=request, user=user)


def revoke_all(user, *, request=None) -> int:
    """End every API token of `user`; recorded once when there was any."""
    deleted, _counts = AuthToken.objects.filter(user=user).delete()
    if deleted:
        events.record(kind=AuthEventKind.TOKEN_REVOKED, request=request, user=user)
    return deleted


@receiver(post_save, sender=User, dispatch_uid="ibbis.accounts.tokens.account_saved")
def _account_saved(sender, instance, created, update_fields=None, **kwargs):
    loaded = getattr(instance, "_loaded_auth_state", None)
    now = instance.auth_state()
    instance._loaded_auth_state = now
    if created or loaded is None:
        return
    fields = set(update_fields) if update_fields is not None else {"password", "is_active"}
    password_changed = (
        "password" in fields and None not in (loaded[0], now[0]) and loaded[0] != now[0]
    )
    deactivated = "is_active" in fields and loaded[1] is True and now[1] is False
    if password_changed or deactivated:
        revoke_all(instance)


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme of our TokenAuthentication (knox's, under its own name)."""

    target_class = "ibbis.accounts.tokens.TokenAuthentication"
