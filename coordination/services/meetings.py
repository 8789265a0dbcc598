"""Roundtable meetings and follow-up conversations: booking, rescheduling, holding, cancelling.

DOMAIN.md, Roundtable meetings and Follow-up conversations. The double-booking rule (no
participant in two overlapping meetings that are not cancelled) must hold when two bookings
arrive at once, so every write that places people in time first locks those people's user
rows (SELECT ... FOR UPDATE, in primary-key order so two bookings never wait on each other
in a circle) and only then looks for a clash, inside the same transaction.
"""
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.dates import human_datetime
from coordination.models import (
    Attendance,
    Case,
    Meeting,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
)
from coordination.models.meetings import CASE_MEETING_KINDS
from coordination.services.clock import case_recompute
from coordination.signals import meeting_booked
from ibbis.errors import DomainConflict


class MeetingConflict(DomainConflict):
    """A well-formed request that clashes with the current state (API: 409 with `code`)."""


@dataclass(frozen=True)
class Invitee:
    role: str
    user: object


def meeting_invitees(*, case: Case, kind: str) -> list[Invitee]:
    """The case's service user, care manager and employment consultant; a follow-up
    conversation is the jobcentre's, so it has no care manager (API.md, Roundtable meetings)."""
    invitees = [Invitee("service_user", case.service_user)]
    if kind == MeetingKind.ROUNDTABLE:
        invitees.append(Invitee("care_manager", case.care_manager))
    invitees.append(Invitee("employment_consultant", case.employment_consultant))
    return invitees


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def _check_times(*, starts_at, ends_at, status, now, times_changed=True):
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The meeting must end after it starts.")]
    if times_changed and status == MeetingStatus.SCHEDULED and starts_at < now:
        errors["starts_at"] = [
            _("A meeting cannot be booked in the past unless it is recorded as held.")
        ]
    if status == MeetingStatus.HELD and starts_at > now:
        errors["status"] = [_("A meeting cannot be recorded as held before it has started.")]
    if errors:
        raise ValidationError(errors)


