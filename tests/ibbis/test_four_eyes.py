"""Admin side doors (issue 13; DOMAIN.md, Note scopes): an administrator may not reach case
content by resetting a service user's password, by making themselves (or anyone) a manager,
by creating a manager or administrator account, by turning an account on or by pointing its
e-mail at themselves. Each attempt is made through /admin/ or the API and must fail to take
effect until a DIFFERENT administrator approves it; each step is in the authentication trail
and the owner is e-mailed (ibbis/accounts/approvals.py)."""
import pytest

from ibbis.accounts.models import AccountChangeRequest, AuthEvent, AuthEventKind, Role, User
from tests import factories
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
NEW = "a long and unusual passphrase 42"


@pytest.fixture
def su_case(db):
    case = factories.CaseFactory(service_user=factories.ServiceUserFactory(
        username="sune.borger", email="sune@example.test"))
    return case


def approve_in_admin(client, admin, change):
    client.force_login(admin)
    return client.post("/admin/accounts/accountchangerequest/", {
        "action": "approve", "_selected_action": [str(change.pk)], "index": 0,
    })


def change_form(user, **overrides):
    body = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "role": user.role,
        "organisation": str(user.organisation_id) if user.organisation_id else "",
        "is_active": "on" if user.is_active else "", "_save": "Save",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value != ""}


def kinds(user):
    return list(AuthEvent.objects.filter(user=user).order_by("created_at", "id")
                .values_list("kind", "actor__username"))


# --- the password side door -----------------------------------------------------------------


def test_an_admin_resetting_a_service_users_password_does_not_get_in(
    client, api, admin_user, second_admin, su_case, mailoutbox,
    django_capture_on_commit_callbacks,
):
    person = su_case.service_user
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/accounts/user/{person.pk}/password/",
            {"usable_password": "true", "password1": NEW, "password2": NEW},
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD) and not person.check_password(NEW)
    # The attacker's next step - sign in as the person with the new password - fails.
    token = api.post("/api/auth/token/", {"username": person.username, "password": NEW})
    assert token.status_code == 400 and token.json()["code"] == "invalid_credentials"
    change = AccountChangeRequest.objects.get(account=person)
    assert change.status == "pending" and change.sets_password
    assert NEW not in change.password_hash and change.changes == {}
    assert kinds(person) == [(AuthEventKind.ACCOUNT_CHANGE_REQUESTED, admin_user.username)]
    # The owner is told, without a word of their case.
    assert [mail.to for mail in mailoutbox] == [["sune@example.test"]]
    body = mailoutbox[0].body
    assert person.username in body and su_case.diagnosis not in body.lower()

    # The same administrator cannot approve it: not in the admin, not through the API.
    approve_in_admin(client, admin_user, change)
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)
    change.refresh_from_db()
    assert change.status == "pending"


def test_a_second_admin_approves_the_password_and_it_applies(
    client, admin_user, second_admin, su_case, mailoutbox, django_capture_on_commit_callbacks
):
    person = su_case.service_user
    client.force_login(admin_user)
    client.post(f"/admin/accounts/user/{person.pk}/password/",
                {"usable_password": "true", "password1": NEW, "password2": NEW})
    change = AccountChangeRequest.objects.get(account=person)
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(client, second_admin, change)
    person.refresh_from_db()
    assert person.check_password(NEW)
    change.refresh_from_db()
    assert change.status == "approved" and change.decided_by == second_admin
    assert change.password_hash == ""
    assert kinds(person)[-1] == (AuthEventKind.ACCOUNT_CHANGE_APPROVED, second_admin.username)
    assert mailoutbox and mailoutbox[-1].to == ["sune@example.test"]


def test_a_weak_password_is_refused_and_nothing_is_held(client, admin_user, su_case):
    client.force_login(admin_user)
    response = client.post(f"/admin/accounts/user/{su_case.service_user.pk}/password/",
                           {"usable_password": "true", "password1": "short",
                            "password2": "short"})
    assert response.status_code == 200  # the form again, with its error
    assert not AccountChangeRequest.objects.exists()


# --- roles, organisations, e-mail, switching on and off ------------------------------------


