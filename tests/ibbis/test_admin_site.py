"""The Django admin: administrators only, accounts and organisations only (ibbis/admin_site.py)."""
import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ibbis.accounts.models import Role, User
from tests import factories

ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/organisation/",
    "/admin/accounts/user/add/",
    "/admin/accounts/",
]
NOT_ADMINS = [Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT, Role.MANAGER, Role.SERVICE_USER]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_an_administrator_opens_the_admin(client, admin_user, path):
    client.force_login(admin_user)
    assert client.get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("role", NOT_ADMINS)
def test_every_other_role_is_refused_with_403(client, user_of_role, role, path):
    user = user_of_role[role]
    # Even with the staff and superuser flags the role decides.
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    client.force_login(user)
    assert client.get(path).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_an_anonymous_visitor_is_sent_to_the_app_login_page(client, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login") + "?next=")
    assert response.status_code == 200
    assert "/admin/" in response.redirect_chain[-1][0]


@pytest.mark.django_db
def test_admin_login_url_sends_a_signed_in_administrator_on_and_refuses_other_roles(
    client, admin_user, consultant
):
    assert client.get("/admin/login/").url.startswith("/login/?next=/admin/")
    client.force_login(consultant)
    assert client.get("/admin/login/").status_code == 403
    client.force_login(admin_user)
    response = client.get("/admin/login/?next=/admin/accounts/user/", follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/admin/accounts/user/"


@pytest.mark.django_db
def test_an_inactive_or_non_staff_administrator_is_refused(client, admin_user):
    User.objects.filter(pk=admin_user.pk).update(is_staff=False)
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 403
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_active=False)
    # An inactive account's session is no longer authenticated: back to the login page.
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_the_account_list_reads_organisations_in_one_query(client, admin_user, user_of_role):
    for name in ("A", "B", "C"):
        organisation = factories.OrganisationFactory(name=f"Jobcenter {name}")
        factories.EmploymentConsultantFactory(organisation=organisation)
    client.force_login(admin_user)
    response = client.get("/admin/accounts/user/")  # django-zeal raises on an N+1 in tests
    assert response.status_code == 200
    assert "Jobcenter C" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_index_lists_accounts_and_organisations_only(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    models = [
        (app["app_label"], model["object_name"])
        for app in response.context["app_list"]
        for model in app["models"]
    ]
    # Sign-in identities (issue 19): who may sign in through an identity provider.
    assert sorted(models) == [
        ("accounts", "AccountChangeRequest"), ("accounts", "Organisation"),
        ("accounts", "SignInIdentity"), ("accounts", "User"),
    ]


def test_the_registry_is_the_allow_list_whatever_apps_register():
    assert sorted(model._meta.label for model in admin.site._registry) == [
        "accounts.AccountChangeRequest", "accounts.Organisation", "accounts.SignInIdentity",
        "accounts.User",
    ]


def _admin_routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _admin_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_no_admin_url_exists_for_case_content_or_other_apps():
    admin_resolver = next(
        p for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "admin/"
    )
    routes = list(_admin_routes(admin_resolver.url_patterns))
    model_routes = {route.split("/")[0] + "/" + route.split("/")[1] for route in routes
                    if route.count("/") >= 2 and not route.startswith(("r/", "password_change"))}
    assert model_routes == {
        "accounts/user", "accounts/organisation", "accounts/accountchangerequest",
        "accounts/signinidentity",
    }
    forbidden = ("case", "note", "meeting", "plan", "deadline", "consent", "checklist", "token",
                 "periodictask", "access", "group", "feedback")
    assert not [route for route in routes if any(word in route.lower() for word in forbidden)]


@pytest.mark.django_db
@pytest.mark.parametrize("app_model", [
    "coordination/case", "trust/note", "coordination/meeting", "coordination/plan",
    "trust/checklisttemplate", "knox/authtoken", "auth/group", "axes/accessattempt",
    "django_celery_beat/periodictask",
])
def test_case_content_and_other_apps_are_404_even_for_an_administrator(
    client, admin_user, app_model
):
    client.force_login(admin_user)
    assert client.get(f"/admin/{app_model}/").status_code == 404


@pytest.mark.django_db
def test_an_administrator_cannot_make_anyone_a_superuser_or_delete_accounts(
    client, admin_user, consultant
):
    client.force_login(admin_user)
    page = client.get(f"/admin/accounts/user/{consultant.pk}/change/")
    assert page.status_code == 200
    form_fields = set(page.context["adminform"].form.fields)
    assert not form_fields & {"is_superuser", "groups", "user_permissions", "is_staff"}
    assert client.get(f"/admin/accounts/user/{consultant.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_an_administrator_deactivates_an_account_and_the_role_rules_hold(
    client, admin_user, consultant, mental_health
):
    client.force_login(admin_user)
    url = f"/admin/accounts/user/{consultant.pk}/change/"
    data = {
        "username": consultant.username, "first_name": "Erik", "last_name": "Ny",
        "email": "erik@example.test", "role": Role.EMPLOYMENT_CONSULTANT,
        "organisation": str(consultant.organisation_id), "is_active": "",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    consultant.refresh_from_db()
    assert (consultant.is_active, consultant.last_name) == (False, "Ny")

    # A consultant in a mental health organisation breaks the role rules: refused, unchanged.
    response = client.post(url, {**data, "organisation": str(mental_health.pk)})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    consultant.refresh_from_db()
    assert consultant.organisation.kind == "jobcentre"


@pytest.mark.django_db
def test_an_account_made_administrator_in_the_admin_becomes_staff(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/accounts/user/add/", {
        "username": "nina.admin", "usable_password": "true",
        "password1": factories.TEST_PASSWORD, "password2": factories.TEST_PASSWORD,
        "role": Role.ADMIN, "organisation": "", "email": "", "first_name": "", "last_name": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = User.objects.get(username="nina.admin")
    assert (created.role, created.is_staff, created.is_superuser) == (Role.ADMIN, True, False)
