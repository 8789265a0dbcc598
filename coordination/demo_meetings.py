"""Demo roundtable meetings and shared plans for `manage.py seed_demo` (API.md).

Works on whatever cases exist, in a fixed order, so it is deterministic; a case that
already has a roundtable meeting, or a plan with goals, is left alone, so it is idempotent.
Meetings never double-book anyone: slots are chosen against everyone's existing meetings.
"""
import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

GOALS = [
    # (kind, commitment, description, the service user's own words)
    ("treatment", "voluntary", "Samtaleforløb (kognitiv terapi) hver anden uge",
     "Jeg vil lære at håndtere uroen, før den tager over"),
    ("treatment", "agreed", "Fast søvnrytme: i seng før kl. 23 på hverdage",
     "Jeg vil sove bedre, så jeg kan overskue dagen"),
    ("return_to_work", "agreed", "Gradvis tilbagevenden: 10 timer om ugen i fire uger",
     "Jeg vil gerne tilbage, men i mit eget tempo"),
    ("return_to_work", "binding", "Deltage i opfølgningssamtaler i jobcentret",
     "Jeg kommer til samtalerne, men har brug for at vide, hvad de skal bruges til"),
    ("return_to_work", "agreed", "Virksomhedspraktik med tilpassede opgaver",
     "Jeg vil prøve, om jeg kan klare kundekontakt igen"),
    ("personal", "voluntary", "Gåtur 30 minutter om dagen",
     "Jeg har det bedre, når jeg kommer ud"),
    ("personal", "voluntary", "Se venner mindst én gang om ugen",
     "Jeg har trukket mig fra alle, det vil jeg ændre"),
]
COMMENTS = [
    "Jeg er glad for, at mine egne ord står i planen.",
    "Kan vi tale om tempoet på næste møde? Ti timer føles af meget lige nu.",
    "Tak for et godt møde. Jeg ved nu, hvad der skal ske.",
]
MINUTES = (
    "Vi gennemgik, hvor sygemeldingen står i forhold til revurderingstidspunktet, og "
    "hvad hver af os kan og ikke kan bestemme. Mål og tempo er skrevet ind i planen med "
    "borgerens egne ord. Næste møde er aftalt."
)
AGENDA = "1. Hvordan går det?\n2. Fælles mål og plan\n3. Tempo for tilbagevenden\n4. Næste møde"
HOURS = (9, 10, 11, 13, 14)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class Calendar:
    """Everyone's booked hours, so new demo meetings never overlap a person's others."""

    def __init__(self, user_ids):
        from coordination.models import MeetingParticipant

        self.busy: dict = {}
        rows = MeetingParticipant.objects.filter(user_id__in=user_ids, cancelled=False)
        for user_id, starts_at, ends_at in rows.values_list("user_id", "starts_at", "ends_at"):
            self.busy.setdefault(user_id, []).append((starts_at, ends_at))

    def free(self, user_ids, starts_at, ends_at) -> bool:
        return not any(
            start < ends_at and end > starts_at
            for user_id in user_ids
            for start, end in self.busy.get(user_id, [])
        )

    def book(self, user_ids, starts_at, ends_at):
        for user_id in user_ids:
            self.busy.setdefault(user_id, []).append((starts_at, ends_at))

    def find_slot(self, user_ids, days, rng):
        """The first free hour on the first working day in `days` with one."""
        for day in days:
            if day.weekday() >= 5:
                continue
            hours = list(HOURS)
            rng.shuffle(hours)
            for hour in hours:
                starts_at, ends_at = _at(day, hour), _at(day, hour + 1)
                if self.free(user_ids, starts_at, ends_at):
                    return starts_at, ends_at
        return None


def _roundtable(case, calendar, rng, days, *, held: bool):
    from coordination.models import Meeting, MeetingParticipant
    from coordination.services.meetings import meeting_invitees

    invitees = meeting_invitees(case=case, kind="roundtable")
    user_ids = [invitee.user.pk for invitee in invitees]
    slot = calendar.find_slot(user_ids, days, rng)
    if slot is None:
        return None
    starts_at, ends_at = slot
    calendar.book(user_ids, starts_at, ends_at)
    meeting = Meeting.objects.create(
        case=case,
        kind="roundtable",
        starts_at=starts_at,
        ends_at=ends_at,
        location=rng.choice(["Jobcenter Aarhus, mødelokale 2", "Psykiatrien, Skovagervej 2"]),
        agenda=AGENDA,
        status="held" if held else "scheduled",
        minutes=MINUTES if held else "",
        organizer=case.employment_consultant,
        # Demo invitations are not mailed: mark the first version as sent.
        mailed_sequence=0,
    )
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(
            meeting=meeting,
            user=invitee.user,
            role=invitee.role,
            starts_at=starts_at,
            ends_at=ends_at,
            attendance="attended" if held else "unknown",
        )
        for invitee in invitees
    )
    if not held:
        from coordination.signals import meeting_booked

        meeting_booked.send(sender=type(meeting), meeting=meeting)
    return meeting


