"""Who an OpenID Connect sign-in is, from our records only, and what it showed.

An administrator registers a SignInIdentity beforehand (the admin site); a sign-in whose
subject (or, where the provider allows it, e-mail address) is not registered is refused,
never turned into a new account. The account's role and organisation are ours: no claim of
the provider's (`role`, `groups`, `organisation`, ...) is read.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Role, SignInIdentity, User
from .providers import Provider
from .providers import get as provider_get


class SignInRefused(Exception):
    """Nobody of ours may sign in with this identity (unknown, deactivated, wrong kind)."""


def _email_claim(claims: dict) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or claims.get("email_verified") is False:
        return ""
    return email.strip()


def _allowed(provider: Provider, user: User) -> bool:
    if not user.is_active:
        return False
    if provider.is_citizen:
        return user.role == Role.SERVICE_USER
    if user.role == Role.SERVICE_USER:
        return False
    if provider.organisation:
        return user.organisation is not None and user.organisation.name == provider.organisation
    return True


@transaction.atomic
def account_for_sign_in(*, provider: Provider, claims: dict) -> User:
    """The account a verified ID token signs in; SignInRefused otherwise. A link made by
    e-mail address is bound to the subject at its first use, so the address alone never
    signs anyone in again (a reused address at the organisation is a new person)."""
    identities = SignInIdentity.objects.select_for_update().filter(
        provider=provider.name, approved_by__isnull=False
    )
    link = identities.filter(subject=claims["sub"]).first()
    email = _email_claim(claims)
    if link is None and provider.match_email and not provider.is_citizen and email:
        link = identities.filter(subject="", email__iexact=email).first()
        if link is not None:
            link.subject = claims["sub"]
    if link is None:
        raise SignInRefused("unknown subject")
    user = User.objects.select_related("organisation").get(pk=link.user_id)
    if not _allowed(provider, user):
        raise SignInRefused("this account may not sign in through this provider")
    link.last_used_at = timezone.now()
    link.save(update_fields=["subject", "last_used_at"])
    return user


@transaction.atomic
def identity_save(*, identity: SignInIdentity, actor: User, request=None) -> None:
    """An administrator registers or changes an identity: it waits for a second one."""
    from .. import events
    from ..models import AuthEventKind

    identity.created_by = actor
    identity.approved_by = None
    identity.approved_at = None
    identity.save()
    events.record(
        kind=AuthEventKind.IDENTITY_LINKED, request=request, user=identity.user, actor=actor
    )


@transaction.atomic
def identity_approve(*, identity: SignInIdentity, actor: User, request=None) -> None:
    if identity.created_by_id == actor.pk:
        raise ValidationError(_("A second administrator must approve what you registered."))
    if identity.user_id == actor.pk:
        raise ValidationError(_("Nobody approves a sign-in identity of their own account."))
    identity.approved_by = actor
    identity.approved_at = timezone.now()
    identity.save(update_fields=["approved_by", "approved_at"])


@transaction.atomic
def identity_delete(*, identity: SignInIdentity, actor: User, request=None) -> None:
    from .. import events
    from ..models import AuthEventKind

    user = identity.user
    identity.delete()
    events.record(kind=AuthEventKind.IDENTITY_UNLINKED, request=request, user=user, actor=actor)


def shows_second_factor(claims: dict) -> bool:
    """Whether the ID token says the person signed in with more than one factor: an `amr`
    value of OIDC_MFA_AMR_VALUES (RFC 8176) or an `acr` of OIDC_MFA_ACR_VALUES (NSIS
    substantial or high)."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if not isinstance(amr, list):
        amr = []
    if set(map(str, amr)) & set(settings.OIDC_MFA_AMR_VALUES):
        return True
    return isinstance(claims.get("acr"), str) and claims["acr"] in settings.OIDC_MFA_ACR_VALUES


def identity_check(identity: SignInIdentity) -> None:
    """The admin's form: a configured provider, an account of the kind it signs in, and a
    subject (or an e-mail address where the provider links by address)."""
    provider = provider_get(identity.provider)
    if provider is None:
        raise ValidationError({"provider": _("No identity provider of that name is configured.")})
    if not identity.subject and not identity.email:
        raise ValidationError(_("Give the subject, or the e-mail address."))
    if identity.email and (provider.is_citizen or not provider.match_email):
        raise ValidationError(
            {"email": _("This provider links by subject only: leave the e-mail address empty.")}
        )
    user = getattr(identity, "user", None)
    if user is not None and not _allowed(provider, user):
        raise ValidationError(
            {"user": _("This account may not sign in through this provider (its role or "
                       "organisation does not match).")}
        )
