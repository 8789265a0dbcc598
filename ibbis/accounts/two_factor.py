"""Two-factor sign-in: who must have it, the authenticator device, codes and recovery codes.

The one place the policy lives (DOMAIN.md roles): care managers, employment consultants,
managers and admins must sign in with a second factor; service users may turn it on.
The second factor is a TOTP authenticator app (django-otp's TOTPDevice); the fallback is
ten single-use recovery codes (django-otp's StaticDevice), shown once and stored only as
keyed hashes.
"""
import hashlib
import secrets
from base64 import b32encode
from datetime import timedelta
from enum import StrEnum

import segno
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import events
from .models import AuthEventKind, EnrolmentLink, Role, User

TWO_FACTOR_REQUIRED_ROLES = (
    Role.CARE_MANAGER,
    Role.EMPLOYMENT_CONSULTANT,
    Role.MANAGER,
    Role.ADMIN,
)
TWO_FACTOR_OPTIONAL_ROLES = (Role.SERVICE_USER,)
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
RECOVERY_CODE_LENGTH = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"


class Verdict(StrEnum):
    AUTHENTICATOR = "authenticator"
    RECOVERY_CODE = "recovery_code"
    WRONG = "wrong"
    THROTTLED = "throttled"

    @property
    def accepted(self):
        return self in (Verdict.AUTHENTICATOR, Verdict.RECOVERY_CODE)


def two_factor_required(user) -> bool:
    return getattr(user, "role", None) in TWO_FACTOR_REQUIRED_ROLES


def two_factor_optional(user) -> bool:
    return getattr(user, "role", None) in TWO_FACTOR_OPTIONAL_ROLES


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or isinstance(user, AnonymousUser) or not user.pk:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_NAME, device__confirmed=True
    ).count()


def normalise_code(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()


def _hash_recovery_code(code: str) -> str:
    # StaticToken.token holds 16 characters: 64 bits of an HMAC keyed by SECRET_KEY, so a
    # copy of the database alone does not reveal usable codes.
    return salted_hmac("ibbis.accounts.recovery-code", code, algorithm="sha256").hexdigest()[:16]


def _format_recovery_code(code: str) -> str:
    half = RECOVERY_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=_hash_recovery_code(code)) for code in codes
    )
    return [_format_recovery_code(code) for code in codes]


# Enrolment ---------------------------------------------------------------------------------


# Enrolment links -------------------------------------------------------------------------


def _link_digest(secret: str) -> str:
    return hashlib.sha256(str(secret).encode()).hexdigest()


def enrolment_link_issue(*, user: User, issued_by=None, request=None) -> tuple[EnrolmentLink, str]:
    """A one-time, expiring link for the first set-up of two-factor sign-in; returns the link
    and its secret, which is shown once (to the administrator) and stored only as a digest.
    Any earlier unused link of the account stops working."""
    if not two_factor_required(user):
        raise ValidationError(
            _("Only accounts that must sign in with two factors get an enrolment link.")
        )
    if not user.is_active:
        raise ValidationError(_("The account is deactivated."))
    if confirmed_device(user) is not None:
        raise ValidationError(_("Two-factor sign-in is already turned on for this account."))
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        EnrolmentLink.objects.filter(user=user, used_at__isnull=True).delete()
        link = EnrolmentLink.objects.create(
            user=user,
            digest=_link_digest(secret),
            issued_by=issued_by if getattr(issued_by, "pk", None) else None,
            expires_at=timezone.now() + timedelta(hours=settings.ENROLMENT_LINK_HOURS),
        )
        events.record(kind=AuthEventKind.ENROLMENT_LINK_ISSUED, request=request, user=user)
    return link, secret


def _usable_links():
    return EnrolmentLink.objects.filter(
        used_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
    )


def enrolment_link_for_secret(secret: str) -> EnrolmentLink | None:
    """The link a secret opens, while it is unused and unexpired; None otherwise."""
    if not secret or len(secret) > 100:
        return None
    return _usable_links().filter(digest=_link_digest(secret)).select_related("user").first()


def enrolment_link_usable(*, user: User, link_id) -> bool:
    if not link_id:
        return False
    try:
        return _usable_links().filter(user=user, pk=link_id).exists()
    except (ValueError, ValidationError):  # not a UUID
        return False


# How long a key shown on a set-up page may be confirmed (the pending sign-in lasts 5 minutes).
ENROLMENT_SECONDS = 10 * 60


