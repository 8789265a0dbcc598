"""Issue 13: usernames and names cannot pass for someone else's (ibbis/accounts/validators.py).

Attack: an account "erik.еc" (Cyrillic "е") reads exactly like the consultant "erik.ec";
a name with a right-to-left override or a zero-width space displays as something else.
Made through the accounts API and the admin; each is refused and nothing is created.
"""
import unicodedata

import pytest

from ibbis.accounts.models import Organisation, Role, User
from tests import factories

pytestmark = pytest.mark.django_db

GOOD = "a long and unusual passphrase 42"
CYRILLIC_E = "\u0435"
RLO = "\u202e"
ZWSP = "\u200b"


def account_body(**overrides):
    body = {
        "username": "new.person", "password": GOOD, "first_name": "Ny", "last_name": "Person",
        "email": "new@example.test", "role": "service_user",
    }
    body.update(overrides)
    return body


REFUSED = [
    ("username", f"erik.{CYRILLIC_E}c"),  # mixed Latin and Cyrillic
    ("username", "\u0441\u0430\u0433\u0430"),  # all Cyrillic, reads as Latin "caga"
    ("username", f"erik{ZWSP}.ec"),
    ("username", "erik\u00a0ec"),  # no-break space
    ("first_name", f"H{CYRILLIC_E}nrik"),
    ("first_name", f"Erik{RLO}nesnaH"),
    ("last_name", "Hansen\x00"),
    ("last_name", "Han\nsen"),
    ("last_name", f"Han{ZWSP}sen"),
    ("last_name", "Hanse" + "n" + "\u0301" * 5),  # a stack of accents
]


@pytest.mark.parametrize(("field", "value"), REFUSED)
def test_the_accounts_api_refuses_lookalike_and_invisible_characters(api, admin_user,
                                                                     consultant, field, value):
    before = User.objects.count()
    response = api.as_user(admin_user).post("/api/accounts/", account_body(**{field: value}))
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert User.objects.count() == before


@pytest.mark.parametrize(("field", "value"), REFUSED)
def test_the_service_refuses_them_too(field, value):
    from django.core.exceptions import ValidationError

    from ibbis.accounts.services import account_create

    with pytest.raises(ValidationError) as caught:
        account_create(**{**account_body(**{field: value}), "role": Role.SERVICE_USER})
    assert field in caught.value.message_dict
    assert not User.objects.filter(email="new@example.test").exists()


@pytest.mark.parametrize(("username", "first", "last"), [
    ("soeren.aeroe", "Søren", "Ærø-Ålund"),
    ("søren.ø", "Søren Kristian", "O'Brien"),
    ("maria.p", "Maria", "Παπαδοπούλου"),  # a Latin word and a Greek word: a real name
    ("jose", unicodedata.normalize("NFD", "José"), "Núñez"),  # e + combining accent
    ("user_1@example.dk", "", ""),
])
def test_real_names_in_any_one_script_per_word_are_accepted(api, admin_user, username, first,
                                                            last):
    body = account_body(username=username, first_name=first, last_name=last)
    response = api.as_user(admin_user).post("/api/accounts/", body)
    assert response.status_code == 201, response.content


def test_an_organisation_name_cannot_mix_scripts(api, admin_user):
    response = api.as_user(admin_user).post(
        "/api/organisations/", {"name": f"Jobc{CYRILLIC_E}nter Vejle", "kind": "jobcentre"}
    )
    assert response.status_code == 400 and "name" in response.json()
    assert not Organisation.objects.filter(name__startswith="Jobc").exists()


def test_the_admin_refuses_a_lookalike_username_on_the_add_form(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/accounts/user/add/", {
        "username": f"erik.{CYRILLIC_E}c", "usable_password": "true",
        "password1": factories.TEST_PASSWORD, "password2": factories.TEST_PASSWORD,
        "role": Role.ADMIN, "organisation": "", "email": "", "first_name": "", "last_name": "",
    })
    assert response.status_code == 200
    assert "username" in response.context["adminform"].form.errors
    assert not User.objects.filter(username__startswith="erik.").exists()


def test_the_admin_refuses_a_bidi_override_in_a_name_on_the_change_form(client, admin_user,
                                                                        consultant):
    client.force_login(admin_user)
    url = f"/admin/accounts/user/{consultant.pk}/change/"
    data = {
        "username": consultant.username, "first_name": "Erik", "last_name": f"{RLO}nesnaH",
        "email": "erik@example.test", "role": Role.EMPLOYMENT_CONSULTANT,
        "organisation": str(consultant.organisation_id), "is_active": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "last_name" in response.context["adminform"].form.errors
    consultant.refresh_from_db()
    assert RLO not in consultant.last_name
