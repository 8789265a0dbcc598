"""A real OpenID Connect provider for the tests: npm `oidc-provider` in a Node process
(tests/e2e/tooling/oidc_provider.mjs), on a free loopback port, installed by
`npm ci --prefix tests/e2e/tooling` (.ci/run) and never downloaded at test time.

`OidcProvider(...)` starts one with its test client(s) and accounts; `sign_in_at_provider`
walks its sign-in page with `requests` as a browser would and returns the URL it sends the
browser back to (our callback, with code and state).
"""
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

TOOLING = Path(__file__).resolve().parent / "e2e" / "tooling"
SCRIPT = TOOLING / "oidc_provider.mjs"
NSIS_SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"
NSIS_LOW = "https://data.gov.dk/concept/core/nsis/loa/Low"


def provider_available() -> bool:
    installed = (TOOLING / "node_modules" / "oidc-provider").is_dir()
    return shutil.which("node") is not None and installed


def need_provider():
    if not provider_available():
        pytest.skip("node and tests/e2e/tooling/node_modules (npm ci --prefix tests/e2e/tooling)")


class OidcProvider:
    def __init__(self, *, clients, accounts, wrong_keys=False):
        config = {"clients": clients, "accounts": accounts, "wrongKeys": wrong_keys}
        self.process = subprocess.Popen(
            ["node", str(SCRIPT), json.dumps(config)], cwd=TOOLING,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening "):
            self.stop()
            error = self.process.stderr.read()
            raise RuntimeError(f"the test provider did not start: {line} {error}")
        self.issuer = line.split(" ", 1)[1]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()


def client_config(*, client_id, redirect_uris, post_logout_redirect_uris=(),
                  backchannel_logout_uri=None):
    extra = {"backchannel_logout_uri": backchannel_logout_uri} if backchannel_logout_uri else {}
    return {
        **extra,
        "client_id": client_id,
        "client_secret": f"{client_id}-secret-for-tests-only",
        "redirect_uris": list(redirect_uris),
        "post_logout_redirect_uris": list(post_logout_redirect_uris),
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "client_secret_basic",
    }


def provider_settings(name, issuer, *, kind, client_id, **extra):
    return {
        "name": name, "kind": kind, "label": extra.pop("label", ""), "issuer": issuer,
        "client_id": client_id, "client_secret": f"{client_id}-secret-for-tests-only",
        "scopes": extra.pop("scopes", "openid email profile"),
        "acr_values": extra.pop("acr_values", ""),
        "organisation": extra.pop("organisation", ""),
        "token_auth_method": "client_secret_basic", "sign_algo": "RS256",
        "match_email": extra.pop("match_email", False),
    }


def sign_in_at_provider(authorize_url: str, login: str, session=None) -> str:
    """Follow the provider's redirects from the authorisation request, sign in as `login` on
    its page, and return the redirect back to the relying party."""
    session = session or requests.Session()
    url = authorize_url
    for _ in range(10):
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(authorize_url.split("/auth")[0]):
                return url  # back to the relying party
            continue
        if response.status_code == 200 and "/interaction/" in url:
            posted = session.post(
                url.rstrip("/") + "/login", data={"login": login}, allow_redirects=False,
                timeout=10,
            )
            assert posted.status_code == 303, posted.text
            url = urljoin(url, posted.headers["Location"])
            continue
        raise AssertionError(f"unexpected answer {response.status_code} at {url}: {response.text}")
    raise AssertionError("too many redirects at the provider")
