"""The sickness-benefit clock of one case: its stored projections and deadlines.

`case_recompute` is called by every service that changes absences, decisions, meetings or
the team, and by the daily sweep for cases whose status moves with the calendar. It is
idempotent: computing twice stores the same rows.
"""
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coordination.benefit_rules import certificate_status
from coordination.models import (
    Case,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    MeetingKind,
    MeetingStatus,
)


def held_follow_up_dates(case: Case) -> list[date]:
    """Days on which a follow-up conversation was held (DOMAIN.md, Follow-up conversations:
    a held roundtable, or a held follow_up meeting with the employment consultant present)."""
    from coordination.models import Attendance, Meeting

    held = (
        Meeting.objects.filter(case=case, status=MeetingStatus.HELD)
        .filter(
            Q(kind=MeetingKind.ROUNDTABLE)
            | Q(
                kind=MeetingKind.FOLLOW_UP,
                participants__role="employment_consultant",
                participants__attendance__in=[Attendance.ATTENDED, Attendance.UNKNOWN],
            )
        )
        .values_list("starts_at", flat=True)
        .distinct()
    )
    return sorted({timezone.localdate(starts_at) for starts_at in held})


def _planned_deadlines(case: Case, today: date) -> list[tuple[str, date, str]]:
    return deadlines_from_rules(
        rules=case.rules,
        first_absence_day=case.first_absence_day,
        employment=case.employment,
        absences=[a.as_rule() for a in case.absences.all()],
        decisions=[d.as_rule() for d in case.decisions.all()],
        held_follow_ups=held_follow_up_dates(case),
        today=today,
    ) + certificate_deadlines(case, today)


def deadlines_from_rules(
    *, rules, first_absence_day, employment, absences, decisions, held_follow_ups, today
) -> list[tuple[str, date, str]]:
    """The deadlines (kind, due, status) of an open case from plain values, without the
    database, so bulk seeding computes exactly what case_recompute stores."""
    # Only what had happened by `today` counts, so a past `as_of` shows that day's picture.
    decisions = [d for d in decisions if d.decided_on <= today]
    planned: list[tuple[str, date, str]] = []

    reassessment = rules.reassessment_date(absences, employment) if absences else None
    if reassessment is not None:
        planned.append(
            (
                DeadlineKind.REASSESSMENT,
                reassessment,
                rules.reassessment_deadline_status(today, reassessment, decisions),
            )
        )

    # The follow-up series: week 8, then 28 days after each held conversation. Every
    # deadline but the last was answered by a conversation held after it was set.
    held = [day for day in held_follow_ups if day <= today]
    series = [rules.first_follow_up_due(first_absence_day)]
    series += [rules.next_follow_up_due(first_absence_day, [held_on]) for held_on in held]
    for due in series[:-1]:
        planned.append((DeadlineKind.FOLLOW_UP, due, DeadlineStatus.MET))
    last = series[-1]
    planned.append(
        (
            DeadlineKind.FOLLOW_UP,
            last,
            DeadlineStatus.OVERDUE if today > last else DeadlineStatus.OPEN,
        )
    )

    # An extension with valid_until must be reviewed by then: met by a later decision.
    for decision in decisions:
        if decision.valid_until is None:
            continue
        reviewed = any(
            other.decided_on > decision.decided_on and other.decided_on <= decision.valid_until
            for other in decisions
            if other is not decision
        )
        if reviewed:
            status = DeadlineStatus.MET
        elif today > decision.valid_until:
            status = DeadlineStatus.OVERDUE
        else:
            status = DeadlineStatus.OPEN
        planned.append((DeadlineKind.EXTENSION_REVIEW, decision.valid_until, status))
    return planned


def projections_from_rules(*, rules, employment, absences, decisions, planned, closed_on, today):
    """The case's stored projections (reassessment_date, status, next_follow_up_due,
    next_deadline_due) from plain values and its planned deadlines."""
    reassessment = rules.reassessment_date(absences, employment) if absences else None
    follow_ups = [due for kind, due, status in planned if kind == DeadlineKind.FOLLOW_UP
                  and status != DeadlineStatus.MET]
    pending = [due for _kind, due, status in planned if status != DeadlineStatus.MET]
    return {
        "reassessment_date": reassessment,
        "status": rules.case_status(today, reassessment, decisions, closed_on),
        "next_follow_up_due": follow_ups[-1] if follow_ups else None,
        "next_deadline_due": min(pending) if pending else None,
    }


def deadlines_planned(*, case: Case, as_of: date) -> list[tuple[str, date, str]]:
    """The case's deadlines as (kind, due, status) computed for `as_of`, storing nothing
    (API.md, Cases: `?as_of=` on the deadlines list)."""
    if case.closed_on is not None and case.closed_on <= as_of:
        return [(d.kind, d.due, d.status) for d in case.deadlines.all()]
    return _planned_deadlines(case, as_of)


@transaction.atomic
def case_recompute(*, case: Case, today: date | None = None) -> Case:
    """Store the case's computed fields and make its Deadline rows match the rules."""
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().get(pk=case.pk)
    planned = _planned_deadlines(case, today) if case.closed_on is None else []
    if case.closed_on is not None:
        # A closed case keeps its history; nothing is due any more.
        case.deadlines.exclude(status=DeadlineStatus.MET).delete()

    wanted = {(kind, due): status for kind, due, status in planned}
    existing = {(d.kind, d.due): d for d in case.deadlines.all()}
    for key, deadline in existing.items():
        if key not in wanted and case.closed_on is None:
            deadline.delete()
    for (kind, due), status in wanted.items():
        deadline = existing.get((kind, due))
        if deadline is None:
            Deadline.objects.create(
                case=case, kind=kind, due=due, status=status,
                responsible=case.employment_consultant,
            )
        elif deadline.status != status or deadline.responsible_id != case.employment_consultant_id:
            deadline.status = status
            deadline.responsible = case.employment_consultant
            deadline.save(update_fields=["status", "responsible"])

    values = projections_from_rules(
        rules=case.rules,
        employment=case.employment,
        absences=[a.as_rule() for a in case.absences.all()],
        decisions=[d.as_rule() for d in case.decisions.all()],
        planned=planned,
        closed_on=case.closed_on,
        today=today,
    )
    for field, value in values.items():
        setattr(case, field, value)
    case.save(
        update_fields=["reassessment_date", "status", "next_follow_up_due", "next_deadline_due"]
    )
    return case



def certificate_deadlines(case: Case, today: date) -> list[tuple[str, date, str]]:
    """A `medical_certificate` deadline per LÆ 285 request made by `today` (issue 14;
    bek. om opfølgning i sygedagpengesager § 11, stk. 3)."""
    return [
        (DeadlineKind.MEDICAL_CERTIFICATE, c.due, certificate_status(today, c.due, c.received_on))
        for c in case.certificates.all()
        if c.requested_on <= today
    ]
