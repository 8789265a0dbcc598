"""Everyone changes their own password; a password an administrator chose is changed at the
first sign-in, before anything else (issue 13, second factor)."""
import pytest
from django.test import Client
from rest_framework.test import APIClient

from ibbis.accounts.models import AccountChangeRequest, AuthEvent, Role, User
from tests.factories import TEST_PASSWORD
from tests.ibbis.two_factor_helpers import open_enrolment_link, set_up_code

pytestmark = pytest.mark.django_db

NEW = "a-new-and-long-passphrase-7"


def change(client, old=TEST_PASSWORD, new=NEW, again=None):
    return client.post("/accounts/password/", {
        "old_password": old, "new_password1": new, "new_password2": again or new,
    })


@pytest.mark.parametrize("role", list(Role))
def test_every_role_changes_its_own_password(client, user_of_role, role):
    user = user_of_role[role]
    client.force_login(user)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and 'name="old_password"' in page.content.decode()
    assert 'data-testid="change-password"' in client.get("/accounts/security/").content.decode()
    response = change(client)
    assert response.status_code == 302 and response["Location"] == "/"
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.must_change_password
    assert AuthEvent.objects.filter(user=user, kind="auth.password_changed").count() == 1


@pytest.mark.parametrize(
    "old,new,again",
    [("wrong-old-password", NEW, None), (TEST_PASSWORD, "short", None),
     (TEST_PASSWORD, "1234567890123", None), (TEST_PASSWORD, NEW, NEW + "x")],
)
def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(
    client, service_user, old, new, again
):
    client.force_login(service_user)
    response = change(client, old=old, new=new, again=again)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    service_user.refresh_from_db()
    assert service_user.check_password(TEST_PASSWORD)
    assert not AuthEvent.objects.filter(kind="auth.password_changed").exists()


def test_the_password_page_needs_a_signed_in_person(client):
    assert client.get("/accounts/password/")["Location"].startswith("/login/?next=")


# An administrator's password is changed first ---------------------------------------------


def create_through_the_api(admin_user, **fields):
    admin = APIClient()
    admin.force_authenticate(admin_user)
    response = admin.post("/api/accounts/", {"password": TEST_PASSWORD, **fields})
    assert response.status_code == 201, response.json()
    return User.objects.get(pk=response.json()["id"])


def test_an_account_an_admin_creates_must_change_its_password_before_anything_else(
    admin_user,
):
    user = create_through_the_api(admin_user, username="nils.borger", role=Role.SERVICE_USER)
    assert user.must_change_password
    # The attack: whoever knows the initial password (the administrator) gets no token ...
    refused = APIClient().post(
        "/api/auth/token/", {"username": "nils.borger", "password": TEST_PASSWORD}
    )
    assert refused.status_code == 400 and refused.json()["code"] == "password_change_required"
    # ... and in the browser reaches only the change page.
    browser = Client()
    response = browser.post("/login/", {"username": "nils.borger", "password": TEST_PASSWORD})
    assert response.status_code == 302
    for path in ["/", "/my-case/", "/accounts/security/", "/notifications/"]:
        assert browser.get(path)["Location"] == "/accounts/password/", path
    api_call = browser.get("/api/me/")
    assert api_call.status_code == 403 and api_call.json()["code"] == "password_change_required"
    htmx = browser.get("/my-case/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == "/accounts/password/"
    page = browser.get("/accounts/password/")
    assert 'data-testid="password-change-required"' in page.content.decode()
    assert change(browser)["Location"] == "/"
    assert browser.get("/my-case/").status_code in (200, 404)  # no case yet is fine: not 302
    assert browser.get("/api/me/").status_code == 200
    assert APIClient().post(
        "/api/auth/token/", {"username": "nils.borger", "password": NEW}
    ).status_code == 200


def test_a_new_professional_sets_up_two_factor_then_changes_the_password(
    admin_user, mental_health
):
    create_through_the_api(
        admin_user, username="nora.cm", role=Role.CARE_MANAGER,
        organisation=str(mental_health.pk),
    )
    browser = Client()
    open_enrolment_link(browser, User.objects.get(username="nora.cm"))
    browser.post("/login/", {"username": "nora.cm", "password": TEST_PASSWORD})
    codes = browser.post("/login/setup/", {"code": set_up_code(browser)})
    assert codes.status_code == 200
    assert browser.get("/caseload/")["Location"] == "/accounts/password/"
    change(browser)
    assert browser.get("/caseload/").status_code == 200


def test_an_account_created_in_the_admin_must_change_its_password(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/accounts/user/add/", {
        "username": "ole.borger", "usable_password": "true",
        "password1": TEST_PASSWORD, "password2": TEST_PASSWORD,
        "role": Role.SERVICE_USER, "organisation": "", "email": "", "first_name": "",
        "last_name": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(username="ole.borger").must_change_password


def test_a_password_an_admin_sets_must_be_changed_at_the_next_sign_in(
    client, admin_user, service_user, second_admin
):
    client.force_login(admin_user)
    client.post(f"/admin/accounts/user/{service_user.pk}/password/", {
        "usable_password": "true",
        "password1": "the-admins-choice-42x", "password2": "the-admins-choice-42x",
    })
    # Four eyes (ibbis/accounts/approvals.py): a second administrator approves it.
    change = AccountChangeRequest.objects.get(account=service_user)
    approver = Client()
    approver.force_login(second_admin)
    approver.post("/admin/accounts/accountchangerequest/", {
        "action": "approve", "_selected_action": [str(change.pk)], "index": 0,
    })
    holder = Client()
    holder.post("/login/", {"username": "sara.borger", "password": "the-admins-choice-42x"})
    assert holder.get("/my-case/")["Location"] == "/accounts/password/"
    # Sign-out and the language switch still work.
    assert holder.post("/logout/").status_code == 302
