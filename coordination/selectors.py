"""Reads of cases, their clock and notifications. Visibility always starts from `for_user`."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    Case,
    CaseMembership,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Notification,
)
from coordination.models.cases import SIDES
from coordination.services.clock import (
    deadlines_planned,
    follow_up_inputs,
    follow_up_plan,
    follow_up_regime,
    held_follow_up_dates,
)
from ibbis.accounts.models import PROFESSIONAL_ROLES, Role

# DOMAIN.md, "Why trust": each professional's decisional power is shown on the case, in
# words the service user can follow.
DECISIONAL_POWER = {
    Role.EMPLOYMENT_CONSULTANT: _(
        "Decides on your sickness benefit: whether it continues after the reassessment "
        "date and on which of the seven grounds. Also plans your way back to work with you."
    ),
    Role.CARE_MANAGER: _(
        "Offers treatment and support (talk therapy). Has no power over your sickness "
        "benefit, and shares health information with the jobcentre only with your consent."
    ),
    Role.SERVICE_USER: _(
        "Your own goals and words go into the plan. You decide whether health information "
        "may be shared with the jobcentre, and you can see who has read your case."
    ),
}


def cases_for_user(user) -> QuerySet[Case]:
    """The cases a user may see, ready for lists: the team and the absences in fixed
    queries, whatever the number of rows."""
    return (
        Case.objects.for_user(user)
        .select_related(
            "service_user",
            "care_manager__organisation",
            "employment_consultant__organisation",
        )
        .prefetch_related("absences")
    )


def case_for_detail(case: Case) -> Case:
    """The case with everything the detail view shows, prefetched."""
    return case_holders_attach(case_detail_queryset(Case.objects.filter(pk=case.pk)).get())


def case_detail_queryset(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`cases` with everything the detail view shows: the case page reads its case through
    this and for_user at once, not twice (11 queries were one over issue 20's 10). The two
    professionals and their organisations come with the memberships, not as four more joins
    in the case's query (planning it took 4.9 of its 5.5 ms at 1,000,000 cases, issue 20):
    `case_holders_attach` puts them in place once the case is read."""
    return (
        cases
        .select_related("service_user")
        .prefetch_related(
            "absences",
            "decisions",
            "early_follow_up_requests",
            Prefetch(
                "memberships",
                queryset=CaseMembership.objects.select_related("user__organisation").order_by(
                    "started_at", "role"
                ),
            ),
        )
    )


def case_holders_attach(case: Case) -> Case:
    """Set the case's care manager and consultant from its prefetched current memberships
    (case_detail_queryset), each with their organisation. A holder without a current
    membership of that role (data made past the services) is left to the usual lazy read,
    so the page is never wrong, only one query slower."""
    for membership in case.memberships.all():
        if membership.ended_at is None and membership.role in SIDES and (
            getattr(case, f"{membership.role}_id") == membership.user_id
        ):
            setattr(case, membership.role, membership.user)
    return case


@dataclass(frozen=True)
class CaseClock:
    """The computed fields of API.md, Cases, for one day."""

    as_of: date
    status: str
    benefit_weeks_used: Decimal
    reassessment_date: date | None
    next_follow_up_due: date | None
    follow_up_regime: str


