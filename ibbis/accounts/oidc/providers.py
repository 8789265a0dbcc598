"""The configured OpenID Connect providers and their discovery documents.

Each provider comes from the environment (settings.OIDC_PROVIDERS, built in
ibbis/settings/base.py from OIDC_PROVIDERS and OIDC_<NAME>_*): NemLog-in for citizens, one
per organisation for staff, as many at once as are named. The endpoints are not configured
by hand: they come from the issuer's discovery document (OpenID Connect Discovery 1.0 § 4),
whose `issuer` must be the configured one (§ 4.3), cached for OIDC_METADATA_CACHE_SECONDS.
"""
import hashlib
import re
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

CITIZEN = "citizen"
STAFF = "staff"
KINDS = (CITIZEN, STAFF)
# The clock skew we accept on exp/iat/nbf is bounded, whatever the environment says.
MAX_CLOCK_SKEW_SECONDS = 300
SUPPORTED_TOKEN_AUTH = ("client_secret_basic", "client_secret_post")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")


class ProviderUnavailable(Exception):
    """The provider could not be reached, or answered something that is not OpenID Connect."""


@dataclass(frozen=True)
class Provider:
    name: str
    kind: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    acr_values: str
    organisation: str
    token_auth_method: str
    sign_algo: str
    match_email: bool

    @property
    def is_citizen(self) -> bool:
        return self.kind == CITIZEN

    @property
    def button_label(self) -> str:
        if self.label:
            return str(_("Log in with %(name)s") % {"name": self.label})
        if self.is_citizen:
            return str(_("Log in with MitID"))
        return str(_("Log in with your organisation"))


def _provider(config: dict) -> Provider:
    name = str(config.get("name", ""))
    if not _NAME.match(name):
        raise ImproperlyConfigured(f"OIDC provider name {name!r} must be a lowercase slug")
    provider = Provider(
        name=name,
        kind=config.get("kind", STAFF),
        label=config.get("label", ""),
        issuer=config.get("issuer", ""),
        client_id=config.get("client_id", ""),
        client_secret=config.get("client_secret", ""),
        scopes=config.get("scopes") or "openid",
        acr_values=config.get("acr_values", ""),
        organisation=config.get("organisation", ""),
        token_auth_method=config.get("token_auth_method", "client_secret_basic"),
        sign_algo=config.get("sign_algo", "RS256"),
        match_email=bool(config.get("match_email", False)),
    )
    if provider.kind not in KINDS:
        raise ImproperlyConfigured(f"OIDC_{name.upper()}_KIND must be one of {KINDS}")
    if not provider.issuer.startswith(("https://", "http://")) or not provider.client_id:
        raise ImproperlyConfigured(f"OIDC provider {name!r} needs an issuer URL and a client id")
    if "openid" not in provider.scopes.split():
        raise ImproperlyConfigured(f"OIDC_{name.upper()}_SCOPES must include openid")
    if provider.token_auth_method not in SUPPORTED_TOKEN_AUTH:
        raise ImproperlyConfigured(
            f"OIDC_{name.upper()}_TOKEN_AUTH_METHOD must be one of {SUPPORTED_TOKEN_AUTH}"
        )
    if not provider.sign_algo.startswith(("RS", "ES", "PS")):
        # A shared-secret (HS*) ID token could be made by anyone who holds the client secret.
        raise ImproperlyConfigured(f"OIDC_{name.upper()}_SIGN_ALGO must be asymmetric")
    return provider


def configured() -> list[Provider]:
    return [_provider(config) for config in settings.OIDC_PROVIDERS]


def get(name: str) -> Provider | None:
    return next((provider for provider in configured() if provider.name == name), None)


def clock_skew_seconds() -> int:
    return max(0, min(int(settings.OIDC_CLOCK_SKEW_SECONDS), MAX_CLOCK_SKEW_SECONDS))


def _cache_key(provider: Provider) -> str:
    digest = hashlib.sha256(provider.issuer.encode()).hexdigest()[:16]
    return f"oidc:metadata:{provider.name}:{digest}"


def metadata(provider: Provider) -> dict:
    """The provider's discovery document; ProviderUnavailable when it cannot be had or does
    not describe this issuer."""
    key = _cache_key(provider)
    document = cache.get(key)
    if document is not None:
        return document
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"discovery of {provider.name} failed: {error}") from error
    if not isinstance(document, dict) or any(
        not isinstance(document.get(field), str)
        for field in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    ):
        raise ProviderUnavailable(f"{provider.name}: the discovery document is incomplete")
    if document["issuer"].rstrip("/") != provider.issuer.rstrip("/"):
        raise ProviderUnavailable(f"{provider.name}: the discovery document names another issuer")
    cache.set(key, document, settings.OIDC_METADATA_CACHE_SECONDS)
    return document