def _seed_meetings(case, calendar, rng, today):
    """A held roundtable early in the course (before the first follow-up conversation, so
    the follow-up series the case already has stays as it is) and the next one booked."""
    from coordination.services.clock import held_follow_up_dates

    held = held_follow_up_dates(case)
    created = 0
    if held:
        first_possible = case.referral_date + timedelta(days=7)
        days = [first_possible + timedelta(days=n) for n in range((held[0] - first_possible).days)]
        if _roundtable(case, calendar, rng, days, held=True):
            created += 1
    if case.closed_on is None:
        start = today + timedelta(days=rng.randint(2, 21))
        days = [start + timedelta(days=n) for n in range(21)]
        if _roundtable(case, calendar, rng, days, held=False):
            created += 1
    return created


def _seed_plan(case, rng):
    """Goals added by both professionals, one of them refined later, so the history has
    several versions; most service users have read it, some have commented."""
    from coordination.models import PlanAcknowledgement, PlanComment
    from coordination.services.plan import goal_add, goal_change, plan_for_case

    plan = plan_for_case(case)
    chosen = rng.sample(GOALS, rng.randint(2, 4))
    people = [case.care_manager, case.employment_consultant]
    goals = []
    for index, (kind, commitment, description, words) in enumerate(chosen):
        goals.append(
            goal_add(
                case=case,
                actor=people[index % 2],
                plan_version=index,
                kind=kind,
                description=description,
                service_user_words=words,
                commitment=commitment,
                owner=rng.choice([case.service_user, *people]),
                target_date=timezone.localdate() + timedelta(days=rng.randint(30, 150)),
            )
        )
    version = len(goals)
    acknowledged = None
    if rng.random() < 0.6:
        acknowledged = version
        PlanAcknowledgement.objects.create(plan=plan, user=case.service_user, version=version)
    if rng.random() < 0.5:
        goal = goals[0]
        goal_change(goal=goal, actor=people[1], plan_version=version,
                    target_date=goal.target_date + timedelta(days=28))
        version += 1
    if rng.random() < 0.3:
        goal_change(goal=goals[-1], actor=people[0], plan_version=version, status="achieved")
        version += 1
    if rng.random() < 0.4:
        PlanComment.objects.create(
            plan=plan, author=case.service_user, text=rng.choice(COMMENTS),
            version=acknowledged or version,
        )


@transaction.atomic
def seed_meetings_and_plans(
    *, seed: int = 1, today: date | None = None, service_users=None
) -> dict:
    """Roundtable meetings (one held, one coming) and a plan with history for each case
    that has none yet (only the cases of `service_users` if given: at scale the bulk
    cases get lighter data from demo_scale). Returns what was created."""
    from coordination.models import Case, Meeting, Plan
    from coordination.services.clock import case_recompute

    today = today or timezone.localdate()
    cases = Case.objects.select_related(
        "service_user", "care_manager", "employment_consultant"
    ).order_by("service_user__username", "first_absence_day", "pk")
    if service_users is not None:
        cases = cases.filter(service_user__in=service_users)
    cases = list(cases)
    people = {u for case in cases for u in (case.service_user_id, case.care_manager_id,
                                              case.employment_consultant_id)}
    calendar = Calendar(people)
    with_roundtables = set(
        Meeting.objects.filter(kind="roundtable").values_list("case_id", flat=True)
    )
    with_goals = set(Plan.objects.filter(version__gt=0).values_list("case_id", flat=True))
    created = {"meetings": 0, "plans": 0}
    for case in cases:
        rng = random.Random(
            f"{seed}-meetings-{case.service_user.username}-{case.first_absence_day}"
        )
        if case.pk not in with_roundtables:
            made = _seed_meetings(case, calendar, rng, today)
            created["meetings"] += made
            if made:
                case_recompute(case=case, today=today)
        if case.pk not in with_goals:
            _seed_plan(case, rng)
            created["plans"] += 1
    return created
