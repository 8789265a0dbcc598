import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from ibbis.accounts.models import Organisation, Role, User

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"^login: (\w+) (\S+) (\S+)$")


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue().splitlines()


def test_seed_demo_prints_a_login_per_role_and_each_login_works():
    lines = [line for line in seed() if line.startswith("login:")]
    roles = set()
    for line in lines:
        role, username, password = LOGIN_LINE.match(line).groups()
        request = RequestFactory().post("/login/")
        user = authenticate(request=request, username=username, password=password)
        assert user is not None and user.role == role
        roles.add(role)
    assert roles == set(Role.values)


def test_seed_demo_makes_both_organisations_and_a_manager_for_each():
    seed()
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"jobcentre", "mental_health"}
    for organisation in Organisation.objects.all():
        assert organisation.members.filter(role=Role.MANAGER).exists()


def test_seed_demo_is_idempotent_and_deterministic():
    first = seed("--seed", "7")
    names = sorted(User.objects.values_list("username", "first_name", "last_name"))
    second = seed("--seed", "7")
    assert first == second
    assert sorted(User.objects.values_list("username", "first_name", "last_name")) == names
