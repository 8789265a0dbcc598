"""The authentication trail: what is recorded, that it is append-only, retention, and who
reads it (admins only) through the page and the API (issue 8)."""
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from ibbis.accounts import events
from ibbis.accounts.models import AppendOnlyError, AuthEvent, AuthEventKind, Role
from ibbis.accounts.tasks import purge_auth_events
from tests.factories import TEST_PASSWORD
from tests.ibbis.two_factor_helpers import code_for, enrol

pytestmark = pytest.mark.django_db



AGENT = "Mozilla/5.0 (TestBrowser) " + "x" * 400


def kinds(**filters):
    return list(AuthEvent.objects.filter(**filters).values_list("kind", flat=True))


# Recording -------------------------------------------------------------------------------


def test_a_sign_in_and_a_sign_out_are_recorded_with_ip_and_browser(client, service_user):
    client.post(
        "/login/", {"username": "sara.borger", "password": TEST_PASSWORD},
        HTTP_USER_AGENT=AGENT, REMOTE_ADDR="203.0.113.7",
    )
    client.post("/logout/")
    login = AuthEvent.objects.get(kind="auth.login")
    assert login.user == service_user and login.username == "sara.borger"
    assert login.ip_address == "203.0.113.7"
    assert login.user_agent == AGENT[:300]
    assert kinds(user=service_user, kind="auth.logout") == ["auth.logout"]


def test_a_failed_sign_in_records_the_username_tried_and_never_the_password(client, consultant):
    client.post("/login/", {"username": "erik.ec", "password": "Secret-guess-42"})
    event = AuthEvent.objects.get(kind="auth.login_failed")
    assert event.username == "erik.ec" and event.user is None
    assert "Secret-guess-42" not in " ".join(str(value) for value in vars(event).values())


def test_a_lockout_is_recorded(client, consultant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "erik.ec", "password": "wrong"})
    assert kinds(kind="auth.locked_out", username="erik.ec")
    assert kinds(kind="auth.login_failed").count("auth.login_failed") >= (
        settings.AXES_FAILURE_LIMIT - 1
    )


def test_tokens_issued_and_refused_are_recorded(api, consultant, service_user):
    api.post("/api/auth/token/", {"username": "erik.ec", "password": TEST_PASSWORD})
    assert kinds(user=consultant, kind="auth.token_refused") == ["auth.token_refused"]
    api.post("/api/auth/token/", {"username": "sara.borger", "password": TEST_PASSWORD})
    assert kinds(user=service_user, kind="auth.token_issued") == ["auth.token_issued"]


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(ValueError):
        events.record(kind="auth.something_else", username="x")


def test_a_malformed_forwarded_address_is_not_stored(rf, consultant):
    request = rf.get("/", REMOTE_ADDR="not-an-ip")
    event = events.record(kind=AuthEventKind.LOGOUT, request=request, user=consultant)
    assert event.ip_address is None


# Append-only and retention ---------------------------------------------------------------


