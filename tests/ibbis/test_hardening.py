"""Issue 13, Hardening: each attack the intruder made, made again through HTTP.

Malformed bodies (deep JSON, oversized bodies, unknown API paths) on every JSON endpoint,
anonymous and signed in; the browsable API; Cache-Control on every page a signed-in person
sees; the Swagger UI assets are in test_security_headers.py.
"""
import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from coordination.models import Case
from ibbis.accounts.models import Organisation
from tests.factories import CaseFactory
from tests.ibbis.test_settings import PRODUCTION_ENV, manage
from tests.urlwalk import SAMPLE_ID, api_paths, page_paths

pytestmark = pytest.mark.django_db

DEEP = "[" * 2048  # the intruder's 2 KB of brackets
WRITE_METHODS = ("post", "put", "patch")
DOCUMENTS = {"/api/schema/", "/api/docs/"}  # the schema and the docs page have own formats


def _signed_in(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _send(client, method, path, body, content_type="application/json"):
    return getattr(client, method)(path, data=body, content_type=content_type)


def _assert_json_error(response, *statuses):
    assert response.status_code in statuses, response.status_code
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) >= {"detail", "code"} or response.status_code == 405, body
    return body


# Deeply nested JSON ------------------------------------------------------------------------


@pytest.mark.parametrize("path", api_paths())
def test_deep_json_is_never_a_500_on_any_api_route(path, admin_user, care_manager):
    """Attack: 2 KB of '[' to every API route gave an anonymous 500 (RecursionError)."""
    for client in (APIClient(), _signed_in(admin_user), _signed_in(care_manager)):
        for method in WRITE_METHODS:
            response = _send(client, method, path, DEEP)
            assert response.status_code < 500, (method, path, response.status_code)
            if path not in DOCUMENTS:
                assert response["Content-Type"].startswith("application/json"), (method, path)
            if response.status_code == 400:
                assert response.json()["code"] == "parse_error", (method, path)


@pytest.mark.parametrize("body", [DEEP, "{\"a\":" * 900 + "1" + "}" * 900, "[" * 65 + "]" * 65])
def test_deep_json_is_400_parse_error_where_the_body_is_read(body, admin_user):
    anonymous = _send(APIClient(), "post", "/api/auth/token/", body)
    assert _assert_json_error(anonymous, 400)["code"] == "parse_error"
    signed_in = _send(_signed_in(admin_user), "post", "/api/organisations/", body)
    assert _assert_json_error(signed_in, 400)["code"] == "parse_error"
    assert not Organisation.objects.filter(name="").exists()


def test_json_as_deep_as_the_limit_is_still_read(admin_user):
    body = json.dumps({"name": "Jobcenter Dybt", "kind": "jobcentre",
                       "x": json.loads("[" * 62 + "]" * 62)})
    response = _send(_signed_in(admin_user), "post", "/api/organisations/", body)
    assert response.status_code == 201, response.content
    assert Organisation.objects.filter(name="Jobcenter Dybt").exists()


@pytest.mark.parametrize("body", [DEEP, '{"csp-report": ' * 300 + "1" + "}" * 300])
def test_deep_json_to_the_csp_report_endpoint_is_400(client, body, consultant):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(consultant)
        response = client.post("/csp-report/", body, content_type="application/csp-report")
        assert _assert_json_error(response, 400)["code"] == "parse_error"


# Oversized bodies --------------------------------------------------------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=50_000)
@pytest.mark.parametrize("path", api_paths())
def test_an_oversized_body_is_413_json_on_every_api_route(path, admin_user):
    big = json.dumps({"name": "x" * 60_000})
    for client in (APIClient(), _signed_in(admin_user)):
        response = _send(client, "post", path, big)
        assert _assert_json_error(response, 413)["code"] == "too_large", path


def test_an_oversized_body_changes_nothing(admin_user):
    before = Organisation.objects.count()
    big = json.dumps({"name": "Jobcenter Stor", "kind": "jobcentre", "pad": "x" * 3_000_000})
    response = _send(_signed_in(admin_user), "post", "/api/organisations/", big)
    assert _assert_json_error(response, 413)["code"] == "too_large"
    assert Organisation.objects.count() == before


def test_an_oversized_form_to_a_page_is_413_not_a_bare_400(client):
    response = client.post(
        "/login/", "username=x&password=" + "y" * 3_000_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


def test_an_oversized_csp_report_is_413_json(client):
    body = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
    response = client.post("/csp-report/", body, content_type="application/csp-report")
    assert _assert_json_error(response, 413)["code"] == "too_large"


def test_a_form_with_too_many_fields_is_a_json_400(admin_user):
    body = "&".join(f"f{i}=1" for i in range(1200))
    response = _signed_in(admin_user).post(
        "/api/organisations/", body, content_type="application/x-www-form-urlencoded"
    )
    assert _assert_json_error(response, 400)["code"] == "parse_error"


# Unknown API paths and the browsable API -----------------------------------------------------


@pytest.mark.parametrize("path", [
    "/api/does-not-exist/", f"/api/cases/{SAMPLE_ID}/nope/", "/api/accounts/x/y/z/", "/api/",
])
def test_unknown_api_paths_are_404_json(path, consultant):
    for client in (APIClient(), _signed_in(consultant)):
        response = client.get(path)
        body = _assert_json_error(response, 404)
        assert body == {"detail": "Not found.", "code": "not_found"}
        assert "no-store" in response["Cache-Control"]


def test_unknown_pages_stay_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_api_answers_json_even_when_a_browser_asks_for_html(consultant):
    client = _signed_in(consultant)
    response = client.get("/api/me/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert client.get("/api/me/", HTTP_ACCEPT="text/html").status_code == 406
    assert client.get("/api/me/?format=api").status_code == 404


def test_production_renders_json_only():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(','.join(s.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']))"
    )
    result = manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "rest_framework.renderers.JSONRenderer"


# Cache-Control: no-store for every signed-in response --------------------------------------


def _walked_paths(case):
    for path in page_paths():
        yield path
        if path.startswith("/cases/") and str(SAMPLE_ID) in path:
            yield path.replace(str(SAMPLE_ID), str(case.pk), 1)


def test_every_page_a_signed_in_person_gets_is_no_store(client, user_of_role):
    """Attack: pages with case content (a professional's caseload, a service user's plan)
    carried no Cache-Control, so a shared computer's browser cache kept them after
    sign-out."""
    case = CaseFactory()
    people = {**user_of_role, "case care manager": case.care_manager,
              "case service user": case.service_user}
    for role, user in people.items():
        client.force_login(user)
        for path in _walked_paths(case):
            if path == "/logout/":
                continue
            response = client.get(path)
            cache_control = response.get("Cache-Control", "")
            assert "no-store" in cache_control, (role, path, response.status_code)
            assert "private" in response["Cache-Control"], (role, path)
    assert Case.objects.filter(pk=case.pk).exists()
