from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.ibbis.two_factor_helpers import code_for, enrol

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_token_is_issued_for_good_credentials_and_works(api, consultant):
    device, _codes = enrol(consultant)
    response = api.post(
        "/api/auth/token/",
        {"username": "erik.ec", "password": PASSWORD, "otp": code_for(device)},
    )
    assert response.status_code == 200
    token = response.json()["token"]
    expires_at = datetime.fromisoformat(response.json()["expires_at"])
    assert timedelta(hours=9) < expires_at - timezone.now() <= timedelta(hours=10)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/me/").json()["username"] == "erik.ec"


def test_a_service_user_without_two_factor_gets_a_token_with_the_password(api, service_user):
    response = api.post("/api/auth/token/", {"username": "sara.borger", "password": PASSWORD})
    assert response.status_code == 200 and response.json()["token"]


def test_bad_credentials_get_400_and_no_token(api, consultant):
    response = api.post("/api/auth/token/", {"username": "erik.ec", "password": "nope"})
    assert response.status_code == 400
    assert "token" not in response.json()
    assert response.json()["code"] == "invalid_credentials"


def test_missing_fields_get_field_errors(api, db):
    response = api.post("/api/auth/token/", {"username": "x"})
    assert response.status_code == 400
    assert "password" in response.json()


def test_token_endpoint_locks_out_after_repeated_failures(api, consultant, settings):
    statuses = [
        api.post("/api/auth/token/", {"username": "erik.ec", "password": "nope"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The failure that reaches the limit is itself answered with the lockout.
    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = api.post("/api/auth/token/", {"username": "erik.ec", "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert "token" not in locked.json()


def test_lockout_on_the_token_endpoint_also_locks_the_login_page(
    api, client, consultant, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/auth/token/", {"username": "erik.ec", "password": "nope"})
    assert client.post("/login/", {"username": "erik.ec", "password": PASSWORD}).status_code == 429


def test_inactive_account_gets_no_token(api, consultant):
    consultant.is_active = False
    consultant.save()
    assert api.post(
        "/api/auth/token/", {"username": "erik.ec", "password": PASSWORD}
    ).status_code == 400


def test_me_describes_the_caller(api, consultant, jobcentre):
    body = api.as_user(consultant).get("/api/me/").json()
    assert body == {
        "id": str(consultant.pk),
        "username": "erik.ec",
        "role": "employment_consultant",
        "organisation": str(jobcentre.pk),
        "display_name": consultant.get_full_name(),
    }


def test_me_of_a_service_user_has_no_organisation(api, service_user):
    assert api.as_user(service_user).get("/api/me/").json()["organisation"] is None


def test_an_invalid_token_gets_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/me/").status_code == 401
