"""Deterministic demo data for `manage.py seed_demo` (API.md). Idempotent: running it again
finds what exists by natural key and only resets the demo passwords."""
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ibbis.accounts.models import Organisation, OrganisationKind, Role, User
from ibbis.accounts.names import search_name_of
from ibbis.demo import bulk

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


def _demo_password_hash():
    """One hash for every demo account. Hashing is deliberately slow (Argon2) and the demo
    has about a hundred accounts sharing one published password, so they share a hash made
    with a fixed salt: a rerun recognises it by comparison instead of hashing per account."""
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(DEMO_PASSWORD, salt=DEMO_SALT)
    return _PASSWORD_HASH


DEMO_SALT = "ibbisdemosalt2026"
_PASSWORD_HASH = None


def _password_ok(user) -> bool:
    return user.password == _demo_password_hash()


def _account(username, role, rng, organisation=None, is_staff=False):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "organisation": organisation,
            "first_name": rng.choice(FIRST_NAMES),
            "last_name": rng.choice(LAST_NAMES),
            "email": f"{username}@demo.ibbis.invalid",
            # A made-up work number for "whom to contact" (drawn without the rng, so the
            # names every other run draws stay the same).
            "phone": (
                f"+45 89 40 {sum(map(ord, username)) % 90 + 10:02d} {len(username) * 11:02d}"
                if role in (Role.CARE_MANAGER, Role.EMPLOYMENT_CONSULTANT) else ""
            ),
            "is_staff": is_staff,
            "password": _demo_password_hash(),
        },
    )
    if not created and not _password_ok(user):
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def _service_users(rng, count):
    """Service users borger001.. in one query each way; names drawn in a fixed order, so a
    second run draws the same names whatever already exists."""
    wanted = {
        f"borger{i:03d}": (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        for i in range(1, count + 1)
    }
    existing = {u.username: u for u in User.objects.filter(username__in=wanted)}
    User.objects.bulk_create(
        [
            User(
                username=username,
                role=Role.SERVICE_USER,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.ibbis.invalid",
                password=_demo_password_hash(),
                search_name=search_name_of(first, last),
            )
            for username, (first, last) in wanted.items()
            if username not in existing
        ]
    )
    stale = [u for u in existing.values() if not _password_ok(u)]
    for user in stale:
        user.password = _demo_password_hash()
    User.objects.bulk_update(stale, ["password"])
    by_name = {u.username: u for u in User.objects.filter(username__in=wanted)}
    return [by_name[username] for username in wanted]


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
    # The admin is drawn before the service users, so their number never changes its name.
    admin = _account("admin", Role.ADMIN, rng, is_staff=True)
    users = _service_users(rng, service_users)
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


# --- cases ------------------------------------------------------------------------------

CASES_PER_CARE_MANAGER = 30

# Every state a case can be in relative to today (issue 3, seed_demo). Case i gets
# SCENARIOS[i % len(SCENARIOS)]; care managers rotate with i + i // len(SCENARIOS) and
# consultants with i // 3, so a scenario lands with a different professional in each round
# and every caseload holds every state. The first case (borger001, the demo login) is the
# one nearing week 22.
SCENARIOS = (
    "near_week_22",
    "early",
    "early_partial",
    "mid",
    "several_spells",
    "extended_p27_2",
    "extended_p27_3",
    "extended_open_ended",
    "job_clarification",
    "overdue_follow_up",
    "back_at_work",
    "reassessment_overdue",
)

REASONING = {
    "p27_2": "A company placement is planned to find out how many hours {name} can work. "
    "Agreed at the roundtable meeting.",
    "p27_3": "{name} is in treatment with the care manager; the doctor's statement expects "
    "a return to work within the period.",
    "p27_4": "The case goes to the rehabilitation team, which meets next month.",
    "p27_5": "The doctor's statement documents a life-threatening, serious illness.",
    "p27_7": "{name}'s application for disability pension has been received.",
    "none": "None of the grounds applies. {name} continues in a job clarification programme; "
    "the programme and the lower rate were explained at the meeting.",
}


@dataclass
class CasePlan:
    """One demo case before it is written: plain values, so rules can be applied first."""

    service_user: User
    care_manager: User
    consultant: User
    former_consultant: User | None
    first_absence_day: date
    diagnosis: str
    employment: str
    absences: list  # (start, end or None, kind)
    decision: tuple | None  # (ground, decided_on, medical_evidence, valid_until)
    held_follow_ups: list  # dates


def _spells_for(scenario, rng, today):
    """(first absence day, absence spells) for a scenario, relative to today."""
    days = timedelta
    if scenario == "early":
        start = today - days(rng.randint(10, 40))
        return start, [(start, None, "full")]
    if scenario == "early_partial":
        start = today - days(rng.randint(35, 60))
        switch = start + days(rng.randint(14, 28))
        return start, [(start, switch - days(1), "full"), (switch, None, "partial")]
    if scenario in ("mid", "overdue_follow_up"):
        start = today - days(rng.randint(70, 140))
        return start, [(start, None, rng.choice(["full", "full", "partial"]))]
    if scenario == "several_spells":
        start = today - days(rng.randint(150, 200))
        first_end = start + days(rng.randint(40, 70))
        second = first_end + days(rng.randint(14, 40))
        second_end = second + days(rng.randint(30, 50))
        third = second_end + days(rng.randint(10, 20))
        return start, [
            (start, first_end, "full"),
            (second, second_end, "partial"),
            (third, None, "full"),
        ]
    if scenario == "back_at_work":
        start = today - days(rng.randint(120, 200))
        end = start + days(rng.randint(60, 100))
        return start, [(start, end, "full")]
    if scenario == "near_week_22":
        # 30 employer days + 155 benefit days, rounded up to a month end: a reassessment
        # date in the next few weeks.
        start = today - days(rng.randint(160, 178))
        return start, [(start, None, "full")]
    if scenario == "reassessment_overdue":
        start = today - days(rng.randint(200, 215))
        return start, [(start, None, "full")]
    # Extended or job clarification: the reassessment date lies one to six months back.
    start = today - days(rng.randint(215, 330))
    return start, [(start, None, "full")]


def _decision_for(scenario, rng, reassessment, today):
    if reassessment is None or reassessment >= today:
        return None
    decided_on = min(reassessment - timedelta(days=rng.randint(2, 20)), today)
    if scenario == "extended_p27_2":
        until = reassessment + timedelta(weeks=rng.randint(26, 69))
        return ("p27_2", decided_on, False, until)
    if scenario == "extended_p27_3":
        until = reassessment + timedelta(weeks=rng.randint(40, 134))
        return ("p27_3", decided_on, True, until)
    if scenario == "extended_open_ended":
        ground = rng.choice(["p27_5", "p27_4", "p27_7"])
        return (ground, decided_on, ground == "p27_5", None)
    if scenario == "job_clarification":
        return ("none", decided_on, False, None)
    return None


def _held_follow_ups(scenario, rng, first_absence_day, today):
    """Follow-up conversations held: the first in weeks 6-8, then every 3-4 weeks, so the
    follow-up deadlines are met, except in the overdue scenario (DOMAIN.md, Follow-ups)."""
    held = []
    day = first_absence_day + timedelta(days=rng.randint(38, 54))
    last_allowed = today - timedelta(days=rng.randint(2, 10))
    if scenario == "overdue_follow_up":
        # No conversation by the end of week 8 (sygedagpengeloven § 13 b, stk. 1): the
        # first one is overdue (the scenario's absence began 70-140 days ago).
        return []
    while day <= last_allowed:
        held.append(day)
        day += timedelta(days=rng.randint(21, 28))
    return held


def _plan_cases(people, count, seed, today, start=0):
    from coordination.benefit_rules import Absence, rules_for

    plans = []
    for index in range(start, count):
        rng = random.Random(f"{seed}-case-{index}")
        scenario = SCENARIOS[index % len(SCENARIOS)]
        first_day, spells = _spells_for(scenario, rng, today)
        employment = "employee" if index % 7 else rng.choice(["self_employed", "unemployed"])
        rules = rules_for(today)  # the rules in force on the day the demo is seeded
        reassessment = rules.reassessment_date(
            [Absence(start, end, kind) for start, end, kind in spells], employment
        )
        consultant = people.consultants[(index // 3) % len(people.consultants)]
        former = None
        if scenario.startswith("extended") and index % 2:
            former = people.consultants[(index // 3 + 1) % len(people.consultants)]
        plans.append(
            CasePlan(
                service_user=people.service_users[index],
                care_manager=people.care_managers[
                    (index + index // len(SCENARIOS)) % len(people.care_managers)
                ],
                consultant=consultant,
                former_consultant=former,
                first_absence_day=first_day,
                diagnosis=rng.choice(["stress", "anxiety", "depression"]),
                employment=employment,
                absences=spells,
                decision=_decision_for(scenario, rng, reassessment, today),
                held_follow_ups=_held_follow_ups(scenario, rng, first_day, today),
            )
        )
    return plans


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


FOLLOW_UP_LOCATION = "Jobcenter Aarhus"
FOLLOW_UP_AGENDA = "Opfølgningssamtale"


def held_follow_up_rows(*, case_id, service_user_id, consultant_id, held_on, now):
    """A follow-up conversation held on `held_on` at 10:00 with both attending, as the
    demo's bulk rows (ibbis/demo/bulk.py): the rows meeting_schedule writes when the
    consultant documents it as held (tests/demo/test_bulk.py)."""
    return bulk.meeting_rows(
        case_id=case_id, kind="follow_up", starts_at=_at(held_on, 10), ends_at=_at(held_on, 11),
        organizer_id=consultant_id, now=now, location=FOLLOW_UP_LOCATION,
        agenda=FOLLOW_UP_AGENDA, status="held", attendance="attended",
        invitees=bulk.meeting_invitees(
            "follow_up", service_user_id=service_user_id, care_manager_id=None,
            consultant_id=consultant_id,
        ),
    )


@transaction.atomic
def seed_cases(people: DemoPeople, *, count: int, seed: int = 1, today: date | None = None):
    """Cases with absences, decisions and held follow-ups, written in bulk.

    The service user marks a case (one demo case per borgerNNN), so a second run writes
    nothing new. Returns the number of cases created.
    """
    from coordination.models import (
        AbsencePeriod,
        Case,
        CaseMembership,
        ExtensionDecision,
        Plan,
    )
    from coordination.services.clock import case_recompute

    today = today or timezone.localdate()
    now = timezone.now()
    taken = set(
        Case.objects.filter(service_user__in=people.service_users[:count]).values_list(
            "service_user_id", flat=True
        )
    )
    plans = [p for p in _plan_cases(people, count, seed, today) if p.service_user.pk not in taken]
    if not plans:
        return 0
    cases, memberships, absences, decisions, meetings, participants = [], [], [], [], [], []
    for plan in plans:
        referral = plan.first_absence_day + timedelta(days=7)
        case = Case(
            service_user=plan.service_user,
            care_manager=plan.care_manager,
            employment_consultant=plan.consultant,
            # bulk_create skips Case.save, which sets each side's organisation (issue 20).
            care_manager_organisation_id=plan.care_manager.organisation_id,
            employment_consultant_organisation_id=plan.consultant.organisation_id,
            first_absence_day=plan.first_absence_day,
            referral_date=referral,
            diagnosis=plan.diagnosis,
            employment=plan.employment,
            created_by=plan.consultant,
        )
        cases.append(case)
        memberships.append(
            CaseMembership(
                case=case, user=plan.care_manager, role="care_manager", started_at=_at(referral)
            )
        )
        consultant_since = referral
        if plan.former_consultant is not None:
            consultant_since = referral + (today - referral) / 2
            memberships.append(
                CaseMembership(
                    case=case,
                    user=plan.former_consultant,
                    role="employment_consultant",
                    started_at=_at(referral),
                    ended_at=_at(consultant_since, 8),
                )
            )
        memberships.append(
            CaseMembership(
                case=case,
                user=plan.consultant,
                role="employment_consultant",
                started_at=_at(consultant_since),
            )
        )
        for start, end, kind in plan.absences:
            absences.append(
                AbsencePeriod(
                    case=case, start=start, end=end, kind=kind, created_by=plan.consultant
                )
            )
        if plan.decision is not None:
            ground, decided_on, evidence, valid_until = plan.decision
            decisions.append(
                ExtensionDecision(
                    case=case,
                    ground=ground,
                    decided_on=decided_on,
                    medical_evidence=evidence,
                    valid_until=valid_until,
                    reasoning=REASONING[ground].format(name=plan.service_user.first_name),
                    decided_by=plan.consultant,
                )
            )
        for held_on in plan.held_follow_ups:
            meeting, rows = held_follow_up_rows(
                case_id=case.pk, service_user_id=plan.service_user.pk,
                consultant_id=plan.consultant.pk, held_on=held_on, now=now,
            )
            meetings.append(meeting)
            participants.extend(rows)
    Case.objects.bulk_create(cases)
    Plan.objects.bulk_create([Plan(case=case) for case in cases])
    CaseMembership.objects.bulk_create(memberships)
    AbsencePeriod.objects.bulk_create(absences)
    ExtensionDecision.objects.bulk_create(decisions)
    tables = bulk.meeting_tables()
    tables["meetings"].write(meetings)
    tables["participants"].write(participants)
    for case in cases:
        case_recompute(case=case, today=today)
    return len(cases)
