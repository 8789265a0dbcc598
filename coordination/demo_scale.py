"""seed_demo at caseload scale (`seed_demo --cases 100000`, issue 9).

The small demo (the first DEMO_CASES cases) is seeded as always, with its meetings, plans,
notes and consents. The cases beyond it are written here in bulk: one service user per
case, professionals with caseloads of about CASELOAD, and per case its absences, decision,
held follow-up conversations, Deadline rows and stored projections, computed in Python
with the same pure functions case_recompute uses (clock.deadlines_from_rules), instead of
one case_recompute per case. Plans get a goal or two, one case in ROUNDTABLE_EVERY gets a
coming roundtable meeting; notes and consents stay with the small demo.

Idempotent like the small seed: accounts are found by username, and a service user who
already has a case gets no second one.
"""
import math
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coordination import demo

# The small demo's number of cases: these keep every detail the demo logins show.
DEMO_CASES = demo.CASES_PER_CARE_MANAGER * 3
# Cases per professional at scale: realistic caseloads are 25-40.
CASELOAD = 33
ROUNDTABLE_EVERY = 10
BATCH = 2000


def _bulk_accounts(usernames, role, organisation, rng):
    """Accounts by username, creating the missing ones in bulk. Every bulk demo account
    shares the one precomputed demo password hash: hashing 100,000 passwords with Argon2
    would take hours, and they all share the published demo password anyway."""
    from ibbis.accounts.models import User

    password = demo._demo_password_hash()
    existing = set(
        User.objects.filter(username__startswith=usernames[0].rstrip("0123456789"))
        .values_list("username", flat=True)
    )
    User.objects.bulk_create(
        [
            User(
                username=username,
                role=role,
                organisation=organisation,
                first_name=rng.choice(demo.FIRST_NAMES),
                last_name=rng.choice(demo.LAST_NAMES),
                email=f"{username}@demo.ibbis.invalid",
                password=password,
            )
            for username in usernames
            if username not in existing
        ],
        batch_size=BATCH,
    )
    wanted = set(usernames)
    by_name = {
        u.username: u
        for u in User.objects.filter(username__startswith=usernames[0].rstrip("0123456789"))
        if u.username in wanted
    }
    return [by_name[username] for username in usernames]


def scale_people(people, *, count, seed):
    """The small demo's people plus professionals and service users enough for `count`."""
    from ibbis.accounts.models import Role

    rng = random.Random(f"{seed}-scale-people")
    per_role = max(len(people.care_managers), math.ceil(count / CASELOAD))
    people.care_managers = _bulk_accounts(
        [f"cm{i}" for i in range(1, per_role + 1)], Role.CARE_MANAGER, people.mental_health, rng
    )
    people.consultants = _bulk_accounts(
        [f"ec{i}" for i in range(1, per_role + 1)],
        Role.EMPLOYMENT_CONSULTANT,
        people.jobcentre,
        rng,
    )
    people.service_users = _bulk_accounts(
        [f"borger{i:03d}" for i in range(1, count + 1)], Role.SERVICE_USER, None, rng
    )
    return people


def _rows_for(plan, today):
    """The rows of one case (unsaved) and its stored projections, from the pure rules."""
    from coordination.benefit_rules import Absence, Decision
    from coordination.models import (
        AbsencePeriod,
        Case,
        CaseMembership,
        Deadline,
        ExtensionDecision,
        Meeting,
        MeetingParticipant,
    )
    from coordination.services.clock import deadlines_from_rules, projections_from_rules

    referral = plan.first_absence_day + timedelta(days=7)
    case = Case(
        service_user=plan.service_user,
        care_manager=plan.care_manager,
        employment_consultant=plan.consultant,
        first_absence_day=plan.first_absence_day,
        referral_date=referral,
        diagnosis=plan.diagnosis,
        employment=plan.employment,
        created_by=plan.consultant,
    )
    rows = {"memberships": [], "absences": [], "decisions": [], "meetings": [],
            "participants": [], "deadlines": []}
    consultant_since = referral
    rows["memberships"].append(CaseMembership(
        case=case, user=plan.care_manager, role="care_manager", started_at=demo._at(referral)))
    if plan.former_consultant is not None:
        consultant_since = referral + (today - referral) / 2
        rows["memberships"].append(CaseMembership(
            case=case, user=plan.former_consultant, role="employment_consultant",
            started_at=demo._at(referral), ended_at=demo._at(consultant_since, 8)))
    rows["memberships"].append(CaseMembership(
        case=case, user=plan.consultant, role="employment_consultant",
        started_at=demo._at(consultant_since)))
    absences = []
    for start, end, kind in plan.absences:
        rows["absences"].append(AbsencePeriod(
            case=case, start=start, end=end, kind=kind, created_by=plan.consultant))
        absences.append(Absence(start=start, end=end, kind=kind))
    decisions = []
    if plan.decision is not None:
        ground, decided_on, evidence, valid_until = plan.decision
        rows["decisions"].append(ExtensionDecision(
            case=case, ground=ground, decided_on=decided_on, medical_evidence=evidence,
            valid_until=valid_until, decided_by=plan.consultant,
            reasoning=demo.REASONING[ground].format(name=plan.service_user.first_name)))
        decisions.append(Decision(ground=ground, decided_on=decided_on, valid_until=valid_until))
    # Only the latest held conversation is written at scale: it alone sets the follow-up
    # deadline now due, and the earlier ones would triple the rows to write.
    plan.held_follow_ups = plan.held_follow_ups[-1:]
    for held_on in plan.held_follow_ups:
        meeting = Meeting(
            case=case, kind="follow_up", starts_at=demo._at(held_on, 10),
            ends_at=demo._at(held_on, 11), location="Jobcenter Aarhus",
            agenda="Opfølgningssamtale", status="held", organizer=plan.consultant)
        rows["meetings"].append(meeting)
        for user, role in ((plan.service_user, "service_user"),
                           (plan.consultant, "employment_consultant")):
            rows["participants"].append(MeetingParticipant(
                meeting=meeting, user=user, role=role, attendance="attended",
                starts_at=meeting.starts_at, ends_at=meeting.ends_at))
    # Held at 10:00 local time: the local date is the day itself, as case_recompute reads it.
    rules = case.rules
    planned = deadlines_from_rules(
        rules=rules, first_absence_day=case.first_absence_day, employment=case.employment,
        absences=absences, decisions=decisions, held_follow_ups=sorted(plan.held_follow_ups),
        today=today)
    # case_recompute keys deadlines by (kind, due): a repeated key keeps the last status.
    for (kind, due), status in {(k, d): s for k, d, s in planned}.items():
        rows["deadlines"].append(Deadline(
            case=case, kind=kind, due=due, status=status, responsible=plan.consultant))
    for field, value in projections_from_rules(
        rules=rules, employment=case.employment, absences=absences, decisions=decisions,
        planned=planned, closed_on=None, today=today,
    ).items():
        setattr(case, field, value)
    return case, rows


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
                        return demo._at(day, hour), demo._at(day, hour + 1)
            day += timedelta(days=1)
        return None


