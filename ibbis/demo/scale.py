"""seed_demo at caseload scale (`seed_demo --cases 100000`, issue 9).

The small demo (the first DEMO_CASES cases) is seeded as always, with its meetings, plans,
notes and consents. The cases beyond it are written here in bulk: one service user per
case, organisation pairs (a jobcentre and a mental-health unit) of at most
ORGANISATION_CASES cases each, whose own professionals (caseloads of about CASELOAD) hold
their cases, and per case its absences, decision,
latest held follow-up conversation, Deadline rows and stored projections, computed in
Python with the same pure functions case_recompute uses (clock.deadlines_from_rules,
clock.projections_from_rules), instead of one case_recompute per case. Plans get a goal or
two, one case in ROUNDTABLE_EVERY gets a coming roundtable meeting; notes and consents stay
with the small demo.

Speed (under 3 minutes for 100,000 cases): rows are plain tuples, not model instances, and
go to the database in one transaction, with COPY ... FROM STDIN on PostgreSQL (psycopg 3)
and executemany on SQLite. Every bulk demo account shares the one demo password hash,
computed once (demo._demo_password_hash): they all share the published demo password.
The column list of every table is checked against the model, so a new field cannot be
silently left out.

Idempotent like the small seed: accounts are found by username, and a service user who
already has a case gets no second one.
"""
import contextlib
import functools
import json
import math
import random
import uuid
from datetime import timedelta
from types import SimpleNamespace

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from ibbis.accounts.names import search_name_of
from ibbis.demo import bulk
from ibbis.demo import cases as demo

# The small demo's number of cases: these keep every detail the demo logins show.
DEMO_CASES = demo.CASES_PER_CARE_MANAGER * 3
# Cases per professional at scale: realistic caseloads are 25-40.
CASELOAD = 33
ROUNDTABLE_EVERY = 10
# Cases per organisation pair (a jobcentre and a mental-health unit) at scale: the product's
# estimate of the largest realistic organisation, closed cases of several years included.
# Denmark has 98 municipalities, each with one jobcentre, and 5 regions whose mental-health
# services have several units each; about 80-100,000 sickness-benefit cases are ongoing at
# a time (issue 20). So no jobcentre or unit holds anything like a million cases: at
# 1,000,000 the seed makes 100 pairs of about 10,000. The first pair is the small demo's
# (Jobcenter Aarhus, Psykiatrien Region Midtjylland) with the demo managers manager.jc and
# manager.mh, so their caseload stays about this size however large N grows.
ORGANISATION_CASES = 10_000
# The regions whose mental-health units the further pairs belong to, in turn.
REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
# Cases computed, then written, per step (all steps in one transaction).
CHUNK = 10_000


class _Person:
    """A bulk account as the seeding needs it: no model instance per row."""

    __slots__ = ("pk", "username", "first_name", "last_name")

    def __init__(self, pk, username, first_name, last_name):
        self.pk, self.username = pk, username
        self.first_name, self.last_name = first_name, last_name

    @property
    def display_name(self):
        # As User.display_name: the full name, else the username.
        return f"{self.first_name} {self.last_name}".strip() or self.username


def _tables():
    from coordination.models import (
        AbsencePeriod,
        Case,
        CaseMembership,
        Deadline,
        ExtensionDecision,
        Goal,
        Plan,
        PlanChange,
    )

    return {
        "cases": bulk.Table(Case, (
            "id", "service_user_id", "care_manager_id", "employment_consultant_id",
            "care_manager_organisation_id", "employment_consultant_organisation_id",
            "first_absence_day", "referral_date", "diagnosis", "employment", "closed_on",
            "created_by_id", "created_at", "status", "reassessment_date",
            "next_follow_up_due", "next_deadline_due", "pseudonymised_at")),
        "plans": bulk.Table(Plan, ("id", "case_id", "version", "updated_at")),
        "memberships": bulk.Table(CaseMembership, (
            "case_id", "user_id", "role", "started_at", "ended_at")),
        "absences": bulk.Table(AbsencePeriod, (
            "id", "case_id", "start", "end", "kind", "created_by_id", "created_at")),
        "decisions": bulk.Table(ExtensionDecision, (
            "id", "case_id", "ground", "decided_on", "medical_evidence", "valid_until",
            "reasoning", "decided_by_id", "created_at")),
        **bulk.meeting_tables(),
        "deadlines": bulk.Table(Deadline, (
            "id", "case_id", "kind", "due", "status", "responsible_id", "created_at")),
        "goals": bulk.Table(Goal, (
            "id", "plan_id", "kind", "description", "service_user_words", "target_date",
            "owner_id", "status", "commitment", "created_at", "updated_at")),
        "changes": bulk.Table(PlanChange, (
            "plan_id", "version", "goal_id", "action", "changed_by_id", "changed_at",
            "before", "after")),
    }


