"""Four eyes on administrators' changes to accounts (issue 13; DOMAIN.md, Note scopes).

An administrator sees no case content, and must not reach it by a side door: setting a
service user's password and signing in as them, making themselves (or a friend) a manager,
moving a professional to another organisation, turning a dormant account back on, or
pointing an account's e-mail address at themselves. Each such change is stored as an
`AccountChangeRequest` and applied only when a DIFFERENT administrator approves it; every
request, approval and refusal is written to the authentication trail (with who did it), and
the account's owner is told by e-mail (no case content; see docs/decisions.md for what
needs four eyes and why).

Two things are not held back: turning an account OFF (containment must be immediate; it
opens nothing) and creating a service user or professional account (it reaches no case
until a professional puts it on one). Creating a manager or an administrator makes the
account switched off, with a request to switch it on: a manager sees a whole
organisation's caseload, and a second administrator account would approve its creator's
own requests.
"""
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ibbis.admin_site import is_site_admin
from ibbis.errors import DomainConflict

from . import events
from .models import (
    AccountChangeRequest,
    AccountChangeStatus,
    AuthEventKind,
    Organisation,
    Role,
    User,
)
from .services import _check_role_and_organisation, account_create

# Fields of an account whose change by an administrator needs a second one.
GUARDED_FIELDS = ("role", "organisation", "is_active", "email")
# Roles whose new accounts start switched off until a second administrator approves.
PRIVILEGED_ROLES = (Role.MANAGER, Role.ADMIN)


class ApprovalConflict(DomainConflict):
    """A request that was already answered (API: 409 with `code`)."""


def _require_admin(actor) -> None:
    if not is_site_admin(actor):
        raise PermissionDenied(_("Only an administrator manages accounts."))


def _tell_owner(change: AccountChangeRequest, outcome: str, recipients: list[str]) -> None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    from .tasks import account_change_notice_enqueue

    account_change_notice_enqueue(change, outcome, recipients)


def _organisation_id(value):
    if value is None or value == "":
        return None
    return str(value.pk if isinstance(value, Organisation) else value)


def _resulting(account: User, changes: dict):
    role = changes.get("role", account.role)
    if "organisation" in changes:
        organisation_id = changes["organisation"]
        organisation = (
            Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
        )
        if organisation_id and organisation is None:
            raise ValidationError({"organisation": [_("No such organisation.")]})
    else:
        organisation = account.organisation
    return role, organisation


@transaction.atomic
def change_request(
    *, actor: User, account: User, changes: dict | None = None, password: str | None = None,
    unusable_password: bool = False, request=None,
) -> AccountChangeRequest | None:
    """Hold `changes` (guarded fields only) and/or a new password for a second
    administrator. None when nothing guarded changes."""
    _require_admin(actor)
    wanted = {}
    for field, value in (changes or {}).items():
        if field not in GUARDED_FIELDS:
            continue
        if field == "organisation":
            value = _organisation_id(value)
            if value == _organisation_id(account.organisation_id):
                continue
        elif getattr(account, field) == value:
            continue
        wanted[field] = value
    if wanted.get("is_active") is False:
        raise ValueError("Switching an account off is immediate: use account_deactivate.")
    if account.role == Role.COMPANION and "role" in wanted:
        # Its access ends by itself (issue 18): never turned into a lasting account.
        raise ValidationError({"role": "A companion's account keeps its role."})
    role, organisation = _resulting(account, wanted)
    _check_role_and_organisation(role, organisation)
    password_hash = ""
    if password:
        try:
            validate_password(password, account)
        except ValidationError as error:
            raise ValidationError({"password": list(error.messages)}) from error
        password_hash = make_password(password)
    elif unusable_password:
        password_hash = make_password(None)
    if not wanted and not password_hash:
        return None
    change = AccountChangeRequest.objects.create(
        account=account, changes=wanted, password_hash=password_hash,
        sets_password=bool(password_hash), requested_by=actor,
    )
    events.record(kind=AuthEventKind.ACCOUNT_CHANGE_REQUESTED, request=request, user=account,
                  actor=actor)
    _tell_owner(change, "requested", [account.email])
    return change


