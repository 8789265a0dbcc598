import pytest
from rest_framework.test import APIClient

from tests.urlwalk import api_paths

pytestmark = pytest.mark.django_db

PUBLIC = {"/api/auth/token/", "/api/schema/", "/api/docs/"}


def test_the_walk_finds_the_api_routes():
    paths = api_paths()
    assert "/api/me/" in paths and "/api/accounts/" in paths
    assert any(p.startswith("/api/accounts/0000") for p in paths)


@pytest.mark.parametrize("path", [p for p in api_paths() if p not in PUBLIC])
@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_every_api_route_refuses_anonymous_callers_with_401(client, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 401, (method, path, response.status_code)
    assert response["Cache-Control"].count("no-store") == 1


def test_every_api_response_is_marked_no_store(api, consultant):
    for response in (
        api.as_user(consultant).get("/api/me/"),
        api.get("/api/does-not-exist/"),
        api.post("/api/auth/token/", {}),
    ):
        assert "no-store" in response["Cache-Control"]


def test_session_authenticated_writes_need_a_csrf_token(admin_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/api/organisations/", {"name": "Y", "kind": "jobcentre"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_session_authenticated_reads_work(admin_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.get("/api/me/").status_code == 200


def test_malformed_json_gets_400_not_500(api, admin_user):
    response = api.as_user(admin_user).post(
        "/api/organisations/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_an_unknown_page_number_is_404_with_code(api, admin_user):
    response = api.as_user(admin_user).get("/api/accounts/?page=99")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_schema_and_docs_are_public(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
