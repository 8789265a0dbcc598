"""Security headers on every kind of response, HSTS in production, and the CSP report endpoint."""
import json
import logging
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings

from ibbis.accounts.models import Role
from tests.factories import CaseFactory
from tests.ibbis.test_settings import PRODUCTION_ENV, manage

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
    "report-uri": "/csp-report/",
}


def policy(response) -> dict:
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else "" for d in directives if d}


def assert_hardened(response, csp=STRICT):
    assert policy(response) == csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_login_page_and_healthz_carry_the_headers(client):
    for path in ("/login/", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_hardened(response)


@pytest.mark.django_db
def test_pages_of_every_role_carry_the_strict_policy(client, user_of_role):
    for role, user in user_of_role.items():
        client.force_login(user)
        response = client.get("/", follow=True)
        # The fixture's companion holds no grant: its own page is a 404, hardened all the same.
        assert response.status_code == (404 if role == Role.COMPANION else 200)
        assert_hardened(response)


@pytest.mark.django_db
def test_a_case_page_carries_the_strict_policy(client):
    case = CaseFactory()
    client.force_login(case.care_manager)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.django_db
def test_errors_and_the_api_carry_the_headers(client, api, consultant):
    assert_hardened(client.get("/no-such-page/"))
    assert_hardened(api.get("/api/me/"))  # 401
    response = api.as_user(consultant).get("/api/me/")
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.django_db
def test_the_admin_carries_the_strict_policy(client, admin_user):
    client.force_login(admin_user)
    for path in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"):
        response = client.get(path)
        assert response.status_code == 200
        assert_hardened(response)


@pytest.mark.django_db
def test_no_policy_allows_inline_script_or_style_anywhere(client, admin_user):
    client.force_login(admin_user)
    for path in ("/", "/login/", "/healthz", "/admin/", "/api/docs/", "/api/schema/"):
        directives = policy(client.get(path, follow=True))
        for name in ("script-src", "style-src", "default-src"):
            assert "'unsafe-inline'" not in directives.get(name, ""), (path, name)
            assert "'unsafe-eval'" not in directives.get(name, ""), (path, name)


@pytest.mark.django_db
def test_api_docs_load_swagger_ui_from_our_own_origin_under_the_strict_policy(client):
    """Attack (issue 13): /api/docs/ loaded Swagger UI from an unpinned CDN folder that its
    CSP had to allow; whoever controlled that folder ran script on our origin."""
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_hardened(response)  # exactly the site's policy: no CDN host in any directive
    assert "http" not in response["Content-Security-Policy"]
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 4, assets  # css, bundle, preset, start-up script (and favicon)
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        if asset.startswith(settings.STATIC_URL):
            assert finders.find(asset[len(settings.STATIC_URL):]), asset
    assert any("swagger-ui-bundle.js" in asset for asset in assets)
    assert "<style" not in html
    assert "<script>" not in html  # the start-up script comes from our origin (?script)
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")


def test_hsts_is_production_only():
    from ibbis.settings import base

    assert getattr(base, "SECURE_HSTS_SECONDS", 0) == 0
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS, "
        "s.SECURE_CONTENT_TYPE_NOSNIFF, s.SECURE_REFERRER_POLICY, "
        "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE)"
    )
    result = manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    # Django 5.2's shell first prints what it imported; the answer is the last line.
    assert result.stdout.strip().splitlines()[-1].split() == [
        "31536000", "True", "DENY", "True", "same-origin", "True",
    ]


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
                   SECURE_HSTS_PRELOAD=True)
def test_hsts_header_is_sent_over_https_with_the_production_values(client):
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/login/")


# The CSP report endpoint -------------------------------------------------------------------

REPORT = {
    "csp-report": {
        "document-uri": "https://ibbis.example.dk/cases/1/?token=secret#x",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'",
        "blocked-uri": "inline",
        "line-number": 12,
        "source-file": "https://ibbis.example.dk/cases/1/",
        "status-code": 200,
        "disposition": "enforce",
    }
}


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


@pytest.mark.django_db
def test_a_violation_report_is_logged_at_warning_and_answered_204(csrf_client, caplog):
    with caplog.at_level(logging.WARNING, logger="ibbis.csp"):
        response = csrf_client.post(
            "/csp-report/", json.dumps(REPORT), content_type="application/csp-report"
        )
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "ibbis.csp"]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "script-src-elem" in message and "/cases/1/" in message
    assert "secret" not in message  # query strings and fragments are dropped


@pytest.mark.django_db
def test_a_reporting_api_report_is_accepted(csrf_client, caplog):
    body = [{"type": "csp-violation", "url": "https://x/", "body": {
        "documentURL": "https://ibbis.example.dk/", "effectiveDirective": "style-src-attr",
        "blockedURL": "inline", "disposition": "enforce"}}]
    with caplog.at_level(logging.WARNING, logger="ibbis.csp"):
        response = csrf_client.post(
            "/csp-report/", json.dumps(body), content_type="application/reports+json"
        )
    assert response.status_code == 204
    assert "style-src-attr" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("body", [
    b"", b"not json", b"\xff\xfe", b"[]", b"{}", b"42", b'{"csp-report": "x"}',
    b'[{"type": "deprecation", "body": {}}]', b'{"csp-report": [1]}',
])
def test_junk_is_a_400_never_a_500(csrf_client, body, caplog):
    response = csrf_client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.name == "ibbis.csp"]


@pytest.mark.django_db
def test_an_oversized_report_is_refused_with_413(csrf_client):
    body = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
    response = csrf_client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 413


@pytest.mark.django_db
def test_long_fields_are_cut_short_in_the_log(csrf_client, caplog):
    body = json.dumps({"csp-report": {"violated-directive": "a" * 5000}})
    with caplog.at_level(logging.WARNING, logger="ibbis.csp"):
        response = csrf_client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 204
    assert "a" * 300 in caplog.text and "a" * 301 not in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_allowed(csrf_client, method):
    assert getattr(csrf_client, method)("/csp-report/").status_code == 405


@pytest.mark.django_db
def test_a_signed_in_user_reports_without_a_csrf_token_too(csrf_client, consultant):
    csrf_client.force_login(consultant)
    response = csrf_client.post(
        "/csp-report/", json.dumps(REPORT), content_type="application/csp-report"
    )
    assert response.status_code == 204