# --- accounts ------------------------------------------------------------------------------

def _bulk_accounts(usernames, role, organisations, rng):
    """Accounts by username, creating the missing ones in bulk, as _Person in the order
    given. `organisations` is one organisation (or None) for all, or one per username.
    Every bulk demo account shares the one precomputed demo password hash."""
    from ibbis.accounts.models import User

    if not isinstance(organisations, list | tuple):
        organisations = [organisations] * len(usernames)
    prefix = usernames[0].rstrip("0123456789")
    existing = set(
        User.objects.filter(username__startswith=prefix).values_list("username", flat=True)
    )
    password, now = demo._demo_password_hash(), timezone.now()
    rows = []
    for username, organisation in zip(usernames, organisations, strict=True):
        if username in existing:
            continue
        first, last = rng.choice(demo.FIRST_NAMES), rng.choice(demo.LAST_NAMES)
        organisation_id = organisation.pk if organisation is not None else None
        rows.append((
            uuid.uuid4(), password, None, False, username, first, last,
            f"{username}@demo.ibbis.invalid", False, True, now, role, organisation_id, None, "",
            search_name_of(first, last),
        ))
    bulk.Table(User, (
        "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
        "email", "is_staff", "is_active", "date_joined", "role", "organisation_id",
        "welcome_sent_at", "phone", "search_name",
    )).write(rows)
    wanted = set(usernames)
    by_name = {
        username: _Person(pk, username, first, last)
        for pk, username, first, last in User.objects.filter(username__startswith=prefix)
        .values_list("pk", "username", "first_name", "last_name").iterator(chunk_size=10_000)
        if username in wanted
    }
    return [by_name[username] for username in usernames]


class _Pair:
    """One organisation pair at scale and the cases [start, stop) it holds, with its own
    care managers and consultants (and, beyond the first pair, one manager each side)."""

    __slots__ = ("jobcentre", "mental_health", "start", "stop", "care_managers", "consultants")

    def __init__(self, jobcentre, mental_health, start, stop):
        self.jobcentre, self.mental_health = jobcentre, mental_health
        self.start, self.stop = start, stop
        self.care_managers, self.consultants = [], []


def organisation_cases():
    """ORGANISATION_CASES, read when called (tests lower it), never below the small demo's
    cases, which all belong to the first pair."""
    return max(ORGANISATION_CASES, DEMO_CASES)


def _organisations(people, count):
    """The organisation pairs for `count` cases, created in bulk where missing: the small
    demo's pair first, then "Jobcenter NNN (demo)" with "Psykiatrien Region R, enhed NNN
    (demo)", the regions in turn."""
    from ibbis.accounts.models import Organisation, OrganisationKind

    size = organisation_cases()
    pairs = [_Pair(people.jobcentre, people.mental_health, 0, min(count, size))]
    names = []
    for number, start in enumerate(range(size, count, size), start=2):
        region = REGIONS[(number - 2) % len(REGIONS)]
        names.append((
            f"Jobcenter {number:03d} (demo)",
            f"Psykiatrien Region {region}, enhed {number:03d} (demo)",
            start, min(count, start + size)))
    wanted = [name for jobcentre, unit, _start, _stop in names for name in (jobcentre, unit)]
    existing = Organisation.objects.in_bulk(wanted, field_name="name")
    Organisation.objects.bulk_create([
        Organisation(name=name, kind=(
            OrganisationKind.JOBCENTRE if name.startswith("Jobcenter")
            else OrganisationKind.MENTAL_HEALTH))
        for name in wanted if name not in existing
    ])
    by_name = Organisation.objects.in_bulk(wanted, field_name="name")
    pairs += [_Pair(by_name[jobcentre], by_name[unit], start, stop)
              for jobcentre, unit, start, stop in names]
    return pairs


