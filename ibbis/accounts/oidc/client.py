"""The code exchange and the ID token checks: mozilla-django-oidc, one provider at a time.

mozilla-django-oidc's backend does the token request, finds the signing key in the
provider's JWKS, verifies the signature and the nonce (docs/decisions.md says why this
library). It reads one provider from Django settings; `ProviderClient` answers those
settings from one configured provider instead, and adds the checks the library leaves out:
audience and issuer, a bounded clock skew, the claims that must be there, and `azp` when
there are several audiences (OpenID Connect Core 1.0 § 3.1.3.7). It is a helper, not an
authentication backend: ibbis.accounts.oidc.backend keeps the sessions.
"""
import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from .providers import Provider, ProviderUnavailable, clock_skew_seconds

REQUIRED_CLAIMS = ["iss", "sub", "aud", "exp", "iat"]


class ProviderClient(OIDCAuthenticationBackend):
    def __init__(self, provider: Provider, metadata: dict, *, required_claims=None):
        self.provider = provider
        self.metadata = metadata
        # ID tokens by default; a back-channel logout token has no subject of necessity.
        self.required_claims = required_claims or REQUIRED_CLAIMS
        super().__init__()

    def get_settings(self, attr, *args):  # the library's settings, for this provider
        values = {
            "OIDC_OP_TOKEN_ENDPOINT": self.metadata["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": self.metadata.get("userinfo_endpoint", ""),
            "OIDC_OP_JWKS_ENDPOINT": self.metadata["jwks_uri"],
            "OIDC_RP_CLIENT_ID": self.provider.client_id,
            "OIDC_RP_CLIENT_SECRET": self.provider.client_secret,
            "OIDC_RP_SIGN_ALGO": self.provider.sign_algo,
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_TOKEN_USE_BASIC_AUTH": self.provider.token_auth_method == "client_secret_basic",
            "OIDC_USE_NONCE": True,
            "OIDC_VERIFY_SSL": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_TIMEOUT": settings.OIDC_TIMEOUT_SECONDS,
            "OIDC_PROXY": None,
        }
        if attr in values:
            return values[attr]
        return import_from_settings(attr, *args)

    def authenticate(self, request, **kwargs):  # never an authentication backend
        return None

    def _verify_jws(self, payload, key):
        """The signature (PyJWT, with the key the library found by `kid`) and every claim
        check: issuer, audience, exp/iat/nbf within the bounded clock skew."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("the ID token is not signed with the configured algorithm")
        claims = jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.provider.client_id,
            issuer=self.metadata["issuer"],
            leeway=clock_skew_seconds(),
            options={"require": self.required_claims},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.provider.client_id:
            raise SuspiciousOperation("the ID token was issued to another party (azp)")
        if "sub" in self.required_claims and (
            not isinstance(claims.get("sub"), str) or not claims["sub"]
        ):
            raise SuspiciousOperation("the ID token has no subject")
        return claims

    def get_payload_data(self, token, key):
        # The library json-decodes what this returns; ours is already the checked claims.
        return self._verify_jws(token, key)

    def verify_token(self, token, **kwargs):
        nonce = kwargs.get("nonce")
        if not nonce:
            raise SuspiciousOperation("no nonce was sent for this sign-in")
        try:
            key = self.retrieve_matching_jwk(token)
            claims = self.get_payload_data(token, key)
        except (jwt.PyJWTError, KeyError, TypeError) as error:  # TypeError: not a JWT's shape
            raise SuspiciousOperation(f"ID token refused: {error!r}") from error
        if claims.get("nonce") != nonce:
            raise SuspiciousOperation("JWT Nonce verification failed.")
        return claims

    def sign_in(self, *, code: str, code_verifier: str, nonce: str, redirect_uri: str):
        """(claims, raw ID token) for an authorisation code; SuspiciousOperation when the
        provider refuses the code or the ID token fails a check, ProviderUnavailable when
        the provider cannot be reached."""
        payload = {
            "client_id": self.provider.client_id,
            "client_secret": self.provider.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        try:
            token_info = self.get_token(payload)
        except requests.HTTPError as error:
            status = getattr(error.response, "status_code", 500)
            if status >= 500:
                raise ProviderUnavailable(f"token endpoint answered {status}") from error
            raise SuspiciousOperation(f"the provider refused the code ({status})") from error
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(f"token endpoint: {error}") from error
        id_token = token_info.get("id_token") if isinstance(token_info, dict) else None
        if not isinstance(id_token, str) or not id_token:
            raise SuspiciousOperation("the token response has no ID token")
        try:
            claims = self.verify_token(id_token, nonce=nonce)
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(f"JWKS: {error}") from error
        return claims, id_token
