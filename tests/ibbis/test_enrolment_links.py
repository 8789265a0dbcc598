"""The first set-up of two-factor sign-in goes through a one-time, expiring enrolment link an
administrator issues, so an initial password alone never reaches the set-up step (issue 13)."""
import time
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from ibbis.accounts import two_factor
from ibbis.accounts.models import AuthEvent, EnrolmentLink, Role
from tests.factories import TEST_PASSWORD
from tests.ibbis.two_factor_helpers import enrol, open_enrolment_link, set_up_code

pytestmark = pytest.mark.django_db


def password_step(client, user):
    return client.post("/login/", {"username": user.username, "password": TEST_PASSWORD})


def set_up(client, user):
    return client.post("/login/setup/", {"code": set_up_code(client)})


def path_of(url):
    return urlsplit(url).path


# Issuing ------------------------------------------------------------------------------------


def test_an_admin_issues_a_link_through_the_api_and_it_works(admin_user, consultant):
    admin = APIClient()
    admin.force_authenticate(admin_user)
    response = admin.post(f"/api/accounts/{consultant.pk}/enrolment-link/")
    assert response.status_code == 201
    body = response.json()
    assert body["url"].startswith("http://testserver/enrol/") and body["expires_at"]
    browser = Client()
    assert browser.get(path_of(body["url"]))["Location"] == "/login/"
    assert password_step(browser, consultant)["Location"] == "/login/setup/"
    assert set_up(browser, consultant).status_code == 200
    assert browser.session.get("_auth_user_id") == str(consultant.pk)
    kinds = set(AuthEvent.objects.filter(user=consultant).values_list("kind", flat=True))
    assert {"auth.enrolment_link_issued", "auth.enrolment_link_used"} <= kinds


@pytest.mark.parametrize("role", list(Role))
def test_only_admins_issue_links(api, user_of_role, consultant, role):
    response = api.as_user(user_of_role[role]).post(
        f"/api/accounts/{consultant.pk}/enrolment-link/"
    )
    # A companion (issue 18) is told nothing exists beyond its own pages (404).
    refused = 404 if role == Role.COMPANION else 403
    assert response.status_code == (201 if role == Role.ADMIN else refused)
    assert EnrolmentLink.objects.exists() is (role == Role.ADMIN)


def test_anonymous_callers_issue_no_link(consultant):
    response = APIClient().post(f"/api/accounts/{consultant.pk}/enrolment-link/")
    assert response.status_code == 401 and not EnrolmentLink.objects.exists()


def test_no_link_for_a_service_user_an_enrolled_or_a_deactivated_account(
    api, admin_user, service_user, consultant, care_manager
):
    enrol(consultant)
    care_manager.is_active = False
    care_manager.save()
    admin = api.as_user(admin_user)
    for account in (service_user, consultant, care_manager):
        response = admin.post(f"/api/accounts/{account.pk}/enrolment-link/")
        assert response.status_code == 400, account
        assert response.json()["code"] == "enrolment_link_refused"
    assert not EnrolmentLink.objects.exists()