def scale_people(people, *, count, seed):
    """The small demo's people plus professionals and service users enough for `count`,
    in organisation pairs of at most ORGANISATION_CASES cases (people.pairs)."""
    if connection.in_atomic_block:
        return _scale_people(people, count=count, seed=seed)
    with _sqlite_bulk_settings():
        return _scale_people(people, count=count, seed=seed)


@transaction.atomic
def _scale_people(people, *, count, seed):
    from ibbis.accounts.models import Role

    rng = random.Random(f"{seed}-scale-people")
    pairs = _organisations(people, count)
    # Professionals per pair for caseloads of about CASELOAD; the first pair keeps at least
    # the small demo's (cm1-cm3, ec1-ec3). Usernames run on across the pairs.
    sizes = [math.ceil((pair.stop - pair.start) / CASELOAD) for pair in pairs]
    sizes[0] = max(sizes[0], len(people.care_managers))
    total = sum(sizes)
    owners = [(pair, index) for pair, size in zip(pairs, sizes, strict=True)
              for index in range(size)]
    care_managers = _bulk_accounts(
        [f"cm{i}" for i in range(1, total + 1)], Role.CARE_MANAGER,
        [pair.mental_health for pair, _index in owners], rng)
    consultants = _bulk_accounts(
        [f"ec{i}" for i in range(1, total + 1)], Role.EMPLOYMENT_CONSULTANT,
        [pair.jobcentre for pair, _index in owners], rng)
    for (pair, _index), cm, ec in zip(owners, care_managers, consultants, strict=True):
        pair.care_managers.append(cm)
        pair.consultants.append(ec)
    # Every further organisation has a manager too (manager.jcN, manager.mhN), so the
    # sweep's overdue notices reach one manager per organisation as in the first pair.
    if len(pairs) > 1:
        numbers = range(2, len(pairs) + 1)
        _bulk_accounts([f"manager.jc{n}" for n in numbers], Role.MANAGER,
                       [pair.jobcentre for pair in pairs[1:]], rng)
        _bulk_accounts([f"manager.mh{n}" for n in numbers], Role.MANAGER,
                       [pair.mental_health for pair in pairs[1:]], rng)
    people.pairs = pairs
    people.care_managers, people.consultants = care_managers, consultants
    people.service_users = _bulk_accounts(
        [f"borger{i:03d}" for i in range(1, count + 1)], Role.SERVICE_USER, None, rng
    )
    return people


# --- one case's rows -----------------------------------------------------------------------

_at = functools.lru_cache(maxsize=65536)(demo._at)


