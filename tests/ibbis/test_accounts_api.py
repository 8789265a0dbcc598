import pytest

from ibbis.accounts.models import Organisation, Role, User
from ibbis.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

GOOD = "a long and unusual passphrase 42"


def account_body(**overrides):
    body = {
        "username": "new.person", "password": GOOD, "first_name": "Ny", "last_name": "Person",
        "email": "new@example.test", "role": "service_user",
    }
    body.update(overrides)
    return body


def test_admin_creates_an_organisation(api, admin_user):
    response = api.as_user(admin_user).post(
        "/api/organisations/", {"name": "Jobcenter Vejle", "kind": "jobcentre"}
    )
    assert response.status_code == 201
    assert Organisation.objects.get(pk=response.json()["id"]).kind == "jobcentre"


def test_organisation_of_unknown_kind_is_refused(api, admin_user):
    response = api.as_user(admin_user).post(
        "/api/organisations/", {"name": "X", "kind": "hospital"}
    )
    assert response.status_code == 400 and "kind" in response.json()
    assert not Organisation.objects.filter(name="X").exists()


def test_admin_creates_a_professional_in_an_organisation(api, admin_user, jobcentre):
    response = api.as_user(admin_user).post(
        "/api/accounts/",
        account_body(role="employment_consultant", organisation=str(jobcentre.pk)),
    )
    assert response.status_code == 201, response.json()
    user = User.objects.get(pk=response.json()["id"])
    assert user.role == Role.EMPLOYMENT_CONSULTANT and user.organisation == jobcentre
    assert user.password.startswith("md5$") or user.check_password(GOOD)
    assert "password" not in response.json()


def test_new_account_gets_a_welcome_mail_once_committed(
    api, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(admin_user).post("/api/accounts/", account_body())
    assert response.status_code == 201
    assert [m.to for m in mailoutbox] == [["new@example.test"]]
    assert User.objects.get(username="new.person").welcome_sent_at is not None


def test_a_mail_server_that_is_down_never_turns_a_created_account_into_an_error(
    api, admin_user, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    # The embedded mode: the delivery runs in the request, after the commit.
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(admin_user).post("/api/accounts/", account_body())
    assert response.status_code == 201
    user = User.objects.get(username="new.person")
    assert user.welcome_sent_at is None
    assert OutboxMessage.objects.get(key=f"welcome:{user.pk}").state == "failed"


@pytest.mark.parametrize("weak", ["short", "password123", "12345678901", "new.person1"])
def test_a_weak_password_is_refused_and_nothing_is_created(api, admin_user, weak):
    response = api.as_user(admin_user).post("/api/accounts/", account_body(password=weak))
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="new.person").exists()


def test_a_professional_without_organisation_is_refused(api, admin_user):
    response = api.as_user(admin_user).post("/api/accounts/", account_body(role="care_manager"))
    assert response.status_code == 400 and "organisation" in response.json()


def test_a_care_manager_in_a_jobcentre_is_refused(api, admin_user, jobcentre):
    response = api.as_user(admin_user).post(
        "/api/accounts/", account_body(role="care_manager", organisation=str(jobcentre.pk))
    )
    assert response.status_code == 400 and "organisation" in response.json()


def test_a_service_user_with_an_organisation_is_refused(api, admin_user, jobcentre):
    response = api.as_user(admin_user).post(
        "/api/accounts/", account_body(organisation=str(jobcentre.pk))
    )
    assert response.status_code == 400 and "organisation" in response.json()


def test_unknown_role_and_duplicate_username_are_refused(api, admin_user, service_user):
    client = api.as_user(admin_user)
    assert "role" in client.post("/api/accounts/", account_body(role="boss")).json()
    dup = client.post("/api/accounts/", account_body(username=service_user.username.upper()))
    assert dup.status_code == 400 and "username" in dup.json()


def test_a_malformed_organisation_id_is_a_field_error(api, admin_user):
    response = api.as_user(admin_user).post(
        "/api/accounts/", account_body(role="manager", organisation="not-a-uuid")
    )
    assert response.status_code == 400 and "organisation" in response.json()


@pytest.mark.parametrize(
    "role", [Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT, Role.MANAGER, Role.SERVICE_USER]
)
@pytest.mark.parametrize(
    "method,path",
    [("get", "/api/accounts/"), ("post", "/api/accounts/"),
     ("get", "/api/organisations/"), ("post", "/api/organisations/")],
)
def test_only_admins_manage_accounts_and_organisations(api, user_of_role, role, method, path):
    response = getattr(api.as_user(user_of_role[role]), method)(path, {})
    assert response.status_code == 403


def test_admin_lists_accounts_paginated(api, admin_user, user_of_role):
    body = api.as_user(admin_user).get("/api/accounts/?page_size=2").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(user_of_role) and len(body["results"]) == 2 and body["next"]


def test_page_size_is_capped_at_200(api, admin_user):
    User.objects.bulk_create(
        User(username=f"bulk{i}", role=Role.SERVICE_USER) for i in range(205)
    )
    body = api.as_user(admin_user).get("/api/accounts/?page_size=100000").json()
    assert body["count"] == 206 and len(body["results"]) == 200


def test_admin_sees_one_account_and_unknown_ids_are_404(api, admin_user, consultant):
    client = api.as_user(admin_user)
    assert client.get(f"/api/accounts/{consultant.pk}/").json()["username"] == "erik.ec"
    missing = client.get(
        "/api/accounts/00000000-0000-0000-0000-000000000000/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found.", "code": "not_found"}
    assert client.get("/api/accounts/not-a-uuid/").status_code == 404


def test_createsuperuser_makes_an_admin(db):
    from django.core.management import call_command

    call_command(
        "createsuperuser", username="root", email="root@example.test", interactive=False
    )
    assert User.objects.get(username="root").role == Role.ADMIN
