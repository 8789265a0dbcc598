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
    """Create an account after the password validators and the role rules accept it."""
    _check_role_and_organisation(role, organisation)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        organisation=organisation,
        is_staff=role == Role.ADMIN,
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
