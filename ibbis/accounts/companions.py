"""A companion's account (issue 18, bisidder): made by the service user's invitation, ended
by itself after the meeting or by the service user at any time.

The meeting and the grant belong to coordination (coordination/services/companions.py); this
layer holds what any account holds: the account itself, the one-time link to choose a
password (Django's password-reset tokens, salted apart, valid until the access ends rather
than PASSWORD_RESET_TIMEOUT) and the mail that carries it. The mail says nothing of the
person or their case: only that there is an invitation, the link and when access ends."""
import secrets

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from ibbis.outbox.services import outbox_add

from .models import Role, User


class CompanionTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token: its hash covers the password and the last sign-in, so
    the link works once (choosing the password changes the hash). It lasts as long as the
    companion's access, not the three days of a reset."""

    key_salt = "ibbis.accounts.companions.CompanionTokenGenerator"

    def check_token(self, user, token):
        if not (user and token) or user.role != Role.COMPANION or user.access_has_ended():
            return False
        if not user.is_active:
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


companion_tokens = CompanionTokenGenerator()


def companion_account_create(*, name: str, email: str, access_until) -> User:
    """A companion's account: no usable password until they choose one with the link, no
    organisation, ending at `access_until`. The username is made up (the person signs in
    with it later; the welcome page shows it)."""
    user = User(
        username=f"ledsager-{secrets.token_hex(4)}",
        first_name=name,
        email=email,
        role=Role.COMPANION,
        access_until=access_until,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def companion_link_path(user: User) -> str:
    return reverse("companion_welcome", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": companion_tokens.make_token(user),
    })


def companion_invitation_enqueue(*, user: User, origin: str) -> None:
    """The invitation into the outbox in the caller's transaction. The row holds only where
    the site is (`origin`): the link's token is made when the mail is rendered, so no
    secret is stored."""
    outbox_add(kind="companion_invitation", key=f"companion-invitation:{user.pk}",
               recipient=user, ref=str(user.pk), params={"origin": origin})


def companion_invitation_message(user: User, origin: str) -> EmailMessage | None:
    if not user.email or not user.is_active or user.access_has_ended():
        return None
    return EmailMessage(
        subject=_("You are invited to a meeting in IBBIS Coordination"),
        body=_(
            "Hello,\n\nYou have been invited to come along to a meeting as a companion. "
            "Open this link to choose a password; it works once:\n\n%(url)s\n\n"
            "Your access ends by itself after the meeting.\n"
        ) % {"url": f"{origin.rstrip('/')}{companion_link_path(user)}"},
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def companion_invitation_render(rows) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        return {row.pk: companion_invitation_message(row.recipient,
                                                     (row.params or {}).get("origin", ""))
                for row in rows}
