"""Deterministic demo data for `manage.py seed_demo` (API.md). Idempotent: running it again
finds what exists by natural key and only resets the demo passwords."""
import random
from dataclasses import dataclass

from django.db import transaction

from ibbis.accounts.models import Organisation, OrganisationKind, Role, User

DEMO_PASSWORD = "ibbis-demo-2026"

FIRST_NAMES = [
    "Anne", "Mette", "Lars", "Søren", "Camilla", "Jonas", "Freja", "Mads", "Ida", "Rasmus",
    "Louise", "Emil", "Sofie", "Mikkel", "Maja", "Kasper", "Julie", "Anders", "Line", "Peter",
]
LAST_NAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
]


@dataclass
class DemoLogin:
    role: str
    username: str
    password: str = DEMO_PASSWORD


@dataclass
class DemoPeople:
    jobcentre: Organisation
    mental_health: Organisation
    care_managers: list
    consultants: list
    managers: list
    service_users: list
    admin: User
    logins: list


def _account(username, role, rng, organisation=None, is_staff=False):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "organisation": organisation,
            "first_name": rng.choice(FIRST_NAMES),
            "last_name": rng.choice(LAST_NAMES),
            "email": f"{username}@demo.ibbis.invalid",
            "is_staff": is_staff,
        },
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_people(*, seed: int = 1, professionals_per_role: int = 3, service_users: int = 30):
    rng = random.Random(seed)
    jobcentre, _ = Organisation.objects.get_or_create(
        name="Jobcenter Aarhus", defaults={"kind": OrganisationKind.JOBCENTRE}
    )
    mental_health, _ = Organisation.objects.get_or_create(
        name="Psykiatrien Region Midtjylland", defaults={"kind": OrganisationKind.MENTAL_HEALTH}
    )
    care_managers = [
        _account(f"cm{i}", Role.CARE_MANAGER, rng, mental_health)
        for i in range(1, professionals_per_role + 1)
    ]
    consultants = [
        _account(f"ec{i}", Role.EMPLOYMENT_CONSULTANT, rng, jobcentre)
        for i in range(1, professionals_per_role + 1)
    ]
    managers = [
        _account("manager.jc", Role.MANAGER, rng, jobcentre),
        _account("manager.mh", Role.MANAGER, rng, mental_health),
    ]
    users = [
        _account(f"borger{i:03d}", Role.SERVICE_USER, rng) for i in range(1, service_users + 1)
    ]
    admin = _account("admin", Role.ADMIN, rng, is_staff=True)
    logins = [
        DemoLogin(Role.CARE_MANAGER, care_managers[0].username),
        DemoLogin(Role.EMPLOYMENT_CONSULTANT, consultants[0].username),
        DemoLogin(Role.MANAGER, managers[0].username),
        DemoLogin(Role.MANAGER, managers[1].username),
        DemoLogin(Role.SERVICE_USER, users[0].username),
        DemoLogin(Role.ADMIN, admin.username),
    ]
    return DemoPeople(
        jobcentre=jobcentre,
        mental_health=mental_health,
        care_managers=care_managers,
        consultants=consultants,
        managers=managers,
        service_users=users,
        admin=admin,
        logins=logins,
    )