@transaction.atomic
def account_deactivate(*, actor: User, account: User, request=None) -> User:
    """Switch an account off at once, ending its sessions; written to the trail and the
    owner is told. Nobody switches their own account off here."""
    _require_admin(actor)
    if account.pk == actor.pk:
        raise ValidationError({"is_active": [_("You cannot switch off your own account.")]})
    account = User.objects.select_for_update().get(pk=account.pk)
    if not account.is_active:
        return account
    account.is_active = False
    account.session_generation += 1
    account.save(update_fields=["is_active", "session_generation"])
    events.record(kind=AuthEventKind.ACCOUNT_DEACTIVATED, request=request, user=account,
                  actor=actor)
    from .tasks import account_deactivated_notice_enqueue

    account_deactivated_notice_enqueue(account)
    return account


def _pending(actor: User, change: AccountChangeRequest) -> AccountChangeRequest:
    _require_admin(actor)
    change = AccountChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != AccountChangeStatus.PENDING:
        raise ApprovalConflict("not_pending", _("This request has already been answered."))
    return change


@transaction.atomic
def change_approve(*, actor: User, change: AccountChangeRequest, request=None) -> User:
    """Apply the held change: only a different administrator, never the account itself."""
    change = _pending(actor, change)
    if actor.pk == change.requested_by_id:
        raise PermissionDenied(
            _("A second administrator must approve this, not the one who asked for it.")
        )
    if actor.pk == change.account_id:
        raise PermissionDenied(_("Nobody approves a change to their own account."))
    account = User.objects.select_for_update().get(pk=change.account_id)
    old_email = account.email
    role, organisation = _resulting(account, change.changes)
    _check_role_and_organisation(role, organisation)
    account.role = role
    account.organisation = organisation
    account.is_staff = role == Role.ADMIN
    account.is_superuser = False
    if "is_active" in change.changes:
        account.is_active = bool(change.changes["is_active"])
    if "email" in change.changes:
        account.email = change.changes["email"]
    if change.password_hash:
        account.password = change.password_hash
        # An administrator's password is not the holder's: changed at the next sign-in
        # (the save below also ends the account's API tokens, ibbis/accounts/tokens.py).
        account.must_change_password = True
    # Sessions made before a change of who the account is (or of its password) end.
    account.session_generation += 1
    account.full_clean(exclude=["password"])
    account.save()
    change.status = AccountChangeStatus.APPROVED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.password_hash = ""
    change.save(update_fields=["status", "decided_by", "decided_at", "password_hash"])
    events.record(kind=AuthEventKind.ACCOUNT_CHANGE_APPROVED, request=request, user=account,
                  actor=actor)
    _tell_owner(change, "approved", [old_email, account.email])
    return account


@transaction.atomic
def change_refuse(*, actor: User, change: AccountChangeRequest, request=None):
    """Drop the held change (a second administrator refuses, or the asker withdraws)."""
    change = _pending(actor, change)
    change.status = AccountChangeStatus.REFUSED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.password_hash = ""
    change.save(update_fields=["status", "decided_by", "decided_at", "password_hash"])
    events.record(kind=AuthEventKind.ACCOUNT_CHANGE_REFUSED, request=request,
                  user=change.account, actor=actor)
    _tell_owner(change, "refused", [change.account.email])
    return change


@transaction.atomic
def account_create_by_admin(*, actor: User, request=None, **fields):
    """services.account_create for an administrator; a manager or administrator account
    starts switched off, with a request for a second administrator to switch it on.
    Returns (account, the pending request or None)."""
    _require_admin(actor)
    account = account_create(**fields)
    if account.role not in PRIVILEGED_ROLES:
        return account, None
    return account, hold_new_privileged_account(actor=actor, account=account, request=request)


def hold_new_privileged_account(*, actor: User, account: User, request=None):
    """Switch a just-created manager or administrator account off until approved."""
    User.objects.filter(pk=account.pk).update(is_active=False)
    account.is_active = False
    change = AccountChangeRequest.objects.create(
        account=account, changes={"is_active": True}, requested_by=actor
    )
    events.record(kind=AuthEventKind.ACCOUNT_CHANGE_REQUESTED, request=request, user=account,
                  actor=actor)
    return change