def test_an_admin_cannot_make_themselves_a_manager(client, admin_user, second_admin,
                                                   jobcentre):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/user/{admin_user.pk}/change/",
        change_form(admin_user, role=Role.MANAGER, organisation=str(jobcentre.pk)),
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN and admin_user.organisation is None
    change = AccountChangeRequest.objects.get(account=admin_user)
    assert change.changes == {"role": "manager", "organisation": str(jobcentre.pk)}
    # Nobody approves a change to their own account - nor their own request.
    approve_in_admin(client, admin_user, change)
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_making_someone_else_a_manager_waits_for_the_second_admin(
    client, admin_user, second_admin, consultant, jobcentre, mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/accounts/user/{consultant.pk}/change/",
                    change_form(consultant, role=Role.MANAGER, first_name="Renamed"))
    consultant.refresh_from_db()
    assert consultant.role == Role.EMPLOYMENT_CONSULTANT
    assert consultant.first_name == "Renamed"  # an unguarded field is saved at once
    assert [mail.to for mail in mailoutbox] == [[consultant.email]]
    change = AccountChangeRequest.objects.get(account=consultant)
    approve_in_admin(client, second_admin, change)
    consultant.refresh_from_db()
    assert consultant.role == Role.MANAGER and not consultant.is_staff


def test_pointing_the_e_mail_elsewhere_waits_and_the_old_address_is_told(
    client, admin_user, second_admin, service_user, mailoutbox,
    django_capture_on_commit_callbacks,
):
    old = service_user.email
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/accounts/user/{service_user.pk}/change/",
                    change_form(service_user, email="attacker@example.test"))
    service_user.refresh_from_db()
    assert service_user.email == old
    change = AccountChangeRequest.objects.get(account=service_user)
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(client, second_admin, change)
    service_user.refresh_from_db()
    assert service_user.email == "attacker@example.test"
    # One mail per address (the outbox sends per recipient): the old address is told too.
    told = [message.to for message in mailoutbox[-2:]]
    assert sorted(told) == sorted([[old], ["attacker@example.test"]])


def test_switching_off_is_immediate_and_switching_on_waits(
    client, admin_user, second_admin, consultant, mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/accounts/user/{consultant.pk}/change/",
                    change_form(consultant, is_active=""))
    consultant.refresh_from_db()
    assert not consultant.is_active
    assert kinds(consultant) == [(AuthEventKind.ACCOUNT_DEACTIVATED, admin_user.username)]
    assert [mail.to for mail in mailoutbox] == [[consultant.email]]
    client.post(f"/admin/accounts/user/{consultant.pk}/change/",
                change_form(consultant, is_active="on"))
    consultant.refresh_from_db()
    assert not consultant.is_active
    change = AccountChangeRequest.objects.get(account=consultant, status="pending")
    approve_in_admin(client, second_admin, change)
    consultant.refresh_from_db()
    assert consultant.is_active


