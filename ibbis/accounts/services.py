"""Writes to accounts and organisations. Views and serializers parse, then call these."""
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import ORGANISATION_ROLES, ROLE_ORGANISATION_KIND, Organisation, Role, User


def organisation_create(*, name: str, kind: str) -> Organisation:
    organisation = Organisation(name=name, kind=kind)
    organisation.full_clean()
    organisation.save()
    return organisation


def _check_role_and_organisation(role: str, organisation: Organisation | None) -> None:
    if role == Role.COMPANION:
        # Made only by a service user's invitation, with the end of its access (issue 18).
        raise ValidationError({"role": "A companion's account comes from an invitation."})
    if role in ORGANISATION_ROLES and organisation is None:
        raise ValidationError({"organisation": "Required for professionals and managers."})
    if role not in ORGANISATION_ROLES and organisation is not None:
        raise ValidationError({"organisation": "Only professionals and managers belong to one."})
    expected_kind = ROLE_ORGANISATION_KIND.get(role)
    if expected_kind and organisation.kind != expected_kind:
        raise ValidationError(
            {"organisation": f"A {Role(role).label.lower()} belongs to a "
                             f"{expected_kind.label.lower()} organisation."}
        )


@transaction.atomic
def account_create(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
) -> User:
    """Create an account after the password validators and the role rules accept it. The
    password is the administrator's choice, so it must be changed at the first sign-in."""
    _check_role_and_organisation(role, organisation)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        organisation=organisation,
        is_staff=role == Role.ADMIN,
        # The administrator knows this password: the holder replaces it at first sign-in.
        must_change_password=True,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": list(error.messages)}) from error
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    # Into the outbox with the account: a mail server or broker that is down never turns
    # the committed account into an error, and the mail goes out when they are back.
    from .tasks import welcome_enqueue

    welcome_enqueue(user)
    return user


@transaction.atomic
def password_change(*, user: User, new_password: str, request=None) -> None:
    """The holder sets their own password (already checked by the password validators and
    their old password). Every other session ends (the session hash follows the password)
    and every API token ends (ibbis/accounts/tokens.py); the caller keeps its own session
    with update_session_auth_hash."""
    from . import events
    from .models import AuthEventKind

    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    events.record(kind=AuthEventKind.PASSWORD_CHANGED, request=request, user=user)
