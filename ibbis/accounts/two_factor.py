"""Two-factor sign-in: who must have it, the authenticator device, codes and recovery codes.

The one place the policy lives (DOMAIN.md roles): care managers, employment consultants,
managers and admins must sign in with a second factor; service users may turn it on.
The second factor is a TOTP authenticator app (django-otp's TOTPDevice); the fallback is
ten single-use recovery codes (django-otp's StaticDevice), shown once and stored only as
keyed hashes.
"""
import hashlib
import secrets
import time
import uuid
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
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

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


def password_login_allowed(user) -> bool:
    """Whether this account's role may still sign in with a password (PASSWORD_LOGIN_ROLES;
    the others sign in through their identity provider, ibbis/accounts/oidc/)."""
    return getattr(user, "role", None) in settings.PASSWORD_LOGIN_ROLES


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


def enrolment_sign_in_begin(*, user: User, link_id) -> str | None:
    """The password step with a usable enrolment link starts a pending set-up sign-in and
    makes it the link's only one that may confirm: an earlier pending sign-in with the same
    link (an intruder's who noted a key there) can confirm nothing from now on. Returns the
    attempt's id for the pending state; None when the link is no longer usable. A POST
    writes this, so the set-up page's GET need not (docs/decisions.md)."""
    attempt = uuid.uuid4()
    if not link_id:
        return None
    try:
        updated = _usable_links().filter(user=user, pk=link_id).update(attempt=attempt)
    except (ValueError, ValidationError):  # not a UUID
        return None
    return str(attempt) if updated else None


def enrolment_sign_in_current(*, user: User, link_id, attempt) -> bool:
    """Whether `attempt` is still the newest pending set-up sign-in of the usable link."""
    if not link_id or not attempt:
        return False
    try:
        return _usable_links().filter(user=user, pk=link_id, attempt=attempt).exists()
    except (ValueError, ValidationError):
        return False


def enrolment_start(*, user: User) -> dict:
    """A fresh authenticator key for one set-up attempt, for the caller to keep in its
    session (bound to its pending sign-in, or to the signed-in session); nothing is written.

    Every attempt gets a new key and replaces the session's earlier one, so a key is shown
    exactly once and lives only in the session that was shown it: someone who noted a key
    in their own browser can never have it confirmed in the owner's, and the owner's attempt
    shows a different key. `enrolment_confirm` makes the device, and only from this
    (docs/decisions.md)."""
    if confirmed_device(user) is not None:
        raise ValidationError(_("Two-factor sign-in is already turned on."))
    return {"user_id": str(user.pk), "key": random_hex(20), "issued": int(time.time())}


def _attempt_is_live(user: User, attempt) -> bool:
    if not isinstance(attempt, dict) or attempt.get("user_id") != str(user.pk):
        return False
    key, issued = attempt.get("key"), attempt.get("issued")
    if not isinstance(key, str) or len(key) != 40 or not isinstance(issued, int):
        return False
    try:
        bytes.fromhex(key)
    except ValueError:
        return False
    return 0 <= time.time() - issued <= ENROLMENT_SECONDS


def attempt_device(*, user: User, attempt: dict) -> TOTPDevice:
    """The authenticator an attempt would become, unsaved: for its QR code and key text."""
    return TOTPDevice(user=user, name=AUTHENTICATOR_NAME, key=attempt["key"], confirmed=True)


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


def _verify_new_device(device: TOTPDevice, code: str) -> bool:
    """django-otp's TOTP check for a device that is not saved yet (TOTPDevice.verify_token
    would save it, confirmed or not); on success the device remembers the time step, so the
    same code cannot sign in again."""
    if not code.isdigit() or len(code) > 8:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(code), device.tolerance):
        return False
    device.last_t = totp.t()
    if getattr(settings, "OTP_TOTP_SYNC", True):
        device.drift = totp.drift
    device.set_last_used_timestamp(commit=False)
    return True


def enrolment_confirm(
    *, user: User, attempt, code: str, request=None, link_id=None, link_attempt=None
) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes, which
    are shown once and never again. A wrong code raises ValidationError (and counts).

    Only the key of this attempt (`attempt`, from the caller's session, bound to this user)
    and only while it is fresh; the confirmed device is made here, never before. Every API
    token of the account ends: one made with the password alone must not outlive the second
    factor. With `link_id` (the first set-up at sign-in), the pending sign-in must still be
    the link's newest (`link_attempt`) and the link is used up in the same transaction, or
    nothing is confirmed."""
    from .tokens import revoke_all

    if not _attempt_is_live(user, attempt):
        raise ValidationError(_("Start the setup again."))
    device = attempt_device(user=user, attempt=attempt)
    if not _verify_new_device(device, normalise_code(code)):
        events.record(kind=AuthEventKind.OTP_FAILED, request=request, user=user)
        raise ValidationError(_("That code is not right. Check the time on your phone."))
    with transaction.atomic():
        # One set-up at a time per account: a second session confirming its own key at the
        # same moment waits here and then finds the first one's device.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if confirmed_device(user) is not None:
            raise ValidationError(_("Two-factor sign-in is already turned on."))
        if link_id is not None:
            claimed = link_attempt is not None and _usable_links().filter(
                user=user, pk=link_id, attempt=link_attempt
            ).update(used_at=timezone.now())
            if not claimed:
                if enrolment_link_usable(user=user, link_id=link_id):
                    raise ValidationError(
                        _("Someone has signed in with your enrolment link since. Sign in "
                          "again, and tell your administrator if it was not you.")
                    )
                raise ValidationError(
                    _("Your enrolment link is used up or has expired. Ask your administrator "
                      "for a new one.")
                )
            events.record(kind=AuthEventKind.ENROLMENT_LINK_USED, request=request, user=user)
        TOTPDevice.objects.filter(user=user).delete()  # unconfirmed ones from before
        device.save()
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