def demo_hours():
    from coordination.demo_meetings import HOURS

    return HOURS


def _roundtable(case, slots, rng, rows):
    from coordination.demo_meetings import AGENDA
    from coordination.models import Meeting, MeetingParticipant

    invitees = [(case.service_user, "service_user"), (case.care_manager, "care_manager"),
                (case.employment_consultant, "employment_consultant")]
    slot = slots.book([user.pk for user, _role in invitees], rng)
    if slot is None:
        return
    meeting = Meeting(
        case=case, kind="roundtable", starts_at=slot[0], ends_at=slot[1],
        location="Jobcenter Aarhus, mødelokale 2", agenda=AGENDA, status="scheduled",
        organizer=case.employment_consultant, mailed_sequence=0)
    rows["meetings"].append(meeting)
    for user, role in invitees:
        rows["participants"].append(MeetingParticipant(
            meeting=meeting, user=user, role=role, starts_at=slot[0], ends_at=slot[1],
            attendance="unknown"))


def _plan_rows(case, rng, rows):
    """A goal or two, each one plan version with its history entry."""
    from coordination.demo_meetings import GOALS
    from coordination.models import Goal, Plan, PlanChange
    from coordination.services.plan import goal_snapshot

    plan = Plan(case=case)
    rows["plans"].append(plan)
    people = [case.care_manager, case.employment_consultant]
    for index, (kind, commitment, description, words) in enumerate(
        rng.sample(GOALS, rng.randint(1, 2))
    ):
        goal = Goal(
            plan=plan, kind=kind, commitment=commitment, description=description,
            service_user_words=words, owner=case.service_user,
            target_date=timezone.localdate() + timedelta(days=rng.randint(30, 150)))
        rows["goals"].append(goal)
        rows["changes"].append(PlanChange(
            plan=plan, version=index + 1, goal=goal, action="goal_added",
            changed_by=people[index % 2], before=None, after=goal_snapshot(goal)))
        plan.version = index + 1


def seed_cases_at_scale(people, *, count, seed=1, today=None, stdout=None):
    """Cases DEMO_CASES+1 .. count, written in batches. Returns the number created."""
    from coordination.models import (
        AbsencePeriod,
        Case,
        CaseMembership,
        Deadline,
        ExtensionDecision,
        Goal,
        Meeting,
        MeetingParticipant,
        Plan,
        PlanChange,
    )

    today = today or timezone.localdate()
    taken = set(Case.objects.values_list("service_user_id", flat=True))
    slots = _Slots(today)
    created = 0
    for start in range(DEMO_CASES, count, BATCH * 5):
        stop = min(count, start + BATCH * 5)
        plans = [
            p for p in demo._plan_cases(people, stop, seed, today, start=start)
            if p.service_user.pk not in taken
        ]
        rows = {key: [] for key in ("cases", "memberships", "absences", "decisions",
                                    "meetings", "participants", "deadlines", "plans",
                                    "goals", "changes")}
        for offset, plan in enumerate(plans):
            case, case_rows = _rows_for(plan, today)
            rows["cases"].append(case)
            for key, values in case_rows.items():
                rows[key].extend(values)
            rng = random.Random(f"{seed}-scale-{plan.service_user.username}")
            _plan_rows(case, rng, rows)
            if (start + offset) % ROUNDTABLE_EVERY == 0:
                _roundtable(case, slots, rng, rows)
        with transaction.atomic():
            for model, key in ((Case, "cases"), (Plan, "plans"), (CaseMembership, "memberships"),
                               (AbsencePeriod, "absences"), (ExtensionDecision, "decisions"),
                               (Meeting, "meetings"), (MeetingParticipant, "participants"),
                               (Deadline, "deadlines"), (Goal, "goals"),
                               (PlanChange, "changes")):
                model.objects.bulk_create(rows[key], batch_size=BATCH)
        created += len(rows["cases"])
        if stdout is not None:
            stdout.write(f"  cases: {stop}/{count}")
    return created