def enrolment_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator key for one set-up attempt.

    Every attempt gets a new key and every earlier unconfirmed key is deleted, so a key is
    shown exactly once: someone who opened the set-up step with a known initial password and
    noted the key can never have that key confirmed later by the real owner, whose own
    attempt shows a different key. The caller binds the device's id to its own pending
    sign-in (or session) and confirms only that one (docs/decisions.md)."""
    if confirmed_device(user) is not None:
        raise ValidationError(_("Two-factor sign-in is already turned on."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning QR code as inline SVG markup (no script, no style, no data: URI)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", svgclass="qr-code", lineclass=None,
        title=_("QR code for your authenticator app"),
    )


def enrolment_confirm(
    *, user: User, device_id, code: str, request=None, link_id=None
) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes, which
    are shown once and never again. A wrong code raises ValidationError (and counts).

    Only the device of this attempt (`device_id`, bound to the caller's pending sign-in) and
    only while it is fresh. Every API token of the account ends: one made with the password
    alone must not outlive the second factor. With `link_id` (the first set-up at sign-in),
    the enrolment link is used up in the same transaction, or nothing is confirmed."""
    from .tokens import revoke_all

    if device_id is None:
        raise ValidationError(_("Start the setup again."))
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(
                user=user,
                pk=device_id,
                confirmed=False,
                created_at__gte=timezone.now() - timedelta(seconds=ENROLMENT_SECONDS),
            )
            .first()
        )
        if device is None:
            raise ValidationError(_("Start the setup again."))
        accepted = device.verify_token(normalise_code(code))
    if not accepted:
        events.record(kind=AuthEventKind.OTP_FAILED, request=request, user=user)
        raise ValidationError(_("That code is not right. Check the time on your phone."))
    with transaction.atomic():
        if link_id is not None:
            claimed = _usable_links().filter(user=user, pk=link_id).update(
                used_at=timezone.now()
            )
            if not claimed:
                raise ValidationError(
                    _("Your enrolment link is used up or has expired. Ask your administrator "
                      "for a new one.")
                )
            events.record(kind=AuthEventKind.ENROLMENT_LINK_USED, request=request, user=user)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(user)
        events.record(kind=AuthEventKind.TWO_FACTOR_ENABLED, request=request, user=user)
        revoke_all(user, request=request)
    return codes


def reauthenticate(*, user: User, proof: str, request=None) -> None:
    """The person at the keyboard proves again that they are the account holder - their
    password, or a current code (from the app, or a recovery code) - before a change that
    weakens or replaces their second factor. Raises ValidationError when the proof fails."""
    proof = str(proof or "")
    if proof and user.check_password(proof):
        return
    if proof.strip() and confirmed_device(user) is not None and check_code(
        user=user, code=proof, request=request
    ).accepted:
        return
    raise ValidationError(_("That is neither your password nor a current code."))


@transaction.atomic
def recovery_codes_regenerate(*, user: User, proof: str, request=None) -> list[str]:
    if confirmed_device(user) is None:
        raise ValidationError(_("Turn on two-factor sign-in first."))
    reauthenticate(user=user, proof=proof, request=request)
    codes = _new_recovery_codes(user)
    events.record(kind=AuthEventKind.RECOVERY_CODES_REGENERATED, request=request, user=user)
    return codes


def two_factor_disable(*, user: User, proof: str, request=None) -> None:
    """Service users may turn two-factor off, proving who they are first (their password or
    a current code)."""
    if not two_factor_optional(user):
        raise PermissionDenied
    reauthenticate(user=user, proof=proof, request=request)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        events.record(kind=AuthEventKind.TWO_FACTOR_DISABLED, request=request, user=user)


# Verification ------------------------------------------------------------------------------


def check_code(*, user: User, code: str, request=None) -> Verdict:
    """A code from the authenticator app (six digits) or a recovery code (used up).

    Wrong codes are counted on the device (django-otp's throttling: each failure doubles the
    wait before the next try) and recorded; nothing records the code itself.
    """
    code = normalise_code(code)
    verdict = Verdict.WRONG
    if code:
        with transaction.atomic():
            if code.isdigit() and len(code) <= 8:  # the app's code; recovery codes are 10 long
                device = (
                    TOTPDevice.objects.select_for_update()
                    .filter(user=user, confirmed=True)
                    .order_by("created_at")
                    .first()
                )
                token, accepted_as = code, Verdict.AUTHENTICATOR
            else:
                device = (
                    StaticDevice.objects.select_for_update()
                    .filter(user=user, name=RECOVERY_NAME, confirmed=True)
                    .first()
                )
                token, accepted_as = _hash_recovery_code(code), Verdict.RECOVERY_CODE
            if device is not None:
                allowed, _info = device.verify_is_allowed()
                if not allowed:
                    verdict = Verdict.THROTTLED
                elif device.verify_token(token):
                    verdict = accepted_as
    kind = {
        Verdict.AUTHENTICATOR: AuthEventKind.OTP_VERIFIED,
        Verdict.RECOVERY_CODE: AuthEventKind.RECOVERY_CODE_USED,
    }.get(verdict, AuthEventKind.OTP_FAILED)
    events.record(kind=kind, request=request, user=user)
    return verdict


@transaction.atomic
def sign_out_everywhere(*, user: User, request=None) -> None:
    """End every session (Django's session verification fails on the new generation) and
    delete every API token of the account."""
    from .tokens import revoke_all

    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    revoke_all(user, request=request)
    events.record(kind=AuthEventKind.SIGN_OUT_EVERYWHERE, request=request, user=user)