class _Batch:
    """The rows of a chunk of cases, per table, as plain tuples."""

    def __init__(self, today, now, pair):
        self.today, self.now = today, now
        # Each side's organisation as stored on the case (issue 20): the step's pair holds
        # all of its cases' professionals.
        self.organisations = (pair.mental_health.pk, pair.jobcentre.pk)
        self.rows = {key: [] for key in _TABLE_KEYS}

    def case(self, plan):
        """The case of one plan, its memberships, absences, decision, latest held
        follow-up, deadlines and projections. Returns (case id, plan of the rows)."""
        from coordination.benefit_rules import Absence, Decision, rules_for
        from coordination.services.clock import deadlines_from_rules, projections_from_rules

        rows, now, today = self.rows, self.now, self.today
        case_id = uuid.uuid4()
        su, cm, ec = plan.service_user, plan.care_manager, plan.consultant
        referral = plan.first_absence_day + timedelta(days=7)
        consultant_since = referral
        rows["memberships"].append(
            (case_id, cm.pk, "care_manager", _at(referral), None))
        if plan.former_consultant is not None:
            consultant_since = referral + (today - referral) / 2
            rows["memberships"].append((
                case_id, plan.former_consultant.pk, "employment_consultant", _at(referral),
                _at(consultant_since, 8)))
        rows["memberships"].append(
            (case_id, ec.pk, "employment_consultant", _at(consultant_since), None))
        absences = []
        for start, end, kind in plan.absences:
            rows["absences"].append((uuid.uuid4(), case_id, start, end, kind, ec.pk, now))
            absences.append(Absence(start=start, end=end, kind=kind))
        decisions = []
        if plan.decision is not None:
            ground, decided_on, evidence, valid_until = plan.decision
            rows["decisions"].append((
                uuid.uuid4(), case_id, ground, decided_on, evidence, valid_until,
                demo.REASONING[ground].format(name=su.first_name), ec.pk, now))
            decisions.append(
                Decision(ground=ground, decided_on=decided_on, valid_until=valid_until))
        # Only the latest held conversation is written at scale: it alone sets the follow-up
        # deadline now due, and the earlier ones would triple the rows to write.
        held_follow_ups = plan.held_follow_ups[-1:]
        for held_on in held_follow_ups:
            self.meeting(demo.held_follow_up_rows(
                case_id=case_id, service_user_id=su.pk, consultant_id=ec.pk, held_on=held_on,
                now=now))
        # Held at 10:00 local time: the local date is the day itself, as case_recompute
        # reads it.
        rules = rules_for(today)
        planned = deadlines_from_rules(
            rules=rules, first_absence_day=plan.first_absence_day, employment=plan.employment,
            absences=absences, decisions=decisions, held_follow_ups=sorted(held_follow_ups),
            today=today)
        # case_recompute keys deadlines by (kind, due): a repeated key keeps the last status.
        for (kind, due), status in {(k, d): s for k, d, s in planned}.items():
            rows["deadlines"].append((uuid.uuid4(), case_id, kind, due, status, ec.pk, now))
        projected = projections_from_rules(
            rules=rules, employment=plan.employment, absences=absences, decisions=decisions,
            planned=planned, closed_on=None, today=today)
        # Distinct creation times keep the case list's order (next deadline, created) total.
        created_at = now + timedelta(microseconds=len(rows["cases"]))
        rows["cases"].append((
            case_id, su.pk, cm.pk, ec.pk, *self.organisations, plan.first_absence_day, referral,
            plan.diagnosis, plan.employment, None, ec.pk, created_at, projected["status"],
            projected["reassessment_date"], projected["next_follow_up_due"],
            projected["next_deadline_due"], None))
        return case_id

    def plan(self, case_id, plan, rng):
        """A goal or two, each one plan version with its history entry."""
        from coordination.services.plan import goal_snapshot
        from ibbis.demo.meetings import GOALS

        rows, now = self.rows, self.now
        plan_id = uuid.uuid4()
        people = [plan.care_manager, plan.consultant]
        chosen = rng.sample(GOALS, rng.randint(1, 2))
        for index, (kind, commitment, description, words) in enumerate(chosen):
            goal = SimpleNamespace(
                id=uuid.uuid4(), kind=kind, commitment=commitment, description=description,
                service_user_words=words, owner=plan.service_user,
                owner_id=plan.service_user.pk, status="open",
                target_date=self.today + timedelta(days=rng.randint(30, 150)))
            rows["goals"].append((
                goal.id, plan_id, kind, description, words, goal.target_date, goal.owner_id,
                "open", commitment, now, now))
            rows["changes"].append((
                plan_id, index + 1, goal.id, "goal_added", people[index % 2].pk, now, None,
                json.dumps(goal_snapshot(goal))))
        rows["plans"].append((plan_id, case_id, len(chosen), now))

    def roundtable(self, case_id, plan, slots, rng):
        """A coming roundtable meeting, booked as the small demo books one (meetings.py,
        through meeting_schedule without mail): its first version counts as sent."""
        from ibbis.demo.meetings import AGENDA

        invitees = bulk.meeting_invitees(
            "roundtable", service_user_id=plan.service_user.pk,
            care_manager_id=plan.care_manager.pk, consultant_id=plan.consultant.pk)
        slot = slots.book([user_id for _role, user_id in invitees], rng)
        if slot is None:
            return
        self.meeting(bulk.meeting_rows(
            case_id=case_id, kind="roundtable", starts_at=slot[0], ends_at=slot[1],
            organizer_id=plan.consultant.pk, invitees=invitees, now=self.now,
            location="Jobcenter Aarhus, mødelokale 2", agenda=AGENDA, mailed_sequence=0))

    def meeting(self, rows):
        meeting, participants = rows
        self.rows["meetings"].append(meeting)
        self.rows["participants"].extend(participants)


