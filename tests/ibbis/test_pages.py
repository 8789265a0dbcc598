import pytest
from django.urls import reverse

from ibbis.accounts.models import Role

pytestmark = pytest.mark.django_db

LANDING = {
    Role.CARE_MANAGER: "/caseload/",
    Role.EMPLOYMENT_CONSULTANT: "/caseload/",
    Role.SERVICE_USER: "/my-case/",
    Role.MANAGER: "/dashboard/",
    Role.ADMIN: "/accounts/manage/",
}


@pytest.mark.parametrize("role", list(LANDING))
def test_each_role_lands_on_its_own_home_page(client, user_of_role, role):
    client.force_login(user_of_role[role])
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == LANDING[role]
    assert response.status_code == 200


@pytest.mark.parametrize("role", list(LANDING))
def test_home_pages_of_other_roles_are_forbidden(client, user_of_role, role):
    client.force_login(user_of_role[role])
    for other_role, url in LANDING.items():
        if url != LANDING[role]:
            assert client.get(url).status_code == 403, (role, other_role)


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_has_labelled_fields_skip_link_and_main_landmark(client):
    html = client.get("/login/").content.decode()
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'lang="da"' in html


def test_login_page_speaks_english_when_the_browser_asks(client):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in html and "Log in" in html


def test_login_page_speaks_danish_by_default(client):
    html = client.get("/login/").content.decode()
    assert "Log ind" in html and "Adgangskode" in html


def test_logging_in_through_the_form_lands_on_the_role_home(client, service_user):
    # Roles that sign in with two factors: tests/ibbis/test_two_factor.py.
    response = client.post(
        "/login/", {"username": "sara.borger", "password": "correct horse battery staple"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/my-case/"


def test_wrong_password_on_the_form_shows_an_error_and_does_not_log_in(client, consultant):
    response = client.post("/login/", {"username": "erik.ec", "password": "wrong"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_page_locks_out_after_repeated_failures(client, consultant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "erik.ec", "password": "wrong"})
    response = client.post(
        "/login/", {"username": "erik.ec", "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, consultant):
    client.force_login(consultant)
    assert client.get("/logout/").status_code == 405
    client.post("/logout/")
    assert client.get("/caseload/").status_code == 302


def test_admin_account_page_lists_real_accounts_and_organisations(client, admin_user, consultant):
    client.force_login(admin_user)
    html = client.get("/accounts/manage/").content.decode()
    assert "erik.ec" in html and "Jobcenter Test" in html


def test_language_switcher_changes_the_language(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert 'lang="en"' in client.get("/login/").content.decode()