def _lock_people(user_ids) -> None:
    """Serialise bookings of the same people. On SQLite the whole database is locked by the
    writing transaction instead, and `select_for_update` is a no-op."""
    user_model = get_user_model()
    list(
        user_model.objects.select_for_update()
        .filter(pk__in=list(user_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _refuse_double_booking(*, user_ids, starts_at, ends_at, actor, exclude_meeting=None) -> None:
    clashes = MeetingParticipant.objects.filter(
        user_id__in=list(user_ids),
        cancelled=False,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).select_related("user")
    if exclude_meeting is not None:
        clashes = clashes.exclude(meeting=exclude_meeting)
    clash = clashes.order_by("starts_at", "user__last_name").first()
    if clash is None:
        return
    # The person is one of the caller's own case; the other meeting may not be the caller's
    # to see (API.md: a `double_booked` 409 names no time, place or case of a meeting the
    # caller cannot see). Its times are named only when the caller sees that meeting.
    if actor is not None and Meeting.objects.for_user(actor).filter(pk=clash.meeting_id).exists():
        wording = _("%(name)s is already booked in another meeting from %(start)s to %(end)s.")
        end = _local(clash.ends_at).strftime("%H:%M")
        message = wording % {
            "name": clash.user.display_name,
            "start": _local(clash.starts_at).strftime("%Y-%m-%d %H:%M"), "end": end,
        }
        people_message = wording % {
            "name": clash.user.display_name, "start": human_datetime(clash.starts_at),
            "end": end,
        }
    else:
        message = people_message = _(
            "%(name)s is already booked in another meeting at that time.") % {
            "name": clash.user.display_name,
        }
    raise MeetingConflict("double_booked", message, people_message=people_message)


def _queue_invitations(meeting: Meeting) -> None:
    """The invitations go into the outbox in this transaction: saved together or not at all."""
    from coordination.tasks.meetings import invitations_enqueue

    invitations_enqueue(meeting)


@transaction.atomic
def meeting_schedule(
    *,
    case: Case,
    organizer,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    agenda: str = "",
    status: str = MeetingStatus.SCHEDULED,
    now: datetime | None = None,
    minutes: str = "",
    attendance: str = Attendance.UNKNOWN,
    invite: bool = True,
) -> Meeting:
    """Book a meeting (or document a past one with `status="held"`, with its minutes and
    everyone's attendance if known) and invite the case's people. Refuses a clash with
    `double_booked`. `invite=False` books without mailing, the first version counted as
    sent (the demo data, whose addresses are made up)."""
    now = now or timezone.now()
    if status not in (MeetingStatus.SCHEDULED, MeetingStatus.HELD):
        raise ValidationError({"status": [_("A new meeting is either scheduled or held.")]})
    if status != MeetingStatus.HELD and (minutes or attendance != Attendance.UNKNOWN):
        field = "minutes" if minutes else "attendance"
        raise ValidationError({field: [_("This is recorded when the meeting is held.")]})
    if kind not in CASE_MEETING_KINDS:  # a supervision belongs to no case (issue 21)
        raise ValidationError({"kind": [_("A case's meeting is a roundtable or a follow-up.")]})
    _check_times(starts_at=starts_at, ends_at=ends_at, status=status, now=now)
    invitees = meeting_invitees(case=case, kind=kind)
    user_ids = [invitee.user.pk for invitee in invitees]
    _lock_people(user_ids)
    _refuse_double_booking(
        user_ids=user_ids, starts_at=starts_at, ends_at=ends_at, actor=organizer
    )
    meeting = meeting_write(
        case=case,
        organizer=organizer,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        agenda=agenda,
        status=status,
        minutes=minutes,
        attendance=attendance,
        invitees=invitees,
        mailed_sequence=None if invite else 0,
    )
    # Each meeting keeps its own copy of the trust-building checklist (DOMAIN.md): trust
    # makes it on this signal, in this transaction.
    meeting_booked.send(sender=Meeting, meeting=meeting)
    if status == MeetingStatus.HELD:
        # A documented meeting may count as a follow-up conversation (DOMAIN.md).
        case_recompute(case=case)
    elif invite:
        _queue_invitations(meeting)
    return meeting


def meeting_write(
    *,
    case: Case,
    organizer,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    agenda: str = "",
    status: str = MeetingStatus.SCHEDULED,
    minutes: str = "",
    attendance: str = Attendance.UNKNOWN,
    invitees: list[Invitee] | None = None,
    mailed_sequence: int | None = None,
) -> Meeting:
    """The one place a meeting's row and its participants' rows are built: as given, with
    no booking rule, checklist, invitation or recompute. `meeting_schedule` calls it after
    its checks; the tests' `make_meeting` calls it for meetings in a state the rules would
    refuse (a clash, a past booking). The demo's bulk path (ibbis/demo/bulk.py) writes the
    same rows as plain tuples; tests/demo/test_bulk.py compares the two field by field."""
    if invitees is None:
        invitees = meeting_invitees(case=case, kind=kind)
    meeting = Meeting.objects.create(
        case=case,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        agenda=agenda,
        status=status,
        minutes=minutes,
        organizer=organizer,
        mailed_sequence=mailed_sequence,
    )
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(
            meeting=meeting,
            user=invitee.user,
            role=invitee.role,
            starts_at=starts_at,
            ends_at=ends_at,
            attendance=attendance,
            cancelled=status == MeetingStatus.CANCELLED,
        )
        for invitee in invitees
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    location: str | None = None,
    agenda: str | None = None,
    status: str | None = None,
    minutes: str | None = None,
    attendance: dict | None = None,
    actor=None,
    now: datetime | None = None,
) -> Meeting:
    """Reschedule, cancel or record a meeting as held, with the booking rules of
    `meeting_schedule`. Every change a calendar shows (time, place, agenda, cancellation)
    raises SEQUENCE and mails the participants an update (RFC 5545). `actor` is who asks:
    a clash names the other meeting's times only when they may see it (none without one)."""
    now = now or timezone.now()
    # of=("self",): a supervision has no case, so the join is outer (PostgreSQL refuses to
    # lock its nullable side).
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("case").get(pk=meeting.pk)
    )
    was = meeting.status
    if was == MeetingStatus.CANCELLED:
        raise MeetingConflict("meeting_cancelled", _("This meeting has been cancelled."))
    new_status = status or was
    if was == MeetingStatus.HELD and new_status != MeetingStatus.HELD:
        raise MeetingConflict(
            "meeting_held",
            _("A held meeting cannot be scheduled again or cancelled."),
        )
    wanted = {"starts_at": starts_at, "ends_at": ends_at, "location": location, "agenda": agenda}
    changed = {
        field: value
        for field, value in wanted.items()
        if value is not None and value != getattr(meeting, field)
    }
    times_changed = "starts_at" in changed or "ends_at" in changed
    if changed and was == MeetingStatus.HELD:
        raise MeetingConflict(
            "meeting_held",
            _("A held meeting cannot be rescheduled; its minutes can still be edited."),
        )
    new_starts = changed.get("starts_at", meeting.starts_at)
    new_ends = changed.get("ends_at", meeting.ends_at)
    _check_times(
        starts_at=new_starts,
        ends_at=new_ends,
        status=new_status,
        now=now,
        times_changed=times_changed,
    )
    if new_status != MeetingStatus.HELD and (attendance or minutes):
        field = "attendance" if attendance else "minutes"
        raise ValidationError({field: [_("This is recorded when the meeting is held.")]})
    participants = {str(p.user_id): p for p in meeting.participants.all()}
    if attendance:
        unknown = [key for key in attendance if str(key) not in participants]
        if unknown:
            raise ValidationError(
                {"attendance": [_("Not a participant of this meeting: %s") % ", ".join(
                    str(key) for key in unknown)]}
            )

    if times_changed and new_status != MeetingStatus.CANCELLED:
        _lock_people(participants.keys())
        _refuse_double_booking(
            user_ids=participants.keys(),
            starts_at=new_starts,
            ends_at=new_ends,
            actor=actor,
            exclude_meeting=meeting,
        )
        meeting.participants.update(starts_at=new_starts, ends_at=new_ends)

    for field, value in changed.items():
        setattr(meeting, field, value)
    cancelled_now = new_status == MeetingStatus.CANCELLED and was != MeetingStatus.CANCELLED
    if changed or cancelled_now:
        meeting.sequence += 1
    if cancelled_now:
        meeting.participants.update(cancelled=True)
    meeting.status = new_status
    if minutes is not None and minutes != meeting.minutes:
        meeting.minutes = minutes
        # A new version: a response to the old one no longer counts (issue 18, minutes).
        meeting.minutes_version += 1
    meeting.save()

    attendance_changed = False
    for key, value in (attendance or {}).items():
        participant = participants[str(key)]
        if participant.attendance != value:
            participant.attendance = value
            participant.save(update_fields=["attendance"])
            attendance_changed = True
    if new_status == MeetingStatus.HELD and (was != MeetingStatus.HELD or attendance_changed):
        # The follow-up deadline moves with a held conversation (DOMAIN.md, Follow-up).
        case_recompute(case=meeting.case)
    if changed or cancelled_now:
        _queue_invitations(meeting)
        # A companion's access ends with a cancelled meeting, moves with a moved one (18).
        from coordination.services.companions import companions_follow_meeting

        companions_follow_meeting(meeting)
    return meeting