def test_events_cannot_be_changed_or_deleted_through_the_orm(consultant):
    event = events.record(kind=AuthEventKind.LOGIN, user=consultant)
    event.username = "someone.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuthEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AuthEvent.objects.filter(pk=event.pk).delete()
    assert AuthEvent.objects.get(pk=event.pk).username == "erik.ec"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_raw_updates_and_deletes(consultant):
    from django.db import DatabaseError, transaction

    event = events.record(kind=AuthEventKind.LOGIN, user=consultant)
    for statement in [
        "UPDATE accounts_authevent SET username = 'x' WHERE id = %s",
        "DELETE FROM accounts_authevent WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    assert AuthEvent.objects.filter(pk=event.pk).exists()


def test_retention_purges_events_older_than_the_setting(settings, consultant):
    settings.AUTH_EVENT_RETENTION_DAYS = 30
    event = events.record(kind=AuthEventKind.LOGIN, user=consultant)
    assert events.purge(now=timezone.now() + timedelta(days=29)) == 0
    assert AuthEvent.objects.filter(pk=event.pk).exists()
    assert events.purge(now=timezone.now() + timedelta(days=31)) == 1
    assert not AuthEvent.objects.filter(pk=event.pk).exists()


def test_the_retention_task_is_idempotent_and_scheduled(settings, consultant, time_machine):
    settings.AUTH_EVENT_RETENTION_DAYS = 365
    time_machine.move_to(timezone.now() - timedelta(days=400))
    events.record(kind=AuthEventKind.LOGIN, user=consultant)
    time_machine.move_to(timezone.now() + timedelta(days=400))
    kept = events.record(kind=AuthEventKind.LOGOUT, user=consultant)
    assert purge_auth_events() == 1
    assert purge_auth_events() == 0
    assert list(AuthEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    schedule = django_settings.CELERY_BEAT_SCHEDULE["purge-auth-events"]
    assert schedule["task"] == "ibbis.accounts.tasks.purge_auth_events"


# The admins' page ------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_only_admins_open_the_events_page(client, user_of_role, role):
    client.force_login(user_of_role[role])
    response = client.get("/accounts/auth-events/")
    # A companion (issue 18) is told nothing exists beyond its own pages (404).
    refused = 404 if role == Role.COMPANION else 403
    assert response.status_code == (200 if role == Role.ADMIN else refused)
    nav = 'data-testid="nav-auth-events"' in client.get("/accounts/security/").content.decode()
    assert nav is (role == Role.ADMIN)


def test_the_events_page_needs_a_signed_in_user(client):
    assert client.get("/accounts/auth-events/")["Location"].startswith("/login/?next=")


def test_the_events_page_filters_by_username_and_kind(client, admin_user, consultant):
    client.post("/login/", {"username": "erik.ec", "password": "wrong"})
    client.post("/login/", {"username": "nobody.here", "password": "wrong"})
    client.force_login(admin_user)
    html = client.get("/accounts/auth-events/?username=ERIK.EC").content.decode()
    assert "erik.ec" in html and "nobody.here" not in html
    html = client.get("/accounts/auth-events/?kind=auth.login").content.decode()
    assert "ada.admin" in html and "erik.ec" not in html


def test_the_events_page_refuses_an_unknown_kind(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/accounts/auth-events/?kind=auth.nope").status_code == 400


def test_the_events_page_is_paginated(client, admin_user):
    for number in range(55):
        events.record(kind=AuthEventKind.LOGIN_FAILED, username=f"guess{number:02d}")
    client.force_login(admin_user)
    first = client.get("/accounts/auth-events/?kind=auth.login_failed")
    assert len(first.context["page"].object_list) == 50
    assert 'rel="next"' in first.content.decode()
    second = client.get("/accounts/auth-events/?kind=auth.login_failed&page=2")
    assert len(second.context["page"].object_list) == 5
    assert "kind=auth.login_failed&amp;page=1" in second.content.decode()


# The API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_only_admins_list_events_through_the_api(api, user_of_role, role):
    response = api.as_user(user_of_role[role]).get("/api/auth-events/")
    # A companion (issue 18) is told nothing exists beyond its own pages (404).
    refused = 404 if role == Role.COMPANION else 403
    assert response.status_code == (200 if role == Role.ADMIN else refused)


def test_the_api_refuses_anonymous_callers(api, db):
    assert api.get("/api/auth-events/").status_code == 401


def test_the_api_lists_filters_and_paginates(api, admin_user, consultant):
    device, _codes = enrol(consultant)
    api.post("/api/auth/token/", {"username": "erik.ec", "password": "wrong"})
    api.post(
        "/api/auth/token/",
        {"username": "erik.ec", "password": TEST_PASSWORD, "otp": code_for(device)},
    )
    admin = api.as_user(admin_user)
    body = admin.get("/api/auth-events/?username=erik.ec").json()
    assert body["count"] == 3
    assert [row["kind"] for row in body["results"]] == [
        "auth.token_issued", "auth.otp_verified", "auth.login_failed"
    ]
    issued = body["results"][0]
    assert set(issued) == {
        "id", "kind", "user", "username", "actor", "ip_address", "user_agent", "created_at"
    }
    assert issued["user"] == str(consultant.pk)
    assert admin.get("/api/auth-events/?kind=auth.login_failed").json()["count"] == 1
    assert admin.get(f"/api/auth-events/?user={consultant.pk}").json()["count"] == 2
    assert admin.get("/api/auth-events/?page_size=1").json()["next"]


def test_the_api_refuses_bad_filters_with_400(api, admin_user):
    admin = api.as_user(admin_user)
    assert admin.get("/api/auth-events/?kind=auth.nope").status_code == 400
    assert admin.get("/api/auth-events/?created_after=yesterday").status_code == 400


def test_the_api_is_read_only(api, admin_user):
    admin = api.as_user(admin_user)
    assert admin.post("/api/auth-events/", {"kind": "auth.login"}).status_code == 405