def test_creating_a_manager_in_the_admin_leaves_it_switched_off(
    client, api, admin_user, second_admin, jobcentre
):
    client.force_login(admin_user)
    response = client.post("/admin/accounts/user/add/", {
        "username": "sock.puppet", "usable_password": "true", "password1": NEW,
        "password2": NEW, "role": Role.MANAGER, "organisation": str(jobcentre.pk),
        "email": "sock@example.test", "_save": "Save",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    puppet = User.objects.get(username="sock.puppet")
    assert not puppet.is_active
    token = api.post("/api/auth/token/", {"username": "sock.puppet", "password": NEW})
    assert token.status_code == 400 and "token" not in token.json()
    change = AccountChangeRequest.objects.get(account=puppet)
    approve_in_admin(client, admin_user, change)  # its creator cannot switch it on
    puppet.refresh_from_db()
    assert not puppet.is_active
    approve_in_admin(client, second_admin, change)
    puppet.refresh_from_db()
    assert puppet.is_active


def test_a_refused_change_changes_nothing(client, admin_user, second_admin, consultant):
    client.force_login(admin_user)
    client.post(f"/admin/accounts/user/{consultant.pk}/change/",
                change_form(consultant, role=Role.MANAGER))
    change = AccountChangeRequest.objects.get(account=consultant)
    client.force_login(second_admin)
    client.post("/admin/accounts/accountchangerequest/", {
        "action": "refuse", "_selected_action": [str(change.pk)], "index": 0})
    change.refresh_from_db()
    consultant.refresh_from_db()
    assert change.status == "refused" and consultant.role == Role.EMPLOYMENT_CONSULTANT
    assert kinds(consultant)[-1] == (AuthEventKind.ACCOUNT_CHANGE_REFUSED,
                                     second_admin.username)


# --- the same through the API ---------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_an_api_created_manager_or_admin_needs_a_second_admin(
    api, admin_user, second_admin, jobcentre, role
):
    body = {"username": "sock.puppet", "password": NEW, "role": role,
            "email": "sock@example.test"}
    if role == Role.MANAGER:
        body["organisation"] = str(jobcentre.pk)
    created = api.as_user(admin_user).post("/api/accounts/", body)
    assert created.status_code == 201
    assert created.json()["is_active"] is False
    pending = created.json()["pending_approval"]
    api.credentials()
    token = api.post("/api/auth/token/", {"username": "sock.puppet", "password": NEW})
    assert token.status_code == 400
    own = api.as_user(admin_user).post(f"/api/account-changes/{pending}/approve/")
    assert own.status_code == 403
    assert not User.objects.get(username="sock.puppet").is_active
    approved = api.as_user(second_admin).post(f"/api/account-changes/{pending}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert User.objects.get(username="sock.puppet").is_active
    again = api.as_user(second_admin).post(f"/api/account-changes/{pending}/approve/")
    assert again.status_code == 409 and again.json()["code"] == "not_pending"


def test_a_professional_or_service_user_is_created_switched_on(api, admin_user, jobcentre):
    created = api.as_user(admin_user).post("/api/accounts/", {
        "username": "new.ec", "password": NEW, "role": "employment_consultant",
        "organisation": str(jobcentre.pk)})
    assert created.status_code == 201
    assert created.json()["is_active"] is True and created.json()["pending_approval"] is None


def test_the_api_has_no_way_to_set_an_existing_accounts_password(api, admin_user,
                                                                service_user):
    client = api.as_user(admin_user)
    for method in ("put", "patch"):
        response = getattr(client, method)(f"/api/accounts/{service_user.pk}/",
                                           {"password": NEW, "role": "manager"})
        assert response.status_code == 405
    # A second POST with an existing username is a duplicate, not a reset.
    dup = client.post("/api/accounts/", {"username": service_user.username, "password": NEW,
                                         "role": "service_user"})
    assert dup.status_code == 400
    service_user.refresh_from_db()
    assert service_user.check_password(TEST_PASSWORD)


def test_the_owner_of_the_account_cannot_approve_a_change_to_it(
    api, client, admin_user, second_admin
):
    client.force_login(admin_user)
    client.post(f"/admin/accounts/user/{second_admin.pk}/password/",
                {"usable_password": "true", "password1": NEW, "password2": NEW})
    change = AccountChangeRequest.objects.get(account=second_admin)
    assert api.as_user(second_admin).post(
        f"/api/account-changes/{change.pk}/approve/").status_code == 403
    listed = api.as_user(second_admin).get("/api/account-changes/?status=pending").json()
    assert [row["id"] for row in listed["results"]] == [str(change.pk)]
    assert "password_hash" not in listed["results"][0]


@pytest.mark.parametrize(
    "role", [Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT, Role.MANAGER, Role.SERVICE_USER]
)
def test_only_admins_see_and_answer_account_changes(api, user_of_role, role, admin_user,
                                                    second_admin, consultant):
    from ibbis.accounts import approvals

    change = approvals.change_request(actor=admin_user, account=consultant,
                                      changes={"role": Role.MANAGER})
    client = api.as_user(user_of_role[role])
    assert client.get("/api/account-changes/").status_code == 403
    assert client.post(f"/api/account-changes/{change.pk}/approve/").status_code == 403
    consultant.refresh_from_db()
    assert consultant.role == Role.EMPLOYMENT_CONSULTANT


def test_the_admin_lists_the_waiting_changes_without_the_password(
    client, admin_user, second_admin, service_user, consultant
):
    client.force_login(admin_user)
    client.post(f"/admin/accounts/user/{service_user.pk}/password/",
                {"usable_password": "true", "password1": NEW, "password2": NEW})
    client.post(f"/admin/accounts/user/{consultant.pk}/change/",
                change_form(consultant, role=Role.MANAGER))
    change = AccountChangeRequest.objects.get(account=service_user)
    hashed = change.password_hash
    client.force_login(second_admin)
    listing = client.get("/admin/accounts/accountchangerequest/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert service_user.display_name in html and consultant.display_name in html
    detail = client.get(f"/admin/accounts/accountchangerequest/{change.pk}/change/")
    assert detail.status_code == 200
    for page in (html, detail.content.decode()):
        assert hashed not in page and hashed.split("$")[-1] not in page
