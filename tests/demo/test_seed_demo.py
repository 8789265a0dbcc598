import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from coordination.models import Notification
from ibbis.accounts.models import Organisation, Role, User
from ibbis.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"^login: (\w+) (\S+) (\S+) \(([^,)]+)(?:, ([^)]+))?\)$")


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue().splitlines()


def test_seed_demo_prints_a_login_per_role_and_each_login_works():
    lines = [line for line in seed() if line.startswith("login:")]
    roles = set()
    for line in lines:
        role, username, password, _who, _organisation = LOGIN_LINE.match(line).groups()
        request = RequestFactory().post("/login/")
        user = authenticate(request=request, username=username, password=password)
        assert user is not None and user.role == role
        roles.add(role)
    # Issue 18: the companion too, invited by the demo service user (ibbis/demo/companion.py).
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


def test_each_login_names_its_role_and_organisation_after_a_heading():
    """Issue 17: `make run` prints the logins after the migrations, each with whom it is
    ("manager, Jobcenter Aarhus"), so a newcomer knows whom to sign in as."""
    lines = seed("--cases", "12")
    logins = [line for line in lines if line.startswith("login:")]
    assert lines[0].startswith("Demo logins")
    assert lines[1:] == logins
    seen = {}
    for line in logins:
        role, username, _password, who, organisation = LOGIN_LINE.match(line).groups()
        user = User.objects.select_related("organisation").get(username=username)
        assert who == role.replace("_", " ")
        assert organisation == (user.organisation.name if user.organisation else None)
        seen[username] = (who, organisation)
    assert seen["manager.jc"] == ("manager", "Jobcenter Aarhus")
    assert seen["manager.mh"] == ("manager", "Psykiatrien Region Midtjylland")
    assert seen["cm1"] == ("care manager", "Psykiatrien Region Midtjylland")
    assert seen["ec1"] == ("employment consultant", "Jobcenter Aarhus")
    assert seen["borger001"] == ("service user", None)
    assert seen["admin"] == ("admin", None)


def test_seed_demo_runs_the_sweep_so_the_demo_has_notifications_and_sends_no_mail():
    err = StringIO()
    call_command("seed_demo", "--cases", "24", stdout=StringIO(), stderr=err)
    assert "sweep: deadlines_overdue" in err.getvalue()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    # The demo always holds an overdue follow-up (its "overdue_follow_up" scenario); the
    # reminders depend on today's date.
    assert "overdue" in kinds, kinds
    assert Notification.objects.filter(recipient__username="manager.jc").exists()
    # Nothing goes to the made-up demo addresses.
    assert not OutboxMessage.objects.filter(kind="notification").exists()
    assert "mails_queued 0" in err.getvalue()
    before = sorted(Notification.objects.values_list("recipient__username", "kind", "case_id"))

    call_command("seed_demo", "--cases", "24", stdout=StringIO(), stderr=StringIO())

    after = sorted(Notification.objects.values_list("recipient__username", "kind", "case_id"))
    assert after == before