def test_an_admin_issues_a_link_on_the_account_page(client, admin_user, consultant):
    client.force_login(admin_user)
    page = client.get("/accounts/manage/").content.decode()
    assert f'data-testid="issue-enrolment-link-{consultant.username}"' in page
    response = client.post(f"/accounts/manage/{consultant.pk}/enrolment-link/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    url = response.context["url"]
    assert url in response.content.decode()
    assert Client().get(path_of(url))["Location"] == "/login/"


def test_others_cannot_issue_a_link_on_the_account_page(client, care_manager, consultant):
    client.force_login(care_manager)
    assert client.post(f"/accounts/manage/{consultant.pk}/enrolment-link/").status_code == 403
    assert not EnrolmentLink.objects.exists()


def test_a_link_for_an_unknown_account_is_404(client, admin_user):
    client.force_login(admin_user)
    url = "/accounts/manage/00000000-0000-0000-0000-000000000000/enrolment-link/"
    assert client.post(url).status_code == 404


def test_the_secret_is_stored_only_as_a_digest(consultant):
    link, secret = two_factor.enrolment_link_issue(user=consultant)
    assert secret not in link.digest and len(link.digest) == 64
    assert not EnrolmentLink.objects.filter(digest=secret).exists()


# Using -------------------------------------------------------------------------------------


def test_a_link_works_once(client, consultant):
    secret = open_enrolment_link(client, consultant)
    password_step(client, consultant)
    assert set_up(client, consultant).status_code == 200
    client.post("/logout/")
    assert Client().get(f"/enrol/{secret}/").status_code == 404


def test_an_unknown_link_is_404_and_does_not_open_the_set_up(client, consultant):
    response = client.get("/enrol/not-a-real-link/")
    assert response.status_code == 404
    assert 'data-testid="enrolment-link-invalid"' in response.content.decode()
    assert password_step(client, consultant).status_code == 403


def test_an_expired_link_is_404(client, consultant):
    _link, secret = two_factor.enrolment_link_issue(user=consultant)
    with time_machine.travel(time.time() + 73 * 3600):
        assert client.get(f"/enrol/{secret}/").status_code == 404


def test_a_link_that_expires_during_the_set_up_confirms_nothing(client, consultant):
    link = EnrolmentLink.objects.get(pk=_issue_and_open(client, consultant))
    password_step(client, consultant)
    code = set_up_code(client)
    EnrolmentLink.objects.filter(pk=link.pk).update(expires_at=link.created_at)
    response = client.post("/login/setup/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert two_factor.confirmed_device(consultant) is None
    assert client.session.get("_auth_user_id") is None


def _issue_and_open(client, user):
    link, secret = two_factor.enrolment_link_issue(user=user)
    open_enrolment_link(client, user, secret)
    return link.pk


def test_a_newer_link_replaces_the_older(client, consultant):
    _old, old_secret = two_factor.enrolment_link_issue(user=consultant)
    two_factor.enrolment_link_issue(user=consultant)
    assert client.get(f"/enrol/{old_secret}/").status_code == 404


def test_a_link_is_bound_to_its_account(client, consultant, care_manager):
    # The attack: a link issued to one person, the password of another unenrolled one.
    open_enrolment_link(client, consultant)
    response = password_step(client, care_manager)
    assert response.status_code == 403 and client.get("/login/setup/")["Location"] == "/login/"
    assert not care_manager.totpdevice_set.exists()


def test_a_deactivated_accounts_link_stops_working(client, consultant):
    _link, secret = two_factor.enrolment_link_issue(user=consultant)
    consultant.is_active = False
    consultant.save()
    assert client.get(f"/enrol/{secret}/").status_code == 404


def test_the_link_does_not_replace_the_password(client, consultant):
    open_enrolment_link(client, consultant)
    response = client.post("/login/", {"username": consultant.username, "password": "wrong"})
    assert response.status_code == 400
    assert client.get("/login/setup/")["Location"] == "/login/"


# Commands ----------------------------------------------------------------------------------


def test_the_command_prints_a_working_link_for_the_first_admin(admin_user):
    out = StringIO()
    call_command("enrolment_link", admin_user.username, stdout=out, stderr=StringIO())
    url = out.getvalue().strip()
    browser = Client()
    assert browser.get(path_of(url))["Location"] == "/login/"
    assert password_step(browser, admin_user)["Location"] == "/login/setup/"


def test_seed_demo_prints_an_enrolment_link_for_each_two_factor_login():
    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--cases", "2", stdout=out, stderr=err)
    lines = out.getvalue().splitlines() + err.getvalue().splitlines()
    logins = {line.split()[2]: line.split()[1] for line in lines if line.startswith("login:")}
    links = dict(line.split()[1:] for line in lines if line.startswith("enrol:"))
    assert set(links) == {
        # The service user and the companion (issue 18) sign in without a second factor.
        username for username, role in logins.items()
        if role not in (Role.SERVICE_USER, Role.COMPANION)
    }
    username, path = next(iter(links.items()))
    browser = Client()
    assert browser.get(path)["Location"] == "/login/"
    response = browser.post("/login/", {"username": username, "password": "ibbis-demo-2026"})
    assert response["Location"] == "/login/setup/"