# Parents before children.
_TABLE_KEYS = ("cases", "plans", "memberships", "absences", "decisions", "meetings",
               "participants", "deadlines", "goals", "changes")


class _Slots:
    """Coming roundtable hours per person, so no one is booked twice at once."""

    def __init__(self, today):
        self.today = today
        self.busy = set()

    def book(self, user_ids, rng):
        day = self.today + timedelta(days=rng.randint(2, 21))
        for _attempt in range(200):
            if day.weekday() < 5:
                for hour in demo_hours():
                    keys = {(user_id, day, hour) for user_id in user_ids}
                    if not keys & self.busy:
                        self.busy |= keys
                        return _at(day, hour), _at(day, hour + 1)
            day += timedelta(days=1)
        return None


def demo_hours():
    from ibbis.demo.meetings import HOURS

    return HOURS


@contextlib.contextmanager
def _sqlite_bulk_settings():
    """On SQLite, for this connection only while seeding: a page cache large enough for
    the one big transaction (fewer spills to the file) and no fsync before its commit
    (a crash mid-seed loses the seed, never earlier data: the journal stays on)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
        cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")


def seed_cases_at_scale(people, *, count, seed=1, today=None, stdout=None):
    """Cases DEMO_CASES+1 .. count, in one transaction. Returns the number created."""
    if connection.in_atomic_block:
        return _seed_cases(people, count=count, seed=seed, today=today, stdout=stdout)
    with _sqlite_bulk_settings():
        return _seed_cases(people, count=count, seed=seed, today=today, stdout=stdout)


def _defer_reference_checks() -> bool:
    """PostgreSQL checks every foreign key of every row with a trigger at COMMIT: over a
    million rows, that alone takes minutes. Where the database role may (a superuser, as
    in development and CI), this transaction skips those triggers, as pg_restore
    --disable-triggers does, and _check_references verifies every reference set-based
    before the commit instead. Elsewhere the triggers run as usual."""
    if connection.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def _check_references(tables):
    """Every foreign key of the tables written points at an existing row (one anti-join
    per key); raises, rolling the seed back, if not."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables.values():
            for field in table.model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                child, column = table.model._meta.db_table, field.column
                parent = field.related_model._meta.db_table
                key = field.target_field.column
                cursor.execute(
                    f"SELECT 1 FROM {quote(child)} c WHERE c.{quote(column)} IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM {quote(parent)} p "
                    f"WHERE p.{quote(key)} = c.{quote(column)}) LIMIT 1"
                )
                if cursor.fetchone() is not None:
                    raise IntegrityError(f"{child}.{column}: a reference to no {parent} row")
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def _steps(people, count):
    """(start, stop, pair) of at most CHUNK cases each, never across two pairs, from the
    first case beyond the small demo's."""
    for pair in people.pairs:
        for start in range(max(DEMO_CASES, pair.start), pair.stop, CHUNK):
            yield start, min(pair.stop, start + CHUNK), pair


@transaction.atomic
def _seed_cases(people, *, count, seed, today, stdout):
    from coordination.models import Case

    today = today or timezone.localdate()
    taken = set(Case.objects.values_list("service_user_id", flat=True))
    tables = _tables()
    unchecked = _defer_reference_checks()
    slots = _Slots(today)
    created = 0
    for start, stop, pair in _steps(people, count):
        batch = _Batch(today, timezone.now(), pair)
        # The pair's own professionals: every case stays inside one organisation pair.
        staff = SimpleNamespace(service_users=people.service_users,
                                care_managers=pair.care_managers, consultants=pair.consultants)
        for offset, plan in enumerate(demo._plan_cases(staff, stop, seed, today, start=start)):
            if plan.service_user.pk in taken:
                continue
            case_id = batch.case(plan)
            rng = random.Random(f"{seed}-scale-{plan.service_user.username}")
            batch.plan(case_id, plan, rng)
            if (start + offset) % ROUNDTABLE_EVERY == 0:
                batch.roundtable(case_id, plan, slots, rng)
        for key in _TABLE_KEYS:
            tables[key].write(batch.rows[key])
        created += len(batch.rows["cases"])
        if stdout is not None:
            stdout.write(f"  cases: {stop}/{count}")
    if unchecked:
        _check_references(tables)
    return created
