"""The authentication audit trail: one writer, the signal receivers that call it, retention.

Nothing here ever stores a password, a one-time code or a recovery code; only what happened,
to which account (or which username was tried), from where, and when.
"""
from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.dispatch import receiver
from django.utils import timezone

from ibbis.append_only import purge_append_only

from .models import AuthEvent, AuthEventKind

USER_AGENT_LENGTH = AuthEvent._meta.get_field("user_agent").max_length
USERNAME_LENGTH = AuthEvent._meta.get_field("username").max_length


def _client_ip(request):
    if request is None:
        return None
    try:
        address = get_client_ip_address(request)
    except Exception:  # noqa: BLE001 - an odd header must never stop a sign-in
        return None
    if not address:
        return None
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return address


def record(
    *, kind: str, request=None, user=None, username: str = "", actor=None
) -> AuthEvent:
    """Append one authentication event. `user` may be None (an unknown username); `actor`
    is who did it when that is not the account's owner (an administrator's change)."""
    if kind not in AuthEventKind.values:
        raise ValueError(f"Unknown authentication event kind: {kind}")
    if user is not None and getattr(user, "is_authenticated", False) and not username:
        username = user.get_username()
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return AuthEvent.objects.create(
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        username=str(username or "")[:USERNAME_LENGTH],
        actor=actor if getattr(actor, "pk", None) else None,
        ip_address=_client_ip(request),
        user_agent=agent[:USER_AGENT_LENGTH],
    )


def purge(*, now=None) -> int:
    """Remove events older than AUTH_EVENT_RETENTION_DAYS - the only deletion path.

    On PostgreSQL the append-only trigger lets DELETE through only inside a transaction that
    has set `ibbis.retention` (`ibbis.append_only.purge_append_only`, as the access log's).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.AUTH_EVENT_RETENTION_DAYS)
    return purge_append_only(AuthEvent.objects.filter(created_at__lt=cutoff))


# Set on the request by the idle-timeout middleware and "sign out everywhere" just before they
# call logout(), so the sign-out is recorded as what it was (None: already recorded).
LOGOUT_KIND_ATTRIBUTE = "_auth_event_logout_kind"


@receiver(user_logged_in, dispatch_uid="ibbis.accounts.events.logged_in")
def _logged_in(sender, request, user, **kwargs):
    from .middleware import mark_active

    if request is not None and hasattr(request, "session"):
        mark_active(request.session)  # the idle clock starts at sign-in
    record(kind=AuthEventKind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="ibbis.accounts.events.logged_out")
def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    kind = getattr(request, LOGOUT_KIND_ATTRIBUTE, AuthEventKind.LOGOUT)
    if kind is None:  # the caller has recorded the sign-out itself
        return
    record(kind=kind, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="ibbis.accounts.events.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials` with stars.
    record(
        kind=AuthEventKind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
    )


@receiver(user_locked_out, dispatch_uid="ibbis.accounts.events.locked_out")
def _locked_out(sender, request=None, username=None, **kwargs):
    record(kind=AuthEventKind.LOCKED_OUT, request=request, username=username or "")