def case_clock(case: Case, as_of: date) -> CaseClock:
    """Status, weeks used, reassessment, next follow-up and the follow-up regime as of a
    day (DOMAIN.md, Sickness benefit rules 3-5; The seven extension grounds; Follow-up
    conversations). Decisions, requests and conversations after `as_of` had not happened
    yet on that day. Each rule comes from the rule set its event's date chooses."""
    rules = case.rules_on(as_of)
    absences = [a.as_rule() for a in case.absences.all()]
    decisions = [d.as_rule() for d in case.decisions.all() if d.decided_on <= as_of]
    reassessment = rules.reassessment_date(absences, case.employment) if absences else None
    closed = case.closed_on is not None and case.closed_on <= as_of
    held = [day for day in held_follow_up_dates(case) if day <= as_of]
    inputs = follow_up_inputs(case)
    common = {"first_absence_day": case.first_absence_day, "employment": case.employment,
              "absences": absences, "held_follow_ups": held, "today": as_of, "rules": rules}
    if closed:
        next_follow_up = None
    else:
        pending = [due.due for due in follow_up_plan(**common, **inputs)
                   if due.status != "met" and due.reason != "return_check"]
        next_follow_up = min(pending) if pending else None
    return CaseClock(
        as_of=as_of,
        status=rules.case_status(as_of, reassessment, decisions, case.closed_on),
        benefit_weeks_used=rules.benefit_weeks_used(absences, case.employment, as_of),
        reassessment_date=reassessment,
        next_follow_up_due=next_follow_up,
        follow_up_regime=follow_up_regime(
            **common, expected_return_date=inputs["expected_return_date"],
            early_requests=inputs["early_requests"],
        ),
    )


def case_weeks_used(case: Case, as_of: date) -> Decimal:
    """Weeks used from the prefetched absences (DOMAIN.md, Sickness benefit rule 4)."""
    absences = [a.as_rule() for a in case.absences.all()]
    return case.rules_on(as_of).benefit_weeks_used(absences, case.employment, as_of)


def case_team(case: Case) -> list[dict]:
    """Who is on the case now, with their decisional power and since when."""
    current = {
        m.role: m for m in case.memberships.all() if m.ended_at is None
    }
    team = [
        {
            "role": Role.SERVICE_USER,
            "user": case.service_user,
            "organisation": None,
            "since": None,
        }
    ]
    for role in (Role.EMPLOYMENT_CONSULTANT, Role.CARE_MANAGER):
        person = getattr(case, role)
        membership = current.get(role)
        team.append(
            {
                "role": role,
                "user": person,
                "organisation": person.organisation,
                "since": membership.started_at if membership else None,
            }
        )
    for member in team:
        member["decisional_power"] = DECISIONAL_POWER[member["role"]]
    return team


def case_team_since(case: Case) -> date | None:
    """DOMAIN.md, "trust grows over time": the day since which today's care manager and
    employment consultant have worked together on the case. The day on the Europe/Copenhagen
    clock (settings.TIME_ZONE), the one the case page shows: a handover at 00:30 in
    Copenhagen is that day, not the UTC day before. The API and the page both read it here."""
    starts = [m.started_at for m in case.memberships.all() if m.ended_at is None]
    return timezone.localdate(max(starts)) if len(starts) == len(PROFESSIONAL_ROLES) else None


def case_deadlines(case: Case, as_of: date | None) -> list[dict]:
    """The stored deadlines, or with `as_of` the deadlines computed for that day."""
    if as_of is None:
        rows = [(d.kind, d.due, d.status) for d in case.deadlines.all()]
    else:
        rows = deadlines_planned(case=case, as_of=as_of)
    labels = dict(DeadlineKind.choices)
    return [
        {"kind": kind, "due": due, "status": status, "label": labels.get(kind, kind)}
        for kind, due, status in sorted(rows, key=lambda row: (row[1], row[0]))
    ]


def deadlines_open_for_user(user) -> QuerySet[Deadline]:
    """The caller's deadlines still to meet (open or overdue) across their cases: a
    professional's current caseload, a service user's own cases, a manager's organisation."""
    cases = Case.objects.for_user(user)
    if user.role in PROFESSIONAL_ROLES:
        cases = cases.current_for_professional(user)
    return (
        Deadline.objects.filter(case__in=cases)
        .exclude(status=DeadlineStatus.MET)
        .select_related("case__service_user", "responsible__organisation")
        .order_by("due", "kind", "pk")
    )


def notifications_for_user(user) -> QuerySet[Notification]:
    """A user's own notifications, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .select_related("deadline")
        .order_by("-created_at", "pk")
    )


def notifications_unread_count(user) -> int:
    return notifications_for_user(user).aggregate(
        unread=Count("pk", filter=Q(read_at__isnull=True))
    )["unread"]
