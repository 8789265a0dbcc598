"""The sickness-benefit clock of one case: its stored projections and deadlines.

`case_recompute` is called by every service that changes absences, decisions, meetings or
the team, and by the daily sweep for cases whose status moves with the calendar. It is
idempotent: computing twice stores the same rows.
"""
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coordination import benefit_rules
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


def follow_up_inputs(case: Case) -> dict:
    """The case's inputs to the follow-up rules besides absences and held conversations."""
    return {
        "early_requests": sorted(r.requested_on for r in case.early_follow_up_requests.all()),
        "agreed_on": case.follow_up_agreed_on,
        "agreed_recorded_on": case.follow_up_agreed_recorded_on,
        "expected_return_date": case.expected_return_date,
    }


def _planned_deadlines(case: Case, today: date) -> list[tuple[str, date, str]]:
    return deadlines_from_rules(
        rules=case.rules_on(today),
        first_absence_day=case.first_absence_day,
        employment=case.employment,
        absences=[a.as_rule() for a in case.absences.all()],
        decisions=[d.as_rule() for d in case.decisions.all()],
        held_follow_ups=held_follow_up_dates(case),
        today=today,
        **follow_up_inputs(case),
    ) + certificate_deadlines(case, today)


def _absences_or_first_day(absences, first_absence_day):
    """The recorded absences; a case without any is absent from its first day on."""
    return list(absences) or [benefit_rules.Absence(first_absence_day)]


def follow_up_plan(
    *, first_absence_day, employment, absences, held_follow_ups, today,
    early_requests=(), agreed_on=None, agreed_recorded_on=None, expected_return_date=None,
    rules=None,
) -> list[benefit_rules.FollowUpDue]:
    """The follow-up deadlines on `today`, by the rules in force on `today` (the day the
    conversations are asked about: DOMAIN.md, "the conversation's date for follow-up");
    `rules`: the case's rules for that day (Case.rules_on), default rules_for(today)."""
    return (rules or benefit_rules.rules_for(today)).follow_up_plan(
        absences=_absences_or_first_day(absences, first_absence_day),
        employment=employment, held=held_follow_ups, on=today,
        early_requests=early_requests, agreed_on=agreed_on,
        agreed_recorded_on=agreed_recorded_on, expected_return_date=expected_return_date,
    )


def follow_up_regime(
    *, first_absence_day, employment, absences, held_follow_ups, today,
    expected_return_date=None, early_requests=(), rules=None,
) -> str:
    """`follow_up_regime` of API.md for `today` (the rules in force on `today`)."""
    rules = rules or benefit_rules.rules_for(today)
    absences = _absences_or_first_day(absences, first_absence_day)
    current = benefit_rules.current_absence(absences, today)
    if current is None:
        return "standard"
    start, last = current
    held = [d for d in held_follow_ups if start <= d <= today]
    requests = [r + timedelta(days=rules.early_follow_up_within_days)
                for r in early_requests if start <= r <= today]
    first = held[0] if held else min([rules.first_follow_up_due(start), *requests])
    return rules.follow_up_regime(
        employment=employment, absence_start=start,
        expected_return_date=expected_return_date, first_conversation=first,
    )


def deadlines_from_rules(
    *, first_absence_day, employment, absences, decisions, held_follow_ups, today,
    early_requests=(), agreed_on=None, agreed_recorded_on=None, expected_return_date=None,
    rules=None,
) -> list[tuple[str, date, str]]:
    """The deadlines (kind, due, status) of an open case from plain values, without the
    database, so bulk seeding computes exactly what case_recompute stores.

    Each rule comes from the rule set in force on its event's date (benefit_rules.rules_for):
    the counting and the deadline statuses by the day asked about, the follow-up rules by
    the day asked about. `rules`: the case's rules for `today` (Case.rules_on), default
    rules_for(today); a caller must not pass the rules of the first absence day."""
    rule_set = rules or benefit_rules.rules_for(today)
    # Only what had happened by `today` counts, so a past `as_of` shows that day's picture.
    decisions = [d for d in decisions if d.decided_on <= today]
    planned: list[tuple[str, date, str]] = []

    reassessment = rule_set.reassessment_date(absences, employment) if absences else None
    if reassessment is not None:
        planned.append(
            (
                DeadlineKind.REASSESSMENT,
                reassessment,
                rule_set.reassessment_deadline_status(today, reassessment, decisions),
            )
        )

    # Follow-up per § 13 b (DOMAIN.md, Follow-up conversations).
    for due in follow_up_plan(
        first_absence_day=first_absence_day, employment=employment, absences=absences,
        held_follow_ups=[day for day in held_follow_ups if day <= today], today=today,
        early_requests=early_requests, agreed_on=agreed_on,
        agreed_recorded_on=agreed_recorded_on, expected_return_date=expected_return_date,
        rules=rule_set,
    ):
        kind = DeadlineKind.RETURN_CHECK if due.reason == "return_check" else (
            DeadlineKind.FOLLOW_UP)
        planned.append((kind, due.due, due.status))

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


def projections_from_rules(
    *, employment, absences, decisions, planned, closed_on, today, rules=None
):
    """The case's stored projections (reassessment_date, status, next_follow_up_due,
    next_deadline_due) from plain values and its planned deadlines. The status of a `none`
    decision follows the rule set in force on the reassessment date (RuleSet.case_status)."""
    rule_set = rules or benefit_rules.rules_for(today)
    reassessment = rule_set.reassessment_date(absences, employment) if absences else None
    follow_ups = [due for kind, due, status in planned if kind == DeadlineKind.FOLLOW_UP
                  and status != DeadlineStatus.MET]
    pending = [due for _kind, due, status in planned if status != DeadlineStatus.MET]
    return {
        "reassessment_date": reassessment,
        "status": rule_set.case_status(today, reassessment, decisions, closed_on),
        "next_follow_up_due": min(follow_ups) if follow_ups else None,
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
        rules=case.rules_on(today),
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
